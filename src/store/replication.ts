// The store's side of master/slave replication, without sockets (those live in src/ha). A master
// hands a put that must reach a slave to an injected waiter; a slave takes raw commit-log bytes at
// its end offset and dispatches the records in them as recovery would replay them. Records arrive
// cut anywhere (transfer batches ignore record bounds), so the bytes of an unfinished record wait
// here until the rest comes.

import { getLogger } from '../common/logger.js';
import { readInt32BE } from '../common/message/int64.js';
import { BLANK_MAGIC_CODE } from '../common/message/record-codec.js';
import { MessageSysFlag, transactionType } from '../common/message/sysflag.js';
import type { CommitLog } from './commit-log.js';
import type { ConsumeQueueTable } from './consume-queue-table.js';
import type { Dispatcher } from './dispatch.js';
import { BLANK, checkRecord, INCOMPLETE, newScannedRecord } from './record-scan.js';
import type { PutMessageStatus } from './status.js';
import type { StoreStats } from './store-stats.js';

const log = getLogger('store');

/** A put whose bytes are stored (and flushed, when it waited for that) and that now waits for a slave. */
export interface ReplicaWait {
  /** Physical offset after the put's last record: a slave acknowledging it has the put. */
  readonly end: number;
  /** Free for the waiter: when it gives up (monotonic ms). */
  deadline: number;
  complete(status: PutMessageStatus, now?: number): void;
}

/**
 * What a SYNC_MASTER store asks before answering a put (Java's HAService seen from CommitLog.handleHA).
 * It must settle every put it takes: PUT_OK once a slave acknowledged `end`, FLUSH_SLAVE_TIMEOUT when
 * none did in time, SLAVE_NOT_AVAILABLE at once when no slave is connected or the best is too far behind.
 */
export interface ReplicationWaiter {
  awaitReplica(p: ReplicaWait): void;
}

/** Dispatches records out of replicated bytes, which arrive in order but cut anywhere. */
export class ReplicaDispatch {
  /** Bytes from `next` up to the end of what was appended: the start of an unfinished record. */
  private tail: Buffer | null = null;
  /** Where the next record starts. */
  private next = -1;
  private readonly rec = newScannedRecord();

  constructor(
    private readonly commitLog: CommitLog,
    private readonly dispatcher: Dispatcher,
    private readonly cqs: ConsumeQueueTable,
    private readonly stats: StoreStats,
  ) {}

  /** Bytes appended but not dispatched yet because their record is unfinished. */
  get pendingBytes(): number {
    return this.tail ? this.tail.length : 0;
  }

  /** Dispatches every whole record of `data`, which was appended at `offset`. */
  feed(offset: number, data: Buffer): void {
    if (this.next < 0 || (this.tail === null && this.next < offset)) this.next = offset;
    const end = offset + data.length;
    if (this.next >= end) return; // inside the zeros after a blank marker
    let buf: Buffer;
    if (this.tail) {
      // Finish the record cut at the end of the previous append with as few bytes of `data` as it needs.
      const tail = this.tail;
      const size = tail.length >= 4 ? readInt32BE(tail, 0) : 0;
      if (
        size > tail.length && size - tail.length <= data.length &&
        readInt32BE(tail.length >= 8 ? tail : Buffer.concat([tail, data.subarray(0, 8 - tail.length)]), 4) !== BLANK_MAGIC_CODE
      ) {
        const whole = Buffer.concat([tail, data.subarray(0, size - tail.length)]);
        if (checkRecord(whole, 0, size, this.next, false, this.rec) === size) {
          this.dispatchOne();
          this.tail = null;
          this.next += size;
          this.dispatcher.dispatchedOffset = Math.max(this.dispatcher.dispatchedOffset, this.next);
          if (this.next < end) this.feed(offset, data);
          return;
        }
      }
      buf = Buffer.concat([tail, data]);
    } else {
      buf = this.next > offset ? data.subarray(this.next - offset) : data;
    }
    const base = this.next;
    const rec = this.rec;
    let p = 0;
    while (p < buf.length) {
      const r = checkRecord(buf, p, buf.length, base + p, false, rec);
      if (r > 0) {
        this.dispatchOne();
        p += r;
        continue;
      }
      if (r === INCOMPLETE) break;
      if (r !== BLANK) log.error('replicated bytes hold no valid record; skipping to the next segment', { offset: base + p });
      // The rest of the segment is the blank filler (or unreadable): the log goes on at the next one.
      const roll = this.commitLog.rollNextFile(base + p);
      if (roll >= end) {
        this.tail = null;
        this.next = roll;
        this.dispatcher.dispatchedOffset = Math.max(this.dispatcher.dispatchedOffset, end);
        return;
      }
      p = roll - base;
    }
    this.next = base + p;
    this.tail = p < buf.length ? Buffer.from(buf.subarray(p)) : null;
    this.dispatcher.dispatchedOffset = Math.max(this.dispatcher.dispatchedOffset, this.next);
  }

  private dispatchOne(): void {
    const rec = this.rec;
    this.dispatcher.replay(rec);
    const tran = transactionType(rec.sysFlag);
    if (tran === MessageSysFlag.TRANSACTION_NOT_TYPE || tran === MessageSysFlag.TRANSACTION_COMMIT_TYPE) {
      // Should this store become a master, its queues go on where the master's left off.
      const cq = this.cqs.find(rec.topic, rec.queueId);
      if (cq && cq.nextAssign <= rec.queueOffset) cq.nextAssign = rec.queueOffset + 1;
    }
    const c = this.stats.topicCounter(rec.topic);
    c.times++;
    c.size += rec.size;
    this.commitLog.lastWrittenTimestamp = rec.storeTimestamp;
  }
}
