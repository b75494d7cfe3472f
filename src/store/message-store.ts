// The storage engine (Java's DefaultMessageStore), usable on its own: a commit log of segments, a
// consume queue per topic and queue, index files, a checkpoint, recovery, flushing and retention.
// It knows nothing of sockets; the broker hands it decoded messages and sends what it reads.

import path from 'node:path';
import { getLogger } from '../common/logger.js';
import { consumeQueueFileSize, type MessageStoreConfig, storePathCommitLog } from '../common/config/message-store-config.js';
import { isValidTopicName, MessageConst, SystemTopic } from '../common/message/message-const.js';
import { getProperty, putProperty } from '../common/message/properties.js';
import { bodyCrc, recordLength } from '../common/message/record-codec.js';
import { encodeSocketAddress } from '../common/message/socket-address.js';
import { javaDoubleText } from '../common/java-double.js';
import { MessageSysFlag, transactionType } from '../common/message/sysflag.js';
import { StoreCheckpoint } from './checkpoint.js';
import { CleanService } from './clean-service.js';
import { type DiskUsageProbe, statfsDiskUsage, systemClock } from './clock.js';
import { CommitLogFlusher } from './commit-log-flush.js';
import { CommitLog, type EncodedFields } from './commit-log.js';
import { ConsumeQueueTable } from './consume-queue-table.js';
import { parseDelayLevels } from './delay-levels.js';
import { Dispatcher } from './dispatch.js';
import { StoreClosedError } from './errors.js';
import { closeFile, exists, isNoSpace, mkdirp, OPEN_RW_CREATE, openFile, unlinkFile } from './file-io.js';
import type { ConsumeQueue } from './consume-queue.js';
import { FilePool } from './file-pool.js';
import { IndexService } from './index-service.js';
import { StoreLock } from './lock-file.js';
import { type MessageStoreOptions, MessageStoreReads } from './message-store-reads.js';
import { type PutMessageHook, type PutMessageInput, PutMessageResult } from './put-result.js';
import { recover, type RecoveryReport } from './recovery.js';
import { ReplicaDispatch, type ReplicationWaiter, type ReplicaWait } from './replication.js';
import { PutMessageStatus } from './status.js';
import type { RecordBatch } from './write-batch.js';

export type { MessageStoreOptions, QueryMessageResult } from './message-store-reads.js';

const log = getLogger('store');
const SHORT_MAX = 32767;
/** Room the encoder keeps beyond maxMessageSize for headers, topic and properties (Java: 64 KiB). */
const RECORD_OVERHEAD = 64 * 1024;

export class MessageStore extends MessageStoreReads {
  private readonly rootDir: string;
  private readonly commitLogDir: string;
  private readonly logicsDir: string;
  private readonly pool: FilePool;
  private readonly flusher: CommitLogFlusher;
  private readonly checkpoint: StoreCheckpoint;
  private readonly clean: CleanService;
  private readonly lock: StoreLock;
  private readonly delayLevels: number[];
  private readonly maxUnwrittenBytes: number;
  private readonly diskUsage: DiskUsageProbe;
  private readonly writeBehindDelayMs: number;
  private readonly topicBytesCache = new Map<string, Buffer | null>();
  private readonly scratch: EncodedFields;
  private timers: NodeJS.Timeout[] = [];
  private writeBehindTimer: NodeJS.Timeout | null = null;
  private writeBehindRunning: Promise<void> | null = null;
  private lastCqThorough = 0;
  /** A dispatch threw: records from dispatcher.dispatchedOffset on are not in the queues. */
  private dispatchFailed = false;
  private replicaWaiter: ReplicationWaiter | null = null;
  /** Whether puts may wait for something after their write: 0 no, 1 a SYNC_FLUSH, 2 a SYNC_MASTER slave, 3 both. */
  private waitModes = 0;
  private readonly replicaDispatch: ReplicaDispatch;
  private replicaAppending: Promise<unknown> = Promise.resolve();
  private writtenListener: (() => void) | null = null;
  private putHook: PutMessageHook | null = null;
  /** What the last open() found and did. */
  recovery: RecoveryReport | null = null;

  constructor(cfg: MessageStoreConfig, opts: MessageStoreOptions = {}) {
    const clock = opts.clock ?? systemClock;
    const pool = new FilePool(opts.maxOpenFiles ?? 1024);
    const maxRecordSize = cfg.maxMessageSize + RECORD_OVERHEAD;
    const commitLog = new CommitLog({
      dir: storePathCommitLog(cfg),
      fileSize: cfg.mappedFileSizeCommitLog,
      maxRecordSize,
      batchBytes: opts.writeBatchBytes ?? 4 * 1024 * 1024,
      recentWindowBytes: opts.recentWindowBytes ?? 32 * 1024 * 1024,
      writeFault: opts.commitLogWriteFault,
    });
    const cqs = new ConsumeQueueTable(path.join(cfg.storePathRootDir, 'consumequeue'), consumeQueueFileSize(cfg), pool);
    const index = new IndexService(
      path.join(cfg.storePathRootDir, 'index'),
      cfg.maxHashSlotNum,
      cfg.maxIndexNum,
      cfg.maxMsgsNumBatch,
      pool,
      clock,
    );
    const delayLevels = parseDelayLevels(cfg.messageDelayLevel);
    const dispatcher = new Dispatcher(cqs, index, cfg.messageIndexEnable, delayLevels);
    const sh = opts.storeHost ?? { host: '127.0.0.1', port: 10911 };
    super({
      cfg,
      clock,
      commitLog,
      cqs,
      index,
      dispatcher,
      maxRecordSize,
      storeHost: Buffer.isBuffer(sh) ? sh : encodeSocketAddress(sh.host, sh.port),
    });
    this.pool = pool;
    this.delayLevels = delayLevels;
    this.rootDir = cfg.storePathRootDir;
    this.commitLogDir = storePathCommitLog(cfg);
    this.logicsDir = path.join(cfg.storePathRootDir, 'consumequeue');
    this.maxUnwrittenBytes = opts.maxUnwrittenBytes ?? 256 * 1024 * 1024;
    this.diskUsage = opts.diskUsage ?? statfsDiskUsage;
    this.writeBehindDelayMs = opts.writeBehindDelayMs ?? 10;
    this.commitLog.latencySink = this.stats;
    this.flusher = new CommitLogFlusher(this.commitLog, {
      sync: cfg.flushDiskType === 'SYNC_FLUSH',
      flushIntervalCommitLog: cfg.flushIntervalCommitLog,
      flushCommitLogLeastPages: cfg.flushCommitLogLeastPages,
      flushCommitLogThoroughInterval: cfg.flushCommitLogThoroughInterval,
      flushCommitLogTimed: cfg.flushCommitLogTimed,
      syncFlushTimeout: cfg.syncFlushTimeout,
    }, () => this.clock.now());
    this.checkpoint = new StoreCheckpoint(path.join(this.rootDir, 'checkpoint'));
    this.index.onSealed = (ts) => {
      this.checkpoint.indexMsgTimestamp = ts;
      void this.checkpoint.flush().catch((err) => log.warn('cannot write the checkpoint', { err }));
    };
    this.dispatcher.listener = opts.messageArrivingListener ?? null;
    this.lock = new StoreLock(path.join(this.rootDir, 'lock'));
    this.clean = new CleanService({
      cfg,
      clock: this.clock,
      diskUsage: this.diskUsage,
      commitLog: this.commitLog,
      cqs: this.cqs,
      index: this.index,
      flags: this.flags,
      commitLogPath: this.commitLogDir,
      logicsPath: this.logicsDir,
      settledOffset: () => Math.min(this.commitLog.writtenOffset, this.dispatcher.dispatchedOffset),
      warningRatio: opts.diskSpaceWarningLevelRatio ?? 0.9,
      forciblyRatio: opts.diskSpaceCleanForciblyRatio ?? 0.85,
    });
    this.commitLog.onWritten = (b, from, to) => this.afterWrite(b, from, to);
    this.commitLog.onNoSpace = (err, dropped) => this.noSpace(err, dropped);
    this.flusher.replicate = (p) => this.replicate(p);
    this.replicaDispatch = new ReplicaDispatch(this.commitLog, this.dispatcher, this.cqs, this.stats);
    this.waitModes = cfg.flushDiskType === 'SYNC_FLUSH' ? 1 : 0;
    this.scratch = {
      msg: null as unknown as PutMessageInput,
      topicBytes: Buffer.alloc(0),
      props: '',
      propsLen: 0,
      sysFlag: 0,
      storeHost: this.storeHost,
      bodyCRC: 0,
      size: 0,
    };
  }

  private get abortFile(): string {
    return path.join(this.rootDir, 'abort');
  }

  // ---- lifecycle ----

  /** Loads and recovers the store directory, then starts flushing and retention. */
  async open(): Promise<void> {
    if (this.state !== 'new') throw new StoreClosedError(`store already ${this.state}`);
    this.state = 'opening';
    try {
      await mkdirp(this.rootDir);
      await mkdirp(this.commitLogDir);
      await mkdirp(this.logicsDir);
      await this.lock.acquire();
      const lastExitOK = !(await exists(this.abortFile));
      log.info(`last shutdown ${lastExitOK ? 'normally' : 'abnormally'}`, { root: this.rootDir });
      await this.commitLog.segments.load();
      await this.cqs.load();
      await this.checkpoint.open();
      await this.index.load();
      this.recovery = await recover({
        commitLog: this.commitLog,
        cqs: this.cqs,
        index: this.index,
        indexEnable: this.cfg.messageIndexEnable,
        indexSafe: this.cfg.messageIndexSafe,
        checkpoint: this.checkpoint,
        dispatcher: this.dispatcher,
        checkCRC: this.cfg.checkCRCOnRecover,
        maxRecordSize: this.maxRecordSize,
      }, lastExitOK);
      const end = this.commitLog.maxOffset;
      const last = this.commitLog.segments.find(end) ?? this.commitLog.segments.last;
      await last?.sync();
      this.flusher.flushedOffset = end;
      const fd = await openFile(this.abortFile, OPEN_RW_CREATE);
      await closeFile(fd);
      this.flusher.start();
      this.stats.start();
      this.lastCqThorough = this.clock.now();
      const t = setInterval(
        () => void this.flushLogics().catch((err) => log.warn('consume-queue flush failed', { err })),
        Math.max(1, this.cfg.flushIntervalConsumeQueue),
      );
      t.unref?.();
      this.timers.push(t);
      this.clean.start();
      await this.clean.checkSpaceFull();
      this.state = 'open';
    } catch (err) {
      this.state = 'closed';
      await this.lock.release();
      throw err;
    }
  }

  /** Flushes everything, writes the checkpoint, removes the abort file and releases the lock. */
  async close(): Promise<void> {
    if (this.state !== 'open') return;
    this.state = 'closing';
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    if (this.writeBehindTimer) clearTimeout(this.writeBehindTimer);
    this.writeBehindTimer = null;
    this.stats.stop();
    await this.clean.stop();
    await this.commitLog.whenWritten();
    await this.flusher.shutdown();
    await this.writeBehindRunning;
    await this.cqs.flush(0);
    await this.index.close();
    this.checkpoint.physicMsgTimestamp = Math.max(this.checkpoint.physicMsgTimestamp, this.flusher.flushedTimestamp);
    if (this.dispatcher.lastLogicsTimestamp > 0) this.checkpoint.logicsMsgTimestamp = this.dispatcher.lastLogicsTimestamp;
    await this.checkpoint.close();
    await this.cqs.close();
    await this.commitLog.close();
    await this.pool.closeAll();
    // A slave may hold the start of a record whose rest its master has not sent: recovery cuts it.
    if (this.flags.isWriteable && !this.commitLog.failure && this.dispatchBehindBytes() === this.replicaDispatch.pendingBytes) {
      await unlinkFile(this.abortFile);
    } else log.warn('the store may be wrong, so shutdown abnormally, and keep abort file.');
    await this.lock.release();
    this.state = 'closed';
  }

  // ---- puts ----

  private storeStatus(now: number): PutMessageStatus | null {
    if (this.state !== 'open') return PutMessageStatus.SERVICE_NOT_AVAILABLE;
    if (this.cfg.brokerRole === 'SLAVE') return PutMessageStatus.SERVICE_NOT_AVAILABLE;
    if (!this.flags.isWriteable || this.commitLog.failure) return PutMessageStatus.SERVICE_NOT_AVAILABLE;
    if (this.pageCacheBusy(now)) return PutMessageStatus.OS_PAGECACHE_BUSY;
    return null;
  }

  private pageCacheBusy(now: number): boolean {
    const s = this.commitLog.writeStartedAt;
    const held = s > 0 ? now - s : 0;
    return (held > this.cfg.osPageCacheBusyTimeOutMills && held < 10_000_000) || this.commitLog.unwrittenBytes > this.maxUnwrittenBytes;
  }

  /** Puts accepted and not yet answered: the broker's send queue. */
  get putsInFlight(): number {
    return this.stats.putsInFlight;
  }

  /** Whether the write path is stuck (a write in flight too long, or too much waiting for one). */
  isOSPageCacheBusy(): boolean {
    return this.pageCacheBusy(Date.now());
  }

  /** How long the write in flight has taken so far (Java: how long the put lock is held). */
  lockTimeMills(): number {
    const s = this.commitLog.writeStartedAt;
    return s > 0 ? Math.max(0, Date.now() - s) : 0;
  }

  private topicBytes(topic: string): Buffer | null {
    let b = this.topicBytesCache.get(topic);
    if (b === undefined) {
      b = isValidTopicName(topic) ? Buffer.from(topic, 'utf8') : null;
      if (this.topicBytesCache.size > 100_000) this.topicBytesCache.clear();
      this.topicBytesCache.set(topic, b);
    }
    return b;
  }

  private failed(status: PutMessageStatus): Promise<PutMessageResult> {
    this.stats.recordPutLatency(0, false);
    return Promise.resolve(new PutMessageResult(status));
  }

  /**
   * Checks and prepares one record into `out`; returns a failure status or null. With `exact`
   * false the properties may stay unmeasured (see EncodedFields). Moves delayed messages to
   * SCHEDULE_TOPIC_XXXX as Java 4.9.8's CommitLog does.
   */
  private prepare(m: PutMessageInput, out: EncodedFields, allowDelay: boolean, exact: boolean): PutMessageStatus | null {
    let topic = m.topic;
    let props = m.propertiesString ?? '';
    let queueId = m.queueId;
    const level = m.delayTimeLevel ?? 0;
    if (level > 0) {
      const tran = transactionType(m.sysFlag);
      if (tran === MessageSysFlag.TRANSACTION_NOT_TYPE || tran === MessageSysFlag.TRANSACTION_COMMIT_TYPE) {
        // The real topic is checked before it hides in SCHEDULE_TOPIC_XXXX (Java checks the topic a
        // put names): one parked now could never be delivered, and would hold up its delay level.
        if (!allowDelay || !this.topicBytes(topic)) return PutMessageStatus.MESSAGE_ILLEGAL;
        const lv = Math.min(level, this.delayLevels.length);
        props = putProperty(
          putProperty(props, MessageConst.PROPERTY_REAL_TOPIC, topic),
          MessageConst.PROPERTY_REAL_QUEUE_ID,
          String(queueId),
        );
        if (lv !== level) props = putProperty(props, MessageConst.PROPERTY_DELAY_TIME_LEVEL, String(lv));
        topic = SystemTopic.SCHEDULE;
        queueId = lv - 1;
      }
    }
    const topicBytes = this.topicBytes(topic);
    if (!topicBytes) return PutMessageStatus.MESSAGE_ILLEGAL;
    if (m.body.length > this.cfg.maxMessageSize) return PutMessageStatus.MESSAGE_ILLEGAL;
    if (props.length > SHORT_MAX) return PutMessageStatus.PROPERTIES_SIZE_EXCEEDED;
    const storeHost = m.storeHost ?? this.storeHost;
    let sysFlag = m.sysFlag;
    sysFlag = m.bornHost.length === 20 ? sysFlag | MessageSysFlag.BORNHOST_V6_FLAG : sysFlag & ~MessageSysFlag.BORNHOST_V6_FLAG;
    sysFlag = storeHost.length === 20
      ? sysFlag | MessageSysFlag.STOREHOSTADDRESS_V6_FLAG
      : sysFlag & ~MessageSysFlag.STOREHOSTADDRESS_V6_FLAG;
    // Up to 3 UTF-8 bytes per UTF-16 unit: when even that is small enough, measuring can wait.
    let propsLen = -1;
    let size = recordLength(sysFlag, m.body.length, topicBytes.length, props.length * 3);
    if (exact || props.length * 3 > SHORT_MAX || size > this.maxRecordSize || !this.commitLog.fitsSegment(size)) {
      propsLen = props.length === 0 ? 0 : Buffer.byteLength(props, 'utf8');
      if (propsLen > SHORT_MAX) return PutMessageStatus.PROPERTIES_SIZE_EXCEEDED;
      size = recordLength(sysFlag, m.body.length, topicBytes.length, propsLen);
      if (size > this.maxRecordSize || !this.commitLog.fitsSegment(size)) return PutMessageStatus.MESSAGE_ILLEGAL;
    }
    out.msg = topic === m.topic && queueId === m.queueId ? m : { ...m, topic, queueId };
    out.topicBytes = topicBytes;
    out.props = props;
    out.propsLen = propsLen;
    out.sysFlag = sysFlag;
    out.storeHost = storeHost;
    out.bodyCRC = bodyCrc(m.body);
    out.size = size;
    return null;
  }

  /** What a put waits for after its write (bits of waitModes); WAIT=false waits for nothing, as in Java. */
  private waitsFor(m: PutMessageInput, props: string): number {
    if (this.waitModes === 0) return 0;
    if (m.waitStoreMsgOK !== undefined) return m.waitStoreMsgOK ? this.waitModes : 0;
    const w = getProperty(props, MessageConst.PROPERTY_WAIT_STORE_MSG_OK);
    return w === undefined || w.toLowerCase() === 'true' ? this.waitModes : 0;
  }

  /** Queue offsets come from the queue; prepared and rollback messages take 0 and leave the counter. */
  private static takesQueueOffset(sysFlag: number): boolean {
    const tran = transactionType(sysFlag);
    return tran !== MessageSysFlag.TRANSACTION_PREPARED_TYPE && tran !== MessageSysFlag.TRANSACTION_ROLLBACK_TYPE;
  }

  /**
   * Stores one message. The promise settles once its bytes were handed to the OS (ASYNC_FLUSH) or
   * synced to disk (SYNC_FLUSH), or with the reason it was refused.
   */
  putMessage(m: PutMessageInput): Promise<PutMessageResult> {
    const now = Date.now();
    const st = this.storeStatus(now);
    if (st) return this.failed(st);
    if (this.putHook) {
      const h = this.putHook(m);
      if (typeof h === 'string') return this.failed(h);
      if (h) m = h;
    }
    const r = this.scratch;
    const bad = this.prepare(m, r, true, false);
    if (bad) return this.failed(bad);
    const msg = r.msg;
    const cq = this.cqs.findOrCreate(msg.topic, msg.queueId);
    const queueOffset = MessageStore.takesQueueOffset(m.sysFlag) ? cq.nextAssign++ : 0;
    const counter = cq.putCounter ?? (cq.putCounter = this.stats.topicCounter(msg.topic));
    counter.times++;
    counter.size += r.size;
    const storeTs = this.clock === systemClock ? now : this.clock.now();
    const wait = this.waitsFor(m, r.props);
    return this.commitLog.appendOne(r, cq, queueOffset, storeTs, (wait & 1) !== 0, now, (wait & 2) !== 0);
  }

  /**
   * Stores several messages for one topic and queue back to back, with consecutive queue offsets
   * (a SEND_BATCH_MESSAGE). All or nothing; transactional and delayed messages are refused, as Java does.
   */
  putMessages(msgs: PutMessageInput[]): Promise<PutMessageResult> {
    const now = Date.now();
    const st = this.storeStatus(now);
    if (st) return this.failed(st);
    if (msgs.length === 0) return this.failed(PutMessageStatus.MESSAGE_ILLEGAL);
    const { topic, queueId } = msgs[0]!;
    const records: EncodedFields[] = [];
    let bodies = 0;
    let total = 0;
    for (const m of msgs) {
      if (m.topic !== topic || m.queueId !== queueId || transactionType(m.sysFlag) !== MessageSysFlag.TRANSACTION_NOT_TYPE) {
        return this.failed(PutMessageStatus.MESSAGE_ILLEGAL);
      }
      const r = { ...this.scratch };
      const bad = this.prepare(m, r, false, true);
      if (bad) return this.failed(bad);
      bodies += m.body.length;
      total += r.size;
      records.push(r);
    }
    if (bodies > this.cfg.maxMessageSize || !this.commitLog.fitsSegment(total)) return this.failed(PutMessageStatus.MESSAGE_ILLEGAL);
    const cq = this.cqs.findOrCreate(topic, queueId);
    const first = cq.nextAssign;
    cq.nextAssign += msgs.length;
    const counter = cq.putCounter ?? (cq.putCounter = this.stats.topicCounter(topic));
    counter.times += msgs.length;
    counter.size += total;
    const storeTs = this.clock === systemClock ? now : this.clock.now();
    const wait = this.waitsFor(msgs[0]!, records[0]!.props);
    return this.commitLog.appendMany(records, cq, first, storeTs, (wait & 1) !== 0, now, (wait & 2) !== 0);
  }

  /**
   * After each commit-log write: dispatch a slice of its records, then answer their producers.
   * Once a dispatch has thrown, nothing more is dispatched (as Java's reput does not go past a
   * record it cannot dispatch): every later put is answered UNKNOWN_ERROR, since its bytes are
   * stored but no consumer can see them until a restart replays the log.
   */
  private afterWrite(b: RecordBatch, from: number, to: number): void {
    const end = to === b.count ? b.writtenEnd : b.endOf(to - 1);
    if (!this.dispatchFailed) {
      try {
        this.dispatcher.dispatchRange(b, from, to, end);
      } catch (err) {
        this.dispatchFailed = true;
        this.flags.logicsQueueError = true;
        log.error('dispatch failed; the store stops accepting messages, a restart replays the commit log', {
          offset: this.dispatcher.dispatchedOffset,
          err,
        });
      }
    }
    this.scheduleWriteBehind();
    this.clean.noteWritten(end - b.phy[from]!);
    const dispatched = this.dispatchFailed ? Math.min(end, this.dispatcher.dispatchedOffset) : end;
    const now = Date.now();
    const waiters = b.waiters;
    let i = b.waiterCursor;
    while (i < waiters.length && waiters[i]!.end <= dispatched) {
      const w = waiters[i++]!;
      if (w.waitFlush) this.flusher.enqueue(w);
      else if (w.waitReplica) this.replicate(w);
      else w.complete(PutMessageStatus.PUT_OK, now);
    }
    while (i < waiters.length && waiters[i]!.end <= end) waiters[i++]!.complete(PutMessageStatus.UNKNOWN_ERROR, now);
    b.waiterCursor = i;
    this.flusher.afterWrite();
    this.writtenListener?.();
  }

  /**
   * A commit-log write found the disk full and took its records back: their queue offsets go back
   * to their queues (no gap is left), and puts are refused until the disk check sees room again.
   */
  private noSpace(err: Error, dropped: readonly RecordBatch[]): void {
    for (const recs of dropped) {
      for (let i = 0; i < recs.count; i++) {
        if (!MessageStore.takesQueueOffset(recs.sysFlag[i]!)) continue;
        const cq = recs.target[i] as ConsumeQueue;
        if (recs.queueOffset[i]! < cq.nextAssign) cq.nextAssign = recs.queueOffset[i]!;
      }
    }
    this.clean.noSpace(err);
  }

  /**
   * Runs `hook` before every single put (Java's PutMessageHook): it may refuse the message with a
   * status or store another in its place (the broker's timer messages). Batches do not pass it.
   */
  setPutMessageHook(hook: PutMessageHook | null): void {
    this.putHook = hook;
  }

  // ---- replication (the HA layer drives these; see replication.ts) ----

  /**
   * Makes SYNC_MASTER puts wait for `waiter` (null: they answer after their write and flush, as on
   * ASYNC_MASTER). Puts already waiting keep their waiter.
   */
  setReplicationWaiter(waiter: ReplicationWaiter | null): void {
    this.replicaWaiter = waiter;
    this.waitModes = (this.cfg.flushDiskType === 'SYNC_FLUSH' ? 1 : 0) | (waiter && this.cfg.brokerRole === 'SYNC_MASTER' ? 2 : 0);
  }

  private replicate(p: ReplicaWait): void {
    if (this.replicaWaiter) this.replicaWaiter.awaitReplica(p);
    else p.complete(PutMessageStatus.PUT_OK);
  }

  /** Called after commit-log bytes reached the OS (a master's transfer wakes on it); null to stop. */
  setCommitLogWrittenListener(fn: (() => void) | null): void {
    this.writtenListener = fn;
  }

  /** Replicated bytes at the end of the log that start a record whose rest has not arrived (0: the log ends at a record boundary). */
  get replicaPendingBytes(): number {
    return this.replicaDispatch.pendingBytes;
  }

  /** Commit-log offset below which every byte reached the OS: what a master may send. */
  getCommitLogWrittenOffset(): number {
    return this.commitLog.writtenOffset;
  }

  /**
   * Raw commit-log bytes from `offset` for a slave (Java's getCommitLogData): up to `maxBytes`, only
   * bytes that reached the OS, never past the end of their segment. Empty when there is nothing new
   * yet; null when the offset is not stored (deleted, or beyond the end) or the store is closed.
   */
  async getCommitLogData(offset: number, maxBytes: number): Promise<Buffer | null> {
    if (this.state !== 'open') return null;
    return this.commitLog.readWritten(offset, maxBytes);
  }

  /**
   * A slave's append of bytes received from its master (Java's appendToCommitLog): `offset` must be
   * this log's end, or on an empty log the start of a segment. The records in them are dispatched
   * to consume queues and the index, and arrival is announced, as for local puts. False when refused.
   */
  appendToCommitLog(offset: number, data: Buffer): Promise<boolean> {
    const run = this.replicaAppending.then(() => this.appendReplicated(offset, data));
    this.replicaAppending = run.catch(() => undefined);
    return run;
  }

  private async appendReplicated(offset: number, data: Buffer): Promise<boolean> {
    if (this.state !== 'open' || this.commitLog.failure) return false;
    const cl = this.commitLog;
    const fresh = cl.maxOffset === 0;
    if (offset !== cl.maxOffset && !(fresh && offset % cl.fileSize === 0)) {
      log.error('replicated data does not start at the end of the commit log', { offset, maxOffset: cl.maxOffset });
      return false;
    }
    if (fresh && offset > 0) {
      // An empty slave starts where its master's data starts: empty segments elsewhere would be holes.
      await cl.segments.destroyAll();
      this.dispatcher.dispatchedOffset = offset;
    }
    try {
      await cl.appendReplicated(offset, data);
    } catch (err) {
      log.error('cannot append replicated data', { offset, bytes: data.length, err });
      return false;
    }
    this.replicaDispatch.feed(offset, data);
    this.scheduleWriteBehind();
    this.flusher.afterWrite();
    return true;
  }

  private scheduleWriteBehind(): void {
    if (this.writeBehindTimer || this.state === 'closed') return;
    this.writeBehindTimer = setTimeout(() => {
      this.writeBehindTimer = null;
      this.writeBehindRunning = this.writeBehind().finally(() => {
        this.writeBehindRunning = null;
      });
    }, this.writeBehindDelayMs);
  }

  private async writeBehind(): Promise<void> {
    try {
      await this.cqs.writeBehind();
      if (this.cfg.messageIndexEnable) await this.index.writeBehind();
    } catch (err) {
      if (isNoSpace(err)) {
        // The units stay in memory (readable) and are written once there is room again.
        this.clean.noSpace(err as Error);
        this.cqs.markUnwrittenDirty();
        const retry = setTimeout(() => this.scheduleWriteBehind(), 1000);
        retry.unref?.();
        return;
      }
      log.error('consume-queue or index write failed', { err });
      this.flags.logicsQueueError = true;
    }
  }

  /** The consume-queue and index flush (Java's FlushConsumeQueueService), with the checkpoint. */
  private async flushLogics(): Promise<void> {
    let leastPages = this.cfg.flushConsumeQueueLeastPages;
    let logicsTs = 0;
    const now = this.clock.now();
    if (now >= this.lastCqThorough + this.cfg.flushConsumeQueueThoroughInterval) {
      this.lastCqThorough = now;
      leastPages = 0;
      logicsTs = this.dispatcher.lastLogicsTimestamp;
    }
    await this.cqs.flush(leastPages);
    if (this.cfg.messageIndexEnable) await this.index.sync();
    if (leastPages === 0) {
      if (logicsTs > 0) this.checkpoint.logicsMsgTimestamp = logicsTs;
      if (this.flusher.flushedTimestamp > 0) this.checkpoint.physicMsgTimestamp = this.flusher.flushedTimestamp;
      await this.checkpoint.flush();
    }
  }

  /** The commit log's flush progress: bytes on disk, and how many syncs got them there. */
  flushProgress(): { flushedOffset: number; syncs: number } {
    return { flushedOffset: this.flusher.flushedOffset, syncs: this.flusher.syncs };
  }

  /** Bytes stored but not yet synced to disk (Java's flushBehindBytes, remainHowManyDataToFlush). */
  flushBehindBytes(): number {
    return Math.max(0, this.getMaxPhyOffset() - this.flusher.flushedOffset);
  }

  /** Syncs the commit log now; returns the flushed offset. */
  async flush(): Promise<number> {
    await this.commitLog.whenWritten();
    await this.flusher.flush();
    return this.flusher.flushedOffset;
  }

  // ---- maintenance ----

  /** Drops the consume queues of `topics` (their commit-log data ages out normally). */
  async deleteTopics(topics: Iterable<string>): Promise<number> {
    let n = 0;
    for (const t of topics) if (await this.cqs.deleteTopic(t)) n++;
    return n;
  }

  /**
   * Java's cleanUnusedTopic: drops every topic not in `keep`, except the schedule and op-half topics;
   * returns the topics dropped (the broker forgets their statistics).
   */
  async cleanUnusedTopic(keep: ReadonlySet<string>): Promise<string[]> {
    const doomed = this.cqs.topics().filter((t) => !keep.has(t) && t !== SystemTopic.SCHEDULE && t !== SystemTopic.TRANS_OP_HALF);
    await this.deleteTopics(doomed);
    return doomed;
  }

  /** Java's cleanExpiredConsumerQueue: drops queues all of whose messages were deleted. */
  async cleanExpiredConsumerQueue(): Promise<void> {
    const min = this.commitLog.minOffset;
    for (const cq of Array.from(this.cqs.all())) {
      if (cq.topic === SystemTopic.SCHEDULE) continue;
      if (cq.maxPhysicOffset !== -1 && cq.maxPhysicOffset < min) await this.cqs.deleteQueue(cq);
    }
  }

  /** Lets the next retention passes delete expired segments regardless of deleteWhen. */
  executeDeleteFilesManually(): void {
    this.clean.executeDeleteFilesManually();
  }

  /** Runs one retention pass now (tests, admin). */
  runRetention(): Promise<void> {
    return this.clean.run();
  }

  /** Checks disk usage now; true when puts are refused for a full disk. */
  checkDiskSpace(): Promise<boolean> {
    return this.clean.checkSpaceFull();
  }

  /** Runtime figures for GET_BROKER_RUNTIME_INFO, keyed as Java's store reports them. */
  async getRuntimeInfo(): Promise<Map<string, string>> {
    const m = this.stats.runtimeInfo();
    const probe = this.diskUsage;
    const cl = await probe(this.commitLogDir);
    m.set(`commitLogDiskRatio_${this.commitLogDir}`, javaDoubleText(cl));
    m.set('commitLogDiskRatio', javaDoubleText(cl));
    m.set('consumeQueueDiskRatio', javaDoubleText(await probe(this.logicsDir)));
    m.set('commitLogMinOffset', String(this.getMinPhyOffset()));
    m.set('commitLogMaxOffset', String(this.getMaxPhyOffset()));
    m.set('dispatchBehindBytes', String(this.dispatchBehindBytes()));
    m.set('pageCacheLockTimeMills', String(Math.round(this.lockTimeMills())));
    return m;
  }
}
