// All consume queues of a store, by topic and queue id, loaded from consumequeue/<topic>/<queueId>.

import path from 'node:path';
import { getLogger } from '../common/logger.js';
import { ConsumeQueue } from './consume-queue.js';
import { listDir, mkdirp } from './file-io.js';
import type { FilePool } from './file-pool.js';

const log = getLogger('store');
/** Queues written per turn of the event loop by writeBehind. */
const WRITE_SLICE = 64;

export class ConsumeQueueTable {
  private readonly table = new Map<string, Map<number, ConsumeQueue>>();
  /** Queues holding units not yet written. */
  private dirty: ConsumeQueue[] = [];
  private readonly dirtySet = new Set<ConsumeQueue>();

  constructor(
    readonly root: string,
    readonly fileSize: number,
    private readonly pool: FilePool,
  ) {}

  async load(): Promise<void> {
    await mkdirp(this.root);
    for (const topic of await listDir(this.root)) {
      for (const q of await listDir(path.join(this.root, topic))) {
        if (!/^\d+$/.test(q)) continue;
        const cq = this.create(topic, Number(q));
        await cq.load();
      }
    }
  }

  private create(topic: string, queueId: number): ConsumeQueue {
    let m = this.table.get(topic);
    if (!m) this.table.set(topic, m = new Map());
    const cq = new ConsumeQueue(topic, queueId, path.join(this.root, topic, String(queueId)), this.fileSize, this.pool);
    m.set(queueId, cq);
    return cq;
  }

  find(topic: string, queueId: number): ConsumeQueue | undefined {
    return this.table.get(topic)?.get(queueId);
  }

  findOrCreate(topic: string, queueId: number): ConsumeQueue {
    return this.table.get(topic)?.get(queueId) ?? this.create(topic, queueId);
  }

  *all(): IterableIterator<ConsumeQueue> {
    for (const m of this.table.values()) yield* m.values();
  }

  topics(): string[] {
    return Array.from(this.table.keys());
  }

  queuesOf(topic: string): ConsumeQueue[] {
    return Array.from(this.table.get(topic)?.values() ?? []);
  }

  markDirty(cq: ConsumeQueue): void {
    if (this.dirtySet.has(cq)) return;
    this.dirtySet.add(cq);
    this.dirty.push(cq);
  }

  get hasDirty(): boolean {
    return this.dirty.length > 0;
  }

  /** Marks again every queue with units not yet written (after a write failed for a full disk). */
  markUnwrittenDirty(): void {
    for (const cq of this.all()) if (cq.hasUnwritten) this.markDirty(cq);
  }

  /** The writes of the last writeBehind call, which also waited for the calls before it. */
  private writing: Promise<unknown> | null = null;

  /**
   * Writes every queue's new units, WRITE_SLICE queues per turn of the event loop: small writes go
   * to the page cache from the loop, and a topic with 1024 queues (BenchmarkTest) has hundreds of
   * them dirty at once. It also waits for writes an earlier call started: those queues have left
   * the dirty list, and a caller judging files by their contents (retention) needs them done.
   */
  async writeBehind(): Promise<void> {
    const list = this.dirty;
    this.dirty = [];
    this.dirtySet.clear();
    const before = this.writing?.catch(() => undefined);
    const mine = (async () => {
      const first = Promise.all(list.slice(0, WRITE_SLICE).map((cq) => cq.writeBehind()));
      await before;
      await first;
      for (let i = WRITE_SLICE; i < list.length; i += WRITE_SLICE) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        await Promise.all(list.slice(i, i + WRITE_SLICE).map((cq) => cq.writeBehind()));
      }
    })();
    this.writing = mine;
    try {
      await mine;
    } finally {
      if (this.writing === mine) this.writing = null;
    }
  }

  async flush(leastPages: number): Promise<void> {
    await this.writeBehind();
    for (const cq of this.all()) await cq.flush(leastPages);
  }

  /** The largest message end any queue points to (-1 when none). */
  maxPhysicOffset(): number {
    let max = -1;
    for (const cq of this.all()) if (cq.maxPhysicOffset > max) max = cq.maxPhysicOffset;
    return max;
  }

  async recover(): Promise<void> {
    for (const cq of this.all()) await cq.recover();
  }

  async truncateDirty(phyOffset: number): Promise<void> {
    for (const cq of this.all()) if (cq.maxPhysicOffset > phyOffset) await cq.truncateDirty(phyOffset);
  }

  /** Queue offsets for new puts continue after what each queue holds; minimums skip deleted data. */
  async resetOffsets(minPhyOffset: number): Promise<void> {
    for (const cq of this.all()) {
      cq.nextAssign = cq.maxOffsetInQueue;
      await cq.correctMinOffset(minPhyOffset);
    }
  }

  async deleteTopic(topic: string): Promise<boolean> {
    const m = this.table.get(topic);
    if (!m) return false;
    this.table.delete(topic);
    for (const cq of m.values()) {
      this.dirtySet.delete(cq);
      await cq.destroy();
    }
    this.dirty = this.dirty.filter((cq) => cq.topic !== topic);
    log.info('consume queues deleted', { topic });
    return true;
  }

  async deleteQueue(cq: ConsumeQueue): Promise<void> {
    const m = this.table.get(cq.topic);
    m?.delete(cq.queueId);
    if (m && m.size === 0) this.table.delete(cq.topic);
    this.dirtySet.delete(cq);
    this.dirty = this.dirty.filter((x) => x !== cq);
    await cq.destroy();
  }

  async destroyAll(): Promise<void> {
    for (const topic of this.topics()) await this.deleteTopic(topic);
  }

  async close(): Promise<void> {
    await this.writeBehind();
    for (const cq of this.all()) await cq.close();
  }
}
