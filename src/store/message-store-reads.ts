// The read side of the store (Java's DefaultMessageStore getters): pulls, look-ups by queue offset,
// time, physical offset and key. MessageStore adds opening, puts, flushing and maintenance.

import type { MessageStoreConfig } from '../common/config/message-store-config.js';
import { readInt32BE, readInt64BE } from '../common/message/int64.js';
import { createMessageId } from '../common/message/message-id.js';
import type { MessageExt } from '../common/message/message-ext.js';
import { decodeMessage, RecordPos, storeTimestampPos } from '../common/message/record-codec.js';
import { nowMs } from '../common/runtime.js';
import type { DiskUsageProbe, StoreClock } from './clock.js';
import type { CommitLog } from './commit-log.js';
import type { ConsumeQueueTable } from './consume-queue-table.js';
import type { ConsumeQueue } from './consume-queue.js';
import type { Dispatcher, MessageArrivingListener } from './dispatch.js';
import { GetMessageResult, isInDisk, type MessageFilter, readQueueMessages } from './get-message.js';
import type { IndexService } from './index-service.js';
import { RunningFlags } from './running-flags.js';
import { GetMessageStatus } from './status.js';
import { StoreStats } from './store-stats.js';

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
  /**
   * Tests: called before each commit-log write with the file, position and bytes; an error returned
   * fails the write (ENOSPC: a full disk), after whatever the function itself wrote (a short write).
   */
  commitLogWriteFault?: (file: string, pos: number, data: Uint8Array) => Error | null;
}

export interface QueryMessageResult {
  /** Each message as stored; a QUERY_MESSAGE body is their concatenation. */
  messageBuffers: Buffer[];
  bufferTotalSize: number;
  indexLastUpdateTimestamp: number;
  indexLastUpdatePhyoffset: number;
}

export interface StoreParts {
  cfg: MessageStoreConfig;
  clock: StoreClock;
  commitLog: CommitLog;
  cqs: ConsumeQueueTable;
  index: IndexService;
  dispatcher: Dispatcher;
  maxRecordSize: number;
  storeHost: Buffer;
}

export abstract class MessageStoreReads {
  readonly cfg: MessageStoreConfig;
  readonly clock: StoreClock;
  readonly flags = new RunningFlags();
  readonly stats: StoreStats;
  protected readonly commitLog: CommitLog;
  protected readonly cqs: ConsumeQueueTable;
  protected readonly index: IndexService;
  protected readonly dispatcher: Dispatcher;
  protected readonly maxRecordSize: number;
  protected readonly storeHost: Buffer;
  protected state: 'new' | 'opening' | 'open' | 'closing' | 'closed' = 'new';

  constructor(p: StoreParts) {
    this.cfg = p.cfg;
    this.clock = p.clock;
    this.stats = new StoreStats(() => p.clock.now());
    this.commitLog = p.commitLog;
    this.cqs = p.cqs;
    this.index = p.index;
    this.dispatcher = p.dispatcher;
    this.maxRecordSize = p.maxRecordSize;
    this.storeHost = p.storeHost;
  }

  get isOpen(): boolean {
    return this.state === 'open';
  }

  protected nextOffsetCorrection(oldOffset: number, newOffset: number): number {
    return this.cfg.brokerRole !== 'SLAVE' || this.cfg.offsetCheckInSlave ? newOffset : oldOffset;
  }

  /**
   * Up to `maxMsgNums` messages of a queue from `offset` (Java's getMessage). Null when the store is
   * closed or not readable.
   */
  async getMessage(
    group: string,
    topic: string,
    queueId: number,
    offset: number,
    maxMsgNums: number,
    maxTotalBytes?: number,
    filter?: MessageFilter | null,
  ): Promise<GetMessageResult | null> {
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
        await readQueueMessages(
          { cfg: this.cfg, commitLog: this.commitLog, maxRecordSize: this.maxRecordSize },
          cq,
          offset,
          maxMsgNums,
          maxTotalBytes ?? Number.MAX_SAFE_INTEGER,
          filter ?? null,
          r,
        );
        if (r.status === GetMessageStatus.OFFSET_FOUND_NULL) r.nextBeginOffset = this.nextOffsetCorrection(offset, r.nextBeginOffset);
      }
    }
    void group;
    this.stats.recordGet(r.status === GetMessageStatus.FOUND, r.messageCount, nowMs() - t0);
    return r;
  }

  protected queue(topic: string, queueId: number): ConsumeQueue | undefined {
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

  protected async storeTimeOfUnit(cq: ConsumeQueue | undefined, index: number): Promise<number> {
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
    const guess = Math.min(
      4096,
      this.commitLog.maxOffset - commitLogOffset,
      this.commitLog.rollNextFile(commitLogOffset) - commitLogOffset,
    );
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
  async getMessageIds(
    topic: string,
    queueId: number,
    minOffset: number,
    maxOffset: number,
    storeHost: Buffer = this.storeHost,
  ): Promise<Map<string, number>> {
    const ids = new Map<string, number>();
    const cq = this.queue(topic, queueId);
    if (!cq || this.state !== 'open') return ids;
    const from = Math.max(minOffset, cq.minOffsetInQueue);
    const to = Math.min(maxOffset, cq.maxOffsetInQueue);
    for (let o = from; o < to;) {
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
  async queryConsumeQueue(
    topic: string,
    queueId: number,
    index: number,
    count: number,
  ): Promise<Array<{ queueOffset: number; commitLogOffset: number; size: number; tagsCode: number }>> {
    const out: Array<{ queueOffset: number; commitLogOffset: number; size: number; tagsCode: number }> = [];
    const cq = this.queue(topic, queueId);
    let o = index;
    while (cq && out.length < count) {
      const units = await cq.readUnits(o, (count - out.length) * 20);
      if (!units || units.length === 0) break;
      for (let i = 0; i + 20 <= units.length; i += 20) {
        out.push({
          queueOffset: o++,
          commitLogOffset: readInt64BE(units, i),
          size: readInt32BE(units, i + 8),
          tagsCode: readInt64BE(units, i + 12),
        });
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
}
