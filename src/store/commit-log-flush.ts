// Getting written commit-log bytes onto the disk. ASYNC_FLUSH syncs on a timer once enough pages
// are dirty (or at least every thorough interval); SYNC_FLUSH syncs as soon as a put waits for it,
// and every put written before the sync started is answered by that one sync (group commit). A put
// still waiting after syncFlushTimeout is answered FLUSH_DISK_TIMEOUT; its bytes stay stored.

import { getLogger } from '../common/logger.js';
import { nowMs } from '../common/runtime.js';
import type { CommitLog } from './commit-log.js';
import type { PendingPut } from './put-result.js';
import { PutMessageStatus } from './status.js';

const log = getLogger('store');
const OS_PAGE_SIZE = 4096;

export interface FlushSettings {
  sync: boolean;
  flushIntervalCommitLog: number;
  flushCommitLogLeastPages: number;
  flushCommitLogThoroughInterval: number;
  flushCommitLogTimed: boolean;
  syncFlushTimeout: number;
}

export class CommitLogFlusher {
  /** Everything below this is on disk. */
  flushedOffset = 0;
  /** Store timestamp of the last record known to be on disk (checkpoint physicMsgTimestamp). */
  flushedTimestamp = 0;
  /** How many syncs ran (group commit makes this far smaller than the number of puts). */
  syncs = 0;
  /** Takes over a flushed put that still waits for a slave (SYNC_MASTER). */
  replicate: ((p: PendingPut) => void) | null = null;
  private readonly waiting: PendingPut[] = [];
  private flushing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private timeoutTimer: NodeJS.Timeout | null = null;
  private lastThorough = 0;

  constructor(
    private readonly log_: CommitLog,
    private readonly s: FlushSettings,
    private readonly wallClock: () => number,
  ) {}

  start(): void {
    this.lastThorough = this.wallClock();
    if (!this.s.sync) {
      this.timer = setInterval(() => void this.periodic(), Math.max(1, this.s.flushIntervalCommitLog));
      this.timer.unref?.();
    }
  }

  /** After a batch is written: wake the syncer when it is needed right away. */
  afterWrite(): void {
    if (this.s.sync || !this.s.flushCommitLogTimed) void this.flush();
  }

  /** A SYNC_FLUSH put that waits for the disk. */
  enqueue(p: PendingPut): void {
    if (p.end <= this.flushedOffset) {
      this.flushed(p, Date.now());
      return;
    }
    p.deadline = nowMs() + this.s.syncFlushTimeout;
    this.waiting.push(p);
    if (!this.timeoutTimer) this.armTimeout();
    void this.flush();
  }

  private armTimeout(): void {
    const head = this.waiting[0];
    if (!head) return;
    this.timeoutTimer = setTimeout(() => {
      this.timeoutTimer = null;
      const now = nowMs();
      let n = 0;
      while (n < this.waiting.length && this.waiting[n]!.deadline <= now) n++;
      const wall = Date.now();
      for (const p of this.waiting.splice(0, n)) p.complete(PutMessageStatus.FLUSH_DISK_TIMEOUT, wall);
      if (n > 0) log.warn('sync flush timed out', { puts: n, timeoutMs: this.s.syncFlushTimeout });
      this.armTimeout();
    }, Math.max(0, head.deadline - nowMs()) + 1);
  }

  private async periodic(): Promise<void> {
    let leastPages = this.s.flushCommitLogLeastPages;
    const now = this.wallClock();
    if (now >= this.lastThorough + this.s.flushCommitLogThoroughInterval) {
      this.lastThorough = now;
      leastPages = 0;
    }
    const dirty = this.log_.writtenOffset - this.flushedOffset;
    if (dirty <= 0) return;
    const segmentFull = Math.floor(this.flushedOffset / this.log_.fileSize) !== Math.floor(this.log_.writtenOffset / this.log_.fileSize);
    if (
      leastPages > 0 && !segmentFull &&
      Math.floor(this.log_.writtenOffset / OS_PAGE_SIZE) - Math.floor(this.flushedOffset / OS_PAGE_SIZE) < leastPages
    ) return;
    await this.flush();
  }

  /** Syncs everything written so far; concurrent callers share the sync in progress, then loop. */
  flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    this.flushing = this.run().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async run(): Promise<void> {
    while (this.log_.writtenOffset > this.flushedOffset) {
      const target = this.log_.writtenOffset;
      const ts = this.log_.lastWrittenTimestamp;
      try {
        await this.syncRange(this.flushedOffset, target);
      } catch (err) {
        log.error('commit-log sync failed', { err });
        return;
      }
      this.syncs++;
      this.flushedOffset = target;
      if (ts > 0) this.flushedTimestamp = ts;
      let n = 0;
      while (n < this.waiting.length && this.waiting[n]!.end <= target) n++;
      if (n > 0) {
        const wall = Date.now();
        for (const p of this.waiting.splice(0, n)) this.flushed(p, wall);
      }
      if (!this.s.sync && this.waiting.length === 0) break;
    }
  }

  private flushed(p: PendingPut, now: number): void {
    if (p.waitReplica && this.replicate) this.replicate(p);
    else p.complete(PutMessageStatus.PUT_OK, now);
  }

  /** fdatasync of every segment holding bytes in [from, to). */
  private async syncRange(from: number, to: number): Promise<void> {
    const size = this.log_.fileSize;
    for (let base = from - (from % size); base < to; base += size) {
      const seg = this.log_.segments.find(base);
      if (seg) await seg.sync();
    }
  }

  async shutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
    await this.flush();
    if (this.timeoutTimer) clearTimeout(this.timeoutTimer);
    this.timeoutTimer = null;
    for (const p of this.waiting.splice(0)) {
      p.complete(this.flushedOffset >= p.end ? PutMessageStatus.PUT_OK : PutMessageStatus.FLUSH_DISK_TIMEOUT);
    }
  }
}
