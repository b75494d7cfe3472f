// OffsetStore: where a consumer keeps the next offset to consume of each queue. Clustering
// consumers keep it on the broker (RemoteBrokerOffsetStore), broadcasting consumers in a local
// file (LocalFileOffsetStore). Both cache in memory and persist on a timer and at shutdown.

import { type MessageQueue, MessageQueueMap, mqKey } from '../../remoting/protocol/message-queue.js';

export const ReadOffsetType = {
  /** The stored value (broker or file), refreshing the memory copy. */
  READ_FROM_STORE: 'READ_FROM_STORE',
  /** Memory only: -1 when the queue has no offset in memory. */
  READ_FROM_MEMORY: 'READ_FROM_MEMORY',
  /** Memory, else the store. */
  MEMORY_FIRST_THEN_STORE: 'MEMORY_FIRST_THEN_STORE',
} as const;
export type ReadOffsetType = (typeof ReadOffsetType)[keyof typeof ReadOffsetType];

export interface OffsetStore {
  load(): Promise<void>;
  /** Sets the memory copy; `increaseOnly` never moves it back. */
  updateOffset(mq: MessageQueue, offset: number, increaseOnly: boolean): void;
  /** -1: no offset stored (a new group); -2: the store could not be asked. */
  readOffset(mq: MessageQueue, type: ReadOffsetType): Promise<number>;
  /** The memory copy, -1 when there is none (what pulls carry as commitOffset). */
  memoryOffset(mq: MessageQueue): number;
  /**
   * Writes the offsets of `mqs` to the store; offsets of other queues are dropped from memory (remote
   * store). `acknowledged` waits for the broker's answer instead of sending oneway (a shutdown's last write).
   */
  persistAll(mqs: readonly MessageQueue[], acknowledged?: boolean): Promise<void>;
  persist(mq: MessageQueue): Promise<void>;
  removeOffset(mq: MessageQueue): void;
  cloneOffsetTable(topic: string): MessageQueueMap<number>;
  /** Writes one offset to the store at once (resetting offsets). */
  updateConsumeOffsetToBroker(mq: MessageQueue, offset: number, oneway: boolean): Promise<void>;
}

/** Key strings of queue objects, cached so hot paths neither build nor rehash them. */
const keys = new WeakMap<MessageQueue, string>();

function keyOf(mq: MessageQueue): string {
  let k = keys.get(mq);
  if (k === undefined) {
    k = mqKey(mq);
    keys.set(mq, k);
  }
  return k;
}

/** The in-memory half both stores share: queue -> offset, with value equality on queues. */
export class OffsetTable {
  private readonly m = new Map<string, { mq: MessageQueue; offset: number }>();

  update(mq: MessageQueue, offset: number, increaseOnly: boolean): void {
    const k = keyOf(mq);
    const e = this.m.get(k);
    if (e === undefined) this.m.set(k, { mq, offset });
    else if (!increaseOnly || offset > e.offset) e.offset = offset;
  }

  get(mq: MessageQueue): number | undefined {
    return this.m.get(keyOf(mq))?.offset;
  }

  remove(mq: MessageQueue): void {
    this.m.delete(keyOf(mq));
  }

  /** Every queue and offset. */
  *entries(): IterableIterator<[MessageQueue, number]> {
    for (const e of this.m.values()) yield [e.mq, e.offset];
  }

  clone(topic: string): MessageQueueMap<number> {
    const out = new MessageQueueMap<number>();
    for (const e of this.m.values()) if (!topic || e.mq.topic === topic) out.set(e.mq, e.offset);
    return out;
  }
}

/**
 * What both stores share: the memory table, and the read types on top of it. A store adds where
 * offsets live (`readStored`: -1 when none is stored, -2 when the store cannot be asked) and how
 * they are persisted.
 */
export abstract class CachingOffsetStore implements OffsetStore {
  protected readonly offsets = new OffsetTable();

  abstract load(): Promise<void>;
  abstract persistAll(mqs: readonly MessageQueue[], acknowledged?: boolean): Promise<void>;
  abstract persist(mq: MessageQueue): Promise<void>;
  abstract updateConsumeOffsetToBroker(mq: MessageQueue, offset: number, oneway: boolean): Promise<void>;
  protected abstract readStored(mq: MessageQueue): Promise<number>;

  updateOffset(mq: MessageQueue, offset: number, increaseOnly: boolean): void {
    this.offsets.update(mq, offset, increaseOnly);
  }

  memoryOffset(mq: MessageQueue): number {
    return this.offsets.get(mq) ?? -1;
  }

  async readOffset(mq: MessageQueue, type: ReadOffsetType): Promise<number> {
    if (type !== ReadOffsetType.READ_FROM_STORE) {
      const v = this.offsets.get(mq);
      if (v !== undefined) return v;
      if (type === ReadOffsetType.READ_FROM_MEMORY) return -1;
    }
    const stored = await this.readStored(mq);
    if (stored >= 0) this.offsets.update(mq, stored, false);
    return stored;
  }

  removeOffset(mq: MessageQueue): void {
    this.offsets.remove(mq);
  }

  cloneOffsetTable(topic: string): MessageQueueMap<number> {
    return this.offsets.clone(topic);
  }
}
