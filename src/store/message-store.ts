// The storage engine (Java's DefaultMessageStore), usable on its own: a commit log of segments, a
// consume queue per topic and queue, index files, a checkpoint, recovery, flushing and retention.
// It knows nothing of sockets; the broker hands it decoded messages and sends what it reads.

import path from 'node:path';
import { getLogger } from '../common/logger.js';
import { nowMs } from '../common/runtime.js';
import { consumeQueueFileSize, storePathCommitLog, type MessageStoreConfig } from '../common/config/message-store-config.js';
import { MessageConst, SystemTopic, isValidTopicName } from '../common/message/message-const.js';
import { getProperty, putProperty } from '../common/message/properties.js';
import { bodyCrc, decodeMessage, recordLength, storeTimestampPos, RecordPos } from '../common/message/record-codec.js';
import { readInt32BE, readInt64BE } from '../common/message/int64.js';
import { createMessageId } from '../common/message/message-id.js';
import { encodeSocketAddress } from '../common/message/socket-address.js';
import { MessageSysFlag, transactionType } from '../common/message/sysflag.js';
import type { MessageExt } from '../common/message/message-ext.js';
import { StoreCheckpoint } from './checkpoint.js';
import { CleanService } from './clean-service.js';
import { statfsDiskUsage, systemClock, type DiskUsageProbe, type StoreClock } from './clock.js';
import { CommitLogFlusher } from './commit-log-flush.js';
import { CommitLog, type EncodedFields } from './commit-log.js';
import { ConsumeQueueTable } from './consume-queue-table.js';
import type { ConsumeQueue } from './consume-queue.js';
import { parseDelayLevels } from './delay-levels.js';
import { Dispatcher, type MessageArrivingListener } from './dispatch.js';
import { StoreClosedError } from './errors.js';
import { exists, mkdirp, openFile, closeFile, OPEN_RW_CREATE, unlinkFile } from './file-io.js';
import { FilePool } from './file-pool.js';
import { GetMessageResult, isInDisk, readQueueMessages, type MessageFilter } from './get-message.js';
import { IndexService } from './index-service.js';
import { StoreLock } from './lock-file.js';
import { PutMessageResult, type PutMessageInput } from './put-result.js';
import { recover, type RecoveryReport } from './recovery.js';
import { RunningFlags } from './running-flags.js';
import { GetMessageStatus, PutMessageStatus } from './status.js';
import { StoreStats } from './store-stats.js';
import type { RecordBatch } from './write-batch.js';

const log = getLogger('store');
const SHORT_MAX = 32767;
/** Room the encoder keeps beyond maxMessageSize for headers, topic and properties (Java: 64 KiB). */
const RECORD_OVERHEAD = 64 * 1024;

export interface MessageStoreOptions {
  /** This broker's address for stored records and message ids: brokerIP1 and listenPort. */
  storeHost?: Buffer | { host: string; port: number };
  clock?: StoreClock;
  /** Disk-usage probe (fraction 0..1); tests inject a fake one. */
  diskUsage?: DiskUsageProbe;
  messageArrivingListener?: MessageArrivingListener;
  /** Capacity of one commit-log write batch (default 4 MiB). */
  writeBatchBytes?: number;
  /** Written commit-log bytes kept in memory for reads (default 32 MiB). */
  recentWindowBytes?: number;
  /** Encoded-but-unwritten bytes beyond which puts get OS_PAGECACHE_BUSY (default 256 MiB). */
  maxUnwrittenBytes?: number;
  /** How long new consume-queue units and index entries may wait in memory before their write (default 10 ms). */
  writeBehindDelayMs?: number;
  /** Open consume-queue and index files kept at most (default 1024). */
  maxOpenFiles?: number;
  /** Java's -Drocketmq.broker.diskSpaceWarningLevelRatio (default 0.90): above it puts are refused. */
  diskSpaceWarningLevelRatio?: number;
  /** Java's -Drocketmq.broker.diskSpaceCleanForciblyRatio (default 0.85): above it segments go early. */
  diskSpaceCleanForciblyRatio?: number;
}

export interface QueryMessageResult {
  /** Each message as stored; a QUERY_MESSAGE body is their concatenation. */
  messageBuffers: Buffer[];
  bufferTotalSize: number;
  indexLastUpdateTimestamp: number;
  indexLastUpdatePhyoffset: number;
}

export class MessageStore {
  readonly cfg: MessageStoreConfig;
  readonly clock: StoreClock;
  readonly flags = new RunningFlags();
  readonly stats: StoreStats;
  private readonly rootDir: string;
  private readonly commitLogDir: string;
  private readonly logicsDir: string;
  private readonly storeHost: Buffer;
  private readonly pool: FilePool;
  private readonly commitLog: CommitLog;
  private readonly flusher: CommitLogFlusher;
  private readonly cqs: ConsumeQueueTable;
  private readonly index: IndexService;
  private readonly checkpoint: StoreCheckpoint;
  private readonly dispatcher: Dispatcher;
  private readonly clean: CleanService;
  private readonly lock: StoreLock;
  private readonly delayLevels: number[];
  private readonly maxRecordSize: number;
  private readonly maxUnwrittenBytes: number;
  private readonly diskUsage: DiskUsageProbe;
  private readonly writeBehindDelayMs: number;
  private readonly topicBytesCache = new Map<string, Buffer | null>();
  private readonly scratch: EncodedFields;
  private state: 'new' | 'opening' | 'open' | 'closing' | 'closed' = 'new';
  private timers: NodeJS.Timeout[] = [];
  private writeBehindTimer: NodeJS.Timeout | null = null;
  private writeBehindRunning: Promise<void> | null = null;
  private lastCqThorough = 0;
  /** What the last open() found and did. */
  recovery: RecoveryReport | null = null;

  constructor(cfg: MessageStoreConfig, opts: MessageStoreOptions = {}) {
    this.cfg = cfg;
    this.clock = opts.clock ?? systemClock;
    this.stats = new StoreStats(() => this.clock.now());
    this.rootDir = cfg.storePathRootDir;
    this.commitLogDir = storePathCommitLog(cfg);
    this.logicsDir = path.join(cfg.storePathRootDir, 'consumequeue');
    const sh = opts.storeHost ?? { host: '127.0.0.1', port: 10911 };
    this.storeHost = Buffer.isBuffer(sh) ? sh : encodeSocketAddress(sh.host, sh.port);
    this.delayLevels = parseDelayLevels(cfg.messageDelayLevel);
    this.maxRecordSize = cfg.maxMessageSize + RECORD_OVERHEAD;
    this.maxUnwrittenBytes = opts.maxUnwrittenBytes ?? 256 * 1024 * 1024;
    this.diskUsage = opts.diskUsage ?? statfsDiskUsage;
    this.writeBehindDelayMs = opts.writeBehindDelayMs ?? 10;
    this.pool = new FilePool(opts.maxOpenFiles ?? 1024);
    this.commitLog = new CommitLog({
      dir: this.commitLogDir,
      fileSize: cfg.mappedFileSizeCommitLog,
      maxRecordSize: this.maxRecordSize,
      batchBytes: opts.writeBatchBytes ?? 4 * 1024 * 1024,
      recentWindowBytes: opts.recentWindowBytes ?? 32 * 1024 * 1024,
    });
    this.commitLog.latencySink = this.stats;
    this.flusher = new CommitLogFlusher(this.commitLog, {
      sync: cfg.flushDiskType === 'SYNC_FLUSH',
      flushIntervalCommitLog: cfg.flushIntervalCommitLog,
      flushCommitLogLeastPages: cfg.flushCommitLogLeastPages,
      flushCommitLogThoroughInterval: cfg.flushCommitLogThoroughInterval,
      flushCommitLogTimed: cfg.flushCommitLogTimed,
      syncFlushTimeout: cfg.syncFlushTimeout,
    }, () => this.clock.now());
    this.cqs = new ConsumeQueueTable(this.logicsDir, consumeQueueFileSize(cfg), this.pool);
    this.index = new IndexService(path.join(this.rootDir, 'index'), cfg.maxHashSlotNum, cfg.maxIndexNum, cfg.maxMsgsNumBatch, this.pool, this.clock);
    this.checkpoint = new StoreCheckpoint(path.join(this.rootDir, 'checkpoint'));
    this.index.onSealed = (ts) => {
      this.checkpoint.indexMsgTimestamp = ts;
      void this.checkpoint.flush().catch((err) => log.warn('cannot write the checkpoint', { err }));
    };
    this.dispatcher = new Dispatcher(this.cqs, this.index, cfg.messageIndexEnable, this.delayLevels);
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
    this.scratch = { msg: null as unknown as PutMessageInput, topicBytes: Buffer.alloc(0), props: '', propsLen: 0, sysFlag: 0, storeHost: this.storeHost, bodyCRC: 0, size: 0 };
  }

  private get abortFile(): string {
    return path.join(this.rootDir, 'abort');
  }

  get isOpen(): boolean {
    return this.state === 'open';
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
      const t = setInterval(() => void this.flushLogics().catch((err) => log.warn('consume-queue flush failed', { err })), Math.max(1, this.cfg.flushIntervalConsumeQueue));
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
    if (this.flags.isWriteable && !this.commitLog.failure && this.dispatchBehindBytes() === 0) await unlinkFile(this.abortFile);
    else log.warn('the store may be wrong, so shutdown abnormally, and keep abort file.');
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
        if (!allowDelay) return PutMessageStatus.MESSAGE_ILLEGAL;
        const lv = Math.min(level, this.delayLevels.length);
        props = putProperty(putProperty(props, MessageConst.PROPERTY_REAL_TOPIC, topic), MessageConst.PROPERTY_REAL_QUEUE_ID, String(queueId));
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
    sysFlag = storeHost.length === 20 ? sysFlag | MessageSysFlag.STOREHOSTADDRESS_V6_FLAG : sysFlag & ~MessageSysFlag.STOREHOSTADDRESS_V6_FLAG;
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

  private waitsForFlush(m: PutMessageInput, props: string): boolean {
    if (this.cfg.flushDiskType !== 'SYNC_FLUSH') return false;
    if (m.waitStoreMsgOK !== undefined) return m.waitStoreMsgOK;
    const w = getProperty(props, MessageConst.PROPERTY_WAIT_STORE_MSG_OK);
    return w === undefined || w.toLowerCase() === 'true';
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
    return this.commitLog.appendOne(r, cq, queueOffset, storeTs, this.waitsForFlush(m, r.props), now);
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
      if (m.topic !== topic || m.queueId !== queueId || transactionType(m.sysFlag) !== MessageSysFlag.TRANSACTION_NOT_TYPE) return this.failed(PutMessageStatus.MESSAGE_ILLEGAL);
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
    return this.commitLog.appendMany(records, cq, first, storeTs, this.waitsForFlush(msgs[0]!, records[0]!.props), now);
  }

  /** After each commit-log write: dispatch a slice of its records, then answer their producers. */
  private afterWrite(b: RecordBatch, from: number, to: number): void {
    const end = to === b.count ? b.writtenEnd : b.endOf(to - 1);
    this.dispatcher.dispatchRange(b, from, to, end);
    this.scheduleWriteBehind();
    const now = Date.now();
    const waiters = b.waiters;
    let i = b.waiterCursor;
    while (i < waiters.length && waiters[i]!.end <= end) {
      const w = waiters[i++]!;
      if (w.waitFlush) this.flusher.enqueue(w);
      else w.complete(PutMessageStatus.PUT_OK, now);
    }
    b.waiterCursor = i;
    this.flusher.afterWrite();
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

  /** Syncs the commit log now; returns the flushed offset. */
  async flush(): Promise<number> {
    await this.commitLog.whenWritten();
    await this.flusher.flush();
    return this.flusher.flushedOffset;
  }

  // ---- reads ----

  private nextOffsetCorrection(oldOffset: number, newOffset: number): number {
    return this.cfg.brokerRole !== 'SLAVE' || this.cfg.offsetCheckInSlave ? newOffset : oldOffset;
  }

  /**
   * Up to `maxMsgNums` messages of a queue from `offset` (Java's getMessage). Null when the store is
   * closed or not readable.
   */
  async getMessage(group: string, topic: string, queueId: number, offset: number, maxMsgNums: number, maxTotalBytes?: number, filter?: MessageFilter | null): Promise<GetMessageResult | null> {
    if (this.state !== 'open' || !this.flags.isReadable) return null;
    const t0 = nowMs();
    const r = new GetMessageResult();
    r.nextBeginOffset = offset;
    const cq = this.cqs.find(topic, queueId);
    if (!cq) {
      r.status = GetMessageStatus.NO_MESSAGE_IN_QUEUE;
      r.nextBeginOffset = this.nextOffsetCorrection(offset, 0);
    } else {
      r.minOffset = cq.minOffsetInQueue;
      r.maxOffset = cq.maxOffsetInQueue;
      if (r.maxOffset === 0) {
        r.status = GetMessageStatus.NO_MESSAGE_IN_QUEUE;
        r.nextBeginOffset = this.nextOffsetCorrection(offset, 0);
      } else if (offset < r.minOffset) {
        r.status = GetMessageStatus.OFFSET_TOO_SMALL;
        r.nextBeginOffset = this.nextOffsetCorrection(offset, r.minOffset);
      } else if (offset === r.maxOffset) {
        r.status = GetMessageStatus.OFFSET_OVERFLOW_ONE;
        r.nextBeginOffset = this.nextOffsetCorrection(offset, offset);
      } else if (offset > r.maxOffset) {
        r.status = GetMessageStatus.OFFSET_OVERFLOW_BADLY;
        r.nextBeginOffset = this.nextOffsetCorrection(offset, r.maxOffset);
      } else {
        await readQueueMessages({ cfg: this.cfg, commitLog: this.commitLog, maxRecordSize: this.maxRecordSize }, cq, offset, maxMsgNums, maxTotalBytes ?? Number.MAX_SAFE_INTEGER, filter ?? null, r);
        if (r.status === GetMessageStatus.OFFSET_FOUND_NULL) r.nextBeginOffset = this.nextOffsetCorrection(offset, r.nextBeginOffset);
      }
    }
    void group;
    this.stats.recordGet(r.status === GetMessageStatus.FOUND, r.messageCount, nowMs() - t0);
    return r;
  }

  private queue(topic: string, queueId: number): ConsumeQueue | undefined {
    return this.cqs.find(topic, queueId);
  }

  getMaxOffsetInQueue(topic: string, queueId: number): number {
    return this.queue(topic, queueId)?.maxOffsetInQueue ?? 0;
  }

  getMinOffsetInQueue(topic: string, queueId: number): number {
    return this.queue(topic, queueId)?.minOffsetInQueue ?? -1;
  }

  getMessageTotalInQueue(topic: string, queueId: number): number {
    const cq = this.queue(topic, queueId);
    return cq ? cq.maxOffsetInQueue - cq.minOffsetInQueue : -1;
  }

  /** Commit-log offset of the message at a queue offset; 0 when there is none (as Java). */
  async getCommitLogOffsetInQueue(topic: string, queueId: number, consumeQueueOffset: number): Promise<number> {
    const u = await this.queue(topic, queueId)?.unitAt(consumeQueueOffset);
    return u ? u[0] : 0;
  }

  /** Store time of the message at `offset`/`size`, or -1 (Java's pickupStoreTimestamp). */
  async pickupStoreTimestamp(offset: number, size: number): Promise<number> {
    if (offset < this.commitLog.minOffset) return -1;
    const head = await this.commitLog.read(offset, Math.min(size, 80));
    if (!head || head.length < RecordPos.BORN_HOST) return -1;
    const pos = storeTimestampPos(readInt32BE(head, RecordPos.SYSFLAG));
    return head.length >= pos + 8 ? readInt64BE(head, pos) : -1;
  }

  private async storeTimeOfUnit(cq: ConsumeQueue | undefined, index: number): Promise<number> {
    const u = cq ? await cq.unitAt(index) : null;
    return u ? this.pickupStoreTimestamp(u[0], u[1]) : -1;
  }

  async getEarliestMessageTime(topic: string, queueId: number): Promise<number> {
    const cq = this.queue(topic, queueId);
    return this.storeTimeOfUnit(cq, cq?.minOffsetInQueue ?? 0);
  }

  /** Store time of the oldest message in the commit log. */
  async getEarliestMessageTimeInStore(): Promise<number> {
    const min = this.commitLog.minOffset;
    if (min < 0) return -1;
    return this.pickupStoreTimestamp(min, 80);
  }

  async getMessageStoreTimeStamp(topic: string, queueId: number, consumeQueueOffset: number): Promise<number> {
    return this.storeTimeOfUnit(this.queue(topic, queueId), consumeQueueOffset);
  }

  /** The queue offset whose store time is closest to `timestamp` (binary search, Java's rules). */
  async getOffsetInQueueByTime(topic: string, queueId: number, timestamp: number): Promise<number> {
    const cq = this.queue(topic, queueId);
    if (!cq) return 0;
    return cq.offsetByTime(timestamp, this.commitLog.minOffset, (o, s) => this.pickupStoreTimestamp(o, s));
  }

  /** The stored record at a commit-log offset, as bytes; null when there is none. */
  async selectOneMessageByOffset(commitLogOffset: number, size?: number): Promise<Buffer | null> {
    if (size !== undefined) return size > 0 && size <= this.maxRecordSize ? this.commitLog.read(commitLogOffset, size) : null;
    // One read usually covers the record; a larger one takes a second.
    const guess = Math.min(4096, this.commitLog.maxOffset - commitLogOffset, this.commitLog.rollNextFile(commitLogOffset) - commitLogOffset);
    const head = guess >= 4 ? await this.commitLog.read(commitLogOffset, guess) : null;
    if (!head) return null;
    const len = head.readInt32BE(0);
    if (len <= 0 || len > this.maxRecordSize) return null;
    return len <= head.length ? head.subarray(0, len) : this.commitLog.read(commitLogOffset, len);
  }

  /** The message at a commit-log offset, decoded (body decompressed); null when there is none. */
  async lookMessageByOffset(commitLogOffset: number, size?: number): Promise<MessageExt | null> {
    const raw = await this.selectOneMessageByOffset(commitLogOffset, size);
    if (!raw) return null;
    try {
      return decodeMessage(raw, 0);
    } catch {
      return null;
    }
  }

  /** Messages whose key (KEYS or UNIQ_KEY) hashes like `key`, stored between begin and end (Java's queryMessage). */
  async queryMessage(topic: string, key: string, maxNum: number, begin: number, end: number): Promise<QueryMessageResult> {
    const result: QueryMessageResult = { messageBuffers: [], bufferTotalSize: 0, indexLastUpdateTimestamp: 0, indexLastUpdatePhyoffset: 0 };
    let lastQueryMsgTime = end;
    for (let attempt = 0; attempt < 3; attempt++) {
      const q = await this.index.queryOffset(topic, key, maxNum, begin, lastQueryMsgTime);
      if (q.phyOffsets.length === 0) break;
      const offsets = Array.from(new Set(q.phyOffsets)).sort((a, b) => a - b);
      result.indexLastUpdatePhyoffset = q.indexLastUpdatePhyoffset;
      result.indexLastUpdateTimestamp = q.indexLastUpdateTimestamp;
      for (let m = 0; m < offsets.length; m++) {
        const raw = await this.selectOneMessageByOffset(offsets[m]!);
        if (!raw) continue;
        if (m === 0) lastQueryMsgTime = readInt64BE(raw, storeTimestampPos(readInt32BE(raw, RecordPos.SYSFLAG)));
        result.messageBuffers.push(raw);
        result.bufferTotalSize += raw.length;
      }
      if (result.bufferTotalSize > 0 || lastQueryMsgTime < begin) break;
    }
    return result;
  }

  /** Offset message ids of a queue range (Java's getMessageIds), id -> queue offset. */
  async getMessageIds(topic: string, queueId: number, minOffset: number, maxOffset: number, storeHost: Buffer = this.storeHost): Promise<Map<string, number>> {
    const ids = new Map<string, number>();
    const cq = this.queue(topic, queueId);
    if (!cq || this.state !== 'open') return ids;
    const from = Math.max(minOffset, cq.minOffsetInQueue);
    const to = Math.min(maxOffset, cq.maxOffsetInQueue);
    for (let o = from; o < to; ) {
      const units = await cq.readUnits(o, (to - o) * 20);
      if (!units) break;
      for (let i = 0; i + 20 <= units.length; i += 20) ids.set(createMessageId(storeHost, readInt64BE(units, i)), o++);
    }
    return ids;
  }

  /** Whether the message at a queue offset is far enough behind the head to be read from disk. */
  async checkInDiskByConsumeOffset(topic: string, queueId: number, consumeOffset: number): Promise<boolean> {
    const u = await this.queue(topic, queueId)?.unitAt(consumeOffset);
    return u ? isInDisk(this.cfg, u[0], this.commitLog.maxOffset) : false;
  }

  /** Consume-queue units from `index` (QUERY_CONSUME_QUEUE): commit-log offset, size and tag code of each. */
  async queryConsumeQueue(topic: string, queueId: number, index: number, count: number): Promise<Array<{ queueOffset: number; commitLogOffset: number; size: number; tagsCode: number }>> {
    const out: Array<{ queueOffset: number; commitLogOffset: number; size: number; tagsCode: number }> = [];
    const cq = this.queue(topic, queueId);
    let o = index;
    while (cq && out.length < count) {
      const units = await cq.readUnits(o, (count - out.length) * 20);
      if (!units || units.length === 0) break;
      for (let i = 0; i + 20 <= units.length; i += 20) {
        out.push({ queueOffset: o++, commitLogOffset: readInt64BE(units, i), size: readInt32BE(units, i + 8), tagsCode: readInt64BE(units, i + 12) });
      }
    }
    return out;
  }

  getMaxPhyOffset(): number {
    return this.commitLog.maxOffset;
  }

  getMinPhyOffset(): number {
    return this.commitLog.minOffset;
  }

  /** Bytes stored but not yet dispatched to consume queues and index. */
  dispatchBehindBytes(): number {
    return this.commitLog.maxOffset - this.dispatcher.dispatchedOffset;
  }

  now(): number {
    return this.clock.now();
  }

  setMessageArrivingListener(listener: MessageArrivingListener | null): void {
    this.dispatcher.listener = listener;
  }

  /** Topics that have consume queues, with their queue ids. */
  topicQueues(): Map<string, number[]> {
    const m = new Map<string, number[]>();
    for (const t of this.cqs.topics()) m.set(t, this.cqs.queuesOf(t).map((q) => q.queueId).sort((a, b) => a - b));
    return m;
  }

  // ---- maintenance ----

  /** Drops the consume queues of `topics` (their commit-log data ages out normally). */
  async deleteTopics(topics: Iterable<string>): Promise<number> {
    let n = 0;
    for (const t of topics) if (await this.cqs.deleteTopic(t)) n++;
    return n;
  }

  /** Java's cleanUnusedTopic: drops every topic not in `keep`, except the schedule and op-half topics. */
  async cleanUnusedTopic(keep: ReadonlySet<string>): Promise<number> {
    const doomed = this.cqs.topics().filter((t) => !keep.has(t) && t !== SystemTopic.SCHEDULE && t !== SystemTopic.TRANS_OP_HALF);
    return this.deleteTopics(doomed);
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
    m.set(`commitLogDiskRatio_${this.commitLogDir}`, javaDouble(cl));
    m.set('commitLogDiskRatio', javaDouble(cl));
    m.set('consumeQueueDiskRatio', javaDouble(await probe(this.logicsDir)));
    m.set('commitLogMinOffset', String(this.getMinPhyOffset()));
    m.set('commitLogMaxOffset', String(this.getMaxPhyOffset()));
    m.set('dispatchBehindBytes', String(this.dispatchBehindBytes()));
    m.set('pageCacheLockTimeMills', String(Math.round(this.lockTimeMills())));
    return m;
  }
}

/** A double as Java's String.valueOf prints it ("0.13", "-1.0"). */
function javaDouble(n: number): string {
  return Number.isInteger(n) ? n.toFixed(1) : String(n);
}
