// The bytes a server has received but not dispatched, over all its connections: the start of a
// frame still arriving, or frames held back while a connection is paused. Two rules bound them.
// A frame must be whole within frameReadTimeoutMs of its first byte (paused time does not count),
// and together they may not pass maxBytes: past it the connection holding most is closed. So
// clients that announce 16 MiB frames and then trickle or stop hold at most maxBytes (plus the one
// socket read that crossed it), and each for a bounded time, however many they are.

import { getLogger } from '../common/logger.js';
import type { Connection } from './connection.js';
import { LogLimit } from './log-limit.js';

const log = getLogger('remoting');

export class InboundBudget {
  /** Bytes charged now, over all connections. */
  used = 0;
  private readonly holders = new Set<Connection>();
  private sweepTimer: ReturnType<typeof setInterval> | null = null;
  private readonly logLimit = new LogLimit();

  constructor(readonly maxBytes: number, readonly frameTimeoutMs: number, private readonly name: string) {}

  /** Records that `conn` now buffers `bytes`; `frameSeq` moves when a frame was completed meanwhile. */
  update(conn: Connection, bytes: number, frameSeq: number): void {
    this.used += bytes - conn.chargedBytes;
    conn.chargedBytes = bytes;
    if (bytes === 0) {
      this.holders.delete(conn);
      return;
    }
    if (conn.frameSeq !== frameSeq || !this.holders.has(conn)) {
      conn.frameSeq = frameSeq;
      conn.frameStartedAt = Date.now();
      this.holders.add(conn);
      this.armSweep();
    }
    if (this.maxBytes > 0 && this.used > this.maxBytes) this.evict();
  }

  /** Forgets a closed connection. */
  release(conn: Connection): void {
    this.used -= conn.chargedBytes;
    conn.chargedBytes = 0;
    this.holders.delete(conn);
  }

  private evict(): void {
    while (this.used > this.maxBytes) {
      let worst: Connection | null = null;
      for (const c of this.holders) if (worst === null || c.chargedBytes > worst.chargedBytes) worst = c;
      if (worst === null) return;
      const skipped = this.logLimit.take('budget');
      if (skipped >= 0) {
        log.warn(
          `${this.name}: closing ${worst.remoteAddress}, which holds ${worst.chargedBytes} bytes of unfinished frames: ` +
            `all connections hold ${this.used}, more than serverPartialFramesMaxBytes=${this.maxBytes}` +
            (skipped > 0 ? ` (${skipped} more closed since the last line)` : ''),
        );
      }
      this.release(worst);
      worst.close();
    }
  }

  private armSweep(): void {
    if (this.sweepTimer !== null || this.frameTimeoutMs <= 0) return;
    this.sweepTimer = setInterval(() => this.sweep(), Math.max(20, Math.min(1000, this.frameTimeoutMs / 4)));
    this.sweepTimer.unref?.();
  }

  /** Closes the connections whose frame at the head has taken longer than frameTimeoutMs. */
  sweep(now = Date.now()): void {
    for (const c of this.holders) {
      if (c.readingPaused || now - c.frameStartedAt <= this.frameTimeoutMs) continue;
      const skipped = this.logLimit.take('deadline', now);
      if (skipped >= 0) {
        log.warn(
          `${this.name}: closing ${c.remoteAddress}: a frame still incomplete ${now - c.frameStartedAt} ms after its first byte ` +
            `(${c.chargedBytes} bytes so far; serverFrameReadTimeoutMillis=${this.frameTimeoutMs})` +
            (skipped > 0 ? ` (${skipped} more closed since the last line)` : ''),
        );
      }
      this.release(c);
      c.close();
    }
    if (this.holders.size === 0) this.stop();
  }

  stop(): void {
    if (this.sweepTimer !== null) clearInterval(this.sweepTimer);
    this.sweepTimer = null;
  }
}
