// AssignedMessageQueue: the queues a lite pull consumer holds (by rebalance or by assign), with
// what it knows of each: its ProcessQueue (shared with the rebalancer when it has one), whether
// it is paused, the next offset to pull, the offset after the last message poll() handed out (what
// a commit stores), and a pending seek. Offsets are -1 when unknown. Commits go from here to the
// offset store.

import { type MessageQueue, MessageQueueMap } from '../../remoting/protocol/message-queue.js';
import type { OffsetStore } from './offset-store.js';
import { ProcessQueue } from './process-queue.js';

interface QueueState {
  readonly mq: MessageQueue;
  readonly pq: ProcessQueue;
  paused: boolean;
  pullOffset: number;
  consumeOffset: number;
  seekOffset: number;
}

export class AssignedQueues {
  private readonly states = new MessageQueueMap<QueueState>();

  /** `processQueueOf` finds the rebalancer's ProcessQueue of a queue, so both drop it together. */
  constructor(private readonly processQueueOf: (mq: MessageQueue) => ProcessQueue | undefined = () => undefined) {}

  queues(): MessageQueue[] {
    return this.states.keys();
  }

  has(mq: MessageQueue): boolean {
    return this.states.has(mq);
  }

  /** A queue not held counts as paused: nothing of it is pulled. */
  isPaused(mq: MessageQueue): boolean {
    return this.states.get(mq)?.paused ?? true;
  }

  pause(mqs: Iterable<MessageQueue>): void {
    for (const mq of mqs) {
      const s = this.states.get(mq);
      if (s) s.paused = true;
    }
  }

  resume(mqs: Iterable<MessageQueue>): void {
    for (const mq of mqs) {
      const s = this.states.get(mq);
      if (s) s.paused = false;
    }
  }

  processQueue(mq: MessageQueue): ProcessQueue | undefined {
    return this.states.get(mq)?.pq;
  }

  pullOffset(mq: MessageQueue): number {
    return this.states.get(mq)?.pullOffset ?? -1;
  }

  /** Only for the ProcessQueue the pull was made for: a queue dropped and taken again starts afresh. */
  updatePullOffset(mq: MessageQueue, offset: number, pq: ProcessQueue): void {
    const s = this.states.get(mq);
    if (s && s.pq === pq) s.pullOffset = offset;
  }

  consumeOffset(mq: MessageQueue): number {
    return this.states.get(mq)?.consumeOffset ?? -1;
  }

  updateConsumeOffset(mq: MessageQueue, offset: number): void {
    const s = this.states.get(mq);
    if (s) s.consumeOffset = offset;
  }

  seekOffset(mq: MessageQueue): number {
    return this.states.get(mq)?.seekOffset ?? -1;
  }

  setSeekOffset(mq: MessageQueue, offset: number): void {
    const s = this.states.get(mq);
    if (s) s.seekOffset = offset;
  }

  /** Commits `offset` (default: what poll() handed out) of `mq` to `store`, if the queue is still held. */
  commit(store: OffsetStore, mq: MessageQueue, offset = this.consumeOffset(mq)): void {
    if (offset === -1) return;
    const pq = this.processQueue(mq);
    if (pq && !pq.dropped) store.updateOffset(mq, offset, false);
  }

  commitAll(store: OffsetStore): void {
    for (const mq of this.queues()) this.commit(store, mq);
  }

  /** The queues of `topic` become `assigned` (a rebalance); the ones left are dropped. */
  updateTopic(topic: string, assigned: readonly MessageQueue[]): void {
    this.retain(assigned, (mq) => mq.topic === topic);
  }

  /** Every queue becomes `assigned` (assign()); the ones left are dropped. */
  updateAll(assigned: readonly MessageQueue[]): void {
    this.retain(assigned, () => true);
  }

  /** Forgets the queues of `topic` (unsubscribe). */
  removeTopic(topic: string): void {
    for (const [mq, s] of [...this.states]) {
      if (mq.topic !== topic) continue;
      // Java leaves the ProcessQueue as it is; dropping it keeps poll() from returning what it still caches.
      s.pq.dropped = true;
      this.states.delete(mq);
    }
  }

  private retain(assigned: readonly MessageQueue[], inScope: (mq: MessageQueue) => boolean): void {
    const wanted = new MessageQueueMap<true>(assigned.map((mq) => [mq, true] as const));
    for (const [mq, s] of [...this.states]) {
      if (!inScope(mq) || wanted.has(mq)) continue;
      s.pq.dropped = true;
      this.states.delete(mq);
    }
    for (const mq of assigned) {
      if (this.states.has(mq)) continue;
      const pq = this.processQueueOf(mq) ?? new ProcessQueue();
      this.states.set(mq, { mq, pq, paused: false, pullOffset: -1, consumeOffset: -1, seekOffset: -1 });
    }
  }
}
