// The waits of SYNC_MASTER puts (Java's GroupTransferService). Puts enter in commit-log order and
// all wait the same time, so they form a queue ordered both by end offset and by deadline: one
// acknowledgement releases every put at or below it from the head, and one timer, armed for the
// head's deadline, expires them. No timer or closure per put.

import { nowMs } from '../common/runtime.js';
import type { ReplicationWaiter, ReplicaWait } from '../store/replication.js';
import { PutMessageStatus } from '../store/status.js';

export interface ReplicaState {
  /** Highest offset any slave acknowledged. */
  readonly ackedOffset: number;
  /** Whether a slave is connected and close enough to `end` to be waited for. */
  isSlaveOK(end: number): boolean;
}

export class GroupTransfer implements ReplicationWaiter {
  private queue: ReplicaWait[] = [];
  private head = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly state: ReplicaState,
    private readonly timeoutMs: number,
  ) {}

  /** Puts waiting now. */
  get waiting(): number {
    return this.queue.length - this.head;
  }

  awaitReplica(p: ReplicaWait): void {
    if (!this.state.isSlaveOK(p.end)) {
      p.complete(PutMessageStatus.SLAVE_NOT_AVAILABLE);
      return;
    }
    if (p.end <= this.state.ackedOffset) {
      p.complete(PutMessageStatus.PUT_OK);
      return;
    }
    p.deadline = nowMs() + this.timeoutMs;
    this.queue.push(p);
    if (!this.timer) this.arm();
  }

  /** A slave acknowledged everything below `offset`. */
  release(offset: number): void {
    const q = this.queue;
    let i = this.head;
    if (i >= q.length || q[i]!.end > offset) return;
    const now = Date.now();
    while (i < q.length && q[i]!.end <= offset) q[i++]!.complete(PutMessageStatus.PUT_OK, now);
    this.advance(i);
  }

  /** Answers every waiting put (shutdown): those already acknowledged PUT_OK, the rest FLUSH_SLAVE_TIMEOUT. */
  shutdown(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const acked = this.state.ackedOffset;
    const q = this.queue;
    for (let i = this.head; i < q.length; i++) {
      q[i]!.complete(q[i]!.end <= acked ? PutMessageStatus.PUT_OK : PutMessageStatus.FLUSH_SLAVE_TIMEOUT);
    }
    this.queue = [];
    this.head = 0;
  }

  private advance(i: number): void {
    if (i >= this.queue.length) {
      this.queue.length = 0;
      this.head = 0;
    } else if (i > 1024 && i * 2 > this.queue.length) {
      this.queue = this.queue.slice(i);
      this.head = 0;
    } else {
      this.head = i;
    }
  }

  private arm(): void {
    const first = this.queue[this.head];
    if (!first) return;
    this.timer = setTimeout(this.expire, Math.max(0, first.deadline - nowMs()) + 1);
  }

  private readonly expire = (): void => {
    this.timer = null;
    const q = this.queue;
    const now = nowMs();
    const wall = Date.now();
    let i = this.head;
    while (i < q.length && q[i]!.deadline <= now) q[i++]!.complete(PutMessageStatus.FLUSH_SLAVE_TIMEOUT, wall);
    this.advance(i);
    this.arm();
  };
}
