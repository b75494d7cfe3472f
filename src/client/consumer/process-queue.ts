// ProcessQueue: the pulled, not yet consumed messages of one queue, ordered by queue offset
// (Java keeps them in a TreeMap). Pulls append in offset order, so the table is an array with a
// moving head: consumed entries are blanked and the head skips them, which makes "the smallest
// offset still unconsumed" (the offset to commit) cheap. Orderly consumption takes messages from
// the head into a separate in-flight list and commits or rolls them back.

import type { ProcessQueueInfo } from '../../remoting/protocol/consumer-running-info.js';
import type { MessageExt } from '../message/message-ext.js';
import type { TopicStats } from './consumer-stats.js';

/** How long a broker lock is trusted (rocketmq.client.rebalance.lockMaxLiveTime). */
export const REBALANCE_LOCK_MAX_LIVE_TIME = 30_000;
/** How often orderly consumers renew their locks (rocketmq.client.rebalance.lockInterval). */
export const REBALANCE_LOCK_INTERVAL = 20_000;
/** A queue not pulled for this long is considered stuck and rebuilt (rocketmq.client.pull.pullMaxIdleTime). */
export const PULL_MAX_IDLE_TIME = 120_000;

export class ProcessQueue {
  private offsets: number[] = [];
  private msgs: Array<MessageExt | undefined> = [];
  private head = 0;
  private count = 0;
  private size = 0;
  private queueOffsetMax = 0;
  /** Orderly: messages taken for consumption, oldest first. */
  private consuming: MessageExt[] = [];
  dropped = false;
  locked = false;
  consumingFlag = false;
  lastPullTimestamp = Date.now();
  lastConsumeTimestamp = Date.now();
  lastLockTimestamp = Date.now();
  tryUnlockTimes = 0;
  /** Messages behind the broker's max offset after the last pull. */
  msgAccCnt = 0;
  /** A consume of this queue is running (orderly: at most one at a time). */
  consumeLockHeld = false;
  /** The group's stats for this queue's topic, looked up once. */
  stats: TopicStats | undefined = undefined;

  get msgCount(): number {
    return this.count;
  }

  /** Bytes of body cached. */
  get msgSize(): number {
    return this.size;
  }

  isLockExpired(now = Date.now()): boolean {
    return now - this.lastLockTimestamp > REBALANCE_LOCK_MAX_LIVE_TIME;
  }

  isPullExpired(now = Date.now()): boolean {
    return now - this.lastPullTimestamp > PULL_MAX_IDLE_TIME;
  }

  private indexOf(offset: number): number {
    let lo = this.head;
    let hi = this.offsets.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.offsets[mid]! < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private insert(m: MessageExt): boolean {
    const off = m.queueOffset;
    const n = this.offsets.length;
    if (n === this.head || this.offsets[n - 1]! < off) {
      this.offsets.push(off);
      this.msgs.push(m);
      return true;
    }
    const i = this.indexOf(off);
    if (i < n && this.offsets[i] === off) {
      if (this.msgs[i] !== undefined) return false;
      this.msgs[i] = m;
      return true;
    }
    // Slots before the head are free; an offset smaller than every cached one reuses the last of them.
    if (i === this.head && this.head > 0) {
      this.head--;
      this.offsets[this.head] = off;
      this.msgs[this.head] = m;
      return true;
    }
    this.offsets.splice(i, 0, off);
    this.msgs.splice(i, 0, m);
    return true;
  }

  /** Adds pulled messages; true when a consumer should be dispatched (orderly: none is running). */
  putMessage(msgs: readonly MessageExt[]): boolean {
    let added = 0;
    for (const m of msgs) {
      if (this.insert(m)) {
        added++;
        this.queueOffsetMax = Math.max(this.queueOffsetMax, m.queueOffset);
        this.size += m.storedBodyLength;
      }
    }
    this.count += added;
    let dispatch = false;
    if (this.count > 0 && !this.consumingFlag) {
      dispatch = true;
      this.consumingFlag = true;
    }
    const last = msgs[msgs.length - 1];
    if (last) {
      const max = Number(last.getProperty('MAX_OFFSET'));
      if (Number.isFinite(max) && max - last.queueOffset > 0) this.msgAccCnt = max - last.queueOffset;
    }
    return dispatch;
  }

  /** Offset span between the first and last cached message (flow control for concurrent consumers). */
  get maxSpan(): number {
    this.skipHead();
    if (this.head >= this.offsets.length) return 0;
    return this.offsets[this.offsets.length - 1]! - this.offsets[this.head]!;
  }

  private skipHead(): void {
    while (this.head < this.msgs.length && this.msgs[this.head] === undefined) this.head++;
    if (this.head === this.msgs.length) {
      if (this.head > 0) {
        this.offsets = [];
        this.msgs = [];
        this.head = 0;
      }
    } else if (this.head > 1024 && this.head * 2 > this.msgs.length) {
      this.offsets = this.offsets.slice(this.head);
      this.msgs = this.msgs.slice(this.head);
      this.head = 0;
    }
  }

  /**
   * Removes consumed messages and returns the offset to commit: the smallest offset still cached,
   * or one past the largest seen when none is; -1 when the queue held nothing.
   */
  removeMessage(msgs: readonly MessageExt[]): number {
    this.lastConsumeTimestamp = Date.now();
    if (this.count === 0) return -1;
    let result = this.queueOffsetMax + 1;
    for (const m of msgs) {
      const off = m.queueOffset;
      let i = this.head;
      if (this.offsets[i] !== off) i = this.indexOf(off);
      if (i < this.offsets.length && this.offsets[i] === off && this.msgs[i] !== undefined) {
        this.msgs[i] = undefined;
        this.count--;
        this.size -= m.storedBodyLength;
      }
    }
    if (this.count === 0) this.size = 0;
    this.skipHead();
    if (this.count > 0 && this.head < this.offsets.length) result = this.offsets[this.head]!;
    return result;
  }

  /** Orderly: up to `batchSize` messages from the head, moved to the in-flight list. */
  takeMessages(batchSize: number): MessageExt[] {
    this.lastConsumeTimestamp = Date.now();
    const out: MessageExt[] = [];
    this.skipHead();
    while (out.length < batchSize && this.head < this.msgs.length) {
      const m = this.msgs[this.head];
      if (m !== undefined) {
        out.push(m);
        this.consuming.push(m);
        this.msgs[this.head] = undefined;
      }
      this.head++;
    }
    this.skipHead();
    if (out.length === 0) this.consumingFlag = false;
    return out;
  }

  /** Orderly: the in-flight messages are done; returns the offset to commit. */
  commit(): number {
    const last = this.consuming[this.consuming.length - 1];
    this.count -= this.consuming.length;
    if (this.count === 0) this.size = 0;
    else for (const m of this.consuming) this.size -= m.storedBodyLength;
    this.consuming = [];
    return last === undefined ? -1 : last.queueOffset + 1;
  }

  /** Orderly: put every in-flight message back for another try. */
  rollback(): void {
    const back = this.consuming;
    this.consuming = [];
    for (let i = back.length - 1; i >= 0; i--) this.insert(back[i]!);
  }

  /** Orderly: put these in-flight messages back for another try. */
  makeMessageToConsumeAgain(msgs: readonly MessageExt[]): void {
    const again = new Set(msgs);
    this.consuming = this.consuming.filter((m) => !again.has(m));
    const sorted = [...msgs].sort((a, b) => b.queueOffset - a.queueOffset);
    for (const m of sorted) this.insert(m);
  }

  /** Whether messages are cached (orderly unlock waits for them). */
  hasTempMessage(): boolean {
    return this.count > 0;
  }

  clear(): void {
    this.offsets = [];
    this.msgs = [];
    this.head = 0;
    this.count = 0;
    this.size = 0;
    this.queueOffsetMax = 0;
    this.consuming = [];
  }

  /** The cached messages in offset order (tests and diagnostics). */
  cachedMessages(): MessageExt[] {
    const out: MessageExt[] = [];
    for (let i = this.head; i < this.msgs.length; i++) if (this.msgs[i] !== undefined) out.push(this.msgs[i]!);
    return out;
  }

  fillProcessQueueInfo(commitOffset: number): ProcessQueueInfo {
    this.skipHead();
    const cached = this.head < this.offsets.length;
    return {
      commitOffset,
      cachedMsgMinOffset: cached ? this.offsets[this.head]! : 0,
      cachedMsgMaxOffset: cached ? this.offsets[this.offsets.length - 1]! : 0,
      cachedMsgCount: this.count,
      cachedMsgSizeInMiB: Math.floor(this.size / (1024 * 1024)),
      transactionMsgMinOffset: this.consuming.length > 0 ? this.consuming[0]!.queueOffset : 0,
      transactionMsgMaxOffset: this.consuming.length > 0 ? this.consuming[this.consuming.length - 1]!.queueOffset : 0,
      transactionMsgCount: this.consuming.length,
      locked: this.locked,
      tryUnlockTimes: this.tryUnlockTimes,
      lastLockTimestamp: this.lastLockTimestamp,
      droped: this.dropped,
      lastPullTimestamp: this.lastPullTimestamp,
      lastConsumeTimestamp: this.lastConsumeTimestamp,
    };
  }
}
