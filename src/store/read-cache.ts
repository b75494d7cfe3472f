// A small cache of recently read commit-log blocks. Consumers of the queues of one topic read the
// same stretch of the log, interleaved, at about the same time: one 1 MiB read serves all of them.
// Only bytes already written are cached, and they never change until their segment is deleted.

import type { Segment } from './segment.js';

export const READ_BLOCK = 1024 * 1024;

export class ReadCache {
  private readonly blocks = new Map<number, Buffer>();
  private readonly loading = new Map<number, Promise<Buffer | null>>();

  constructor(private readonly maxBlocks = 16) {}

  /**
   * Copies [offset, offset+len) of `seg` into out[outPos...] through the cache; false when it cannot
   * (the range crosses a block, or lies past `limit`, the end of what is written).
   */
  async copy(seg: Segment, offset: number, len: number, limit: number, out: Buffer, outPos: number): Promise<boolean> {
    const v = await this.view(seg, offset, len, limit);
    if (!v) return false;
    v.copy(out, outPos);
    return true;
  }

  /**
   * [offset, offset+len) of `seg` as a view of a cached block (blocks are never written into), or
   * null when the range crosses a block or lies past `limit`, the end of what is written.
   */
  async view(seg: Segment, offset: number, len: number, limit: number): Promise<Buffer | null> {
    const blockStart = offset - ((offset - seg.base) % READ_BLOCK);
    if (offset + len > blockStart + READ_BLOCK || offset + len > limit) return null;
    let b = this.blocks.get(blockStart);
    if (b && offset + len > blockStart + b.length) {
      // Cached while the log ended inside it: load it again, longer.
      this.blocks.delete(blockStart);
      b = undefined;
    }
    if (b) {
      this.blocks.delete(blockStart);
      this.blocks.set(blockStart, b);
    } else {
      let p = this.loading.get(blockStart);
      if (!p) {
        const size = Math.min(READ_BLOCK, seg.end - blockStart, limit - blockStart);
        p = this.load(seg, blockStart, size);
        this.loading.set(blockStart, p);
      }
      const loaded = await p;
      if (!loaded) return null;
      b = loaded;
    }
    const from = offset - blockStart;
    if (from + len > b.length) return null;
    return b.subarray(from, from + len);
  }

  private async load(seg: Segment, blockStart: number, size: number): Promise<Buffer | null> {
    try {
      const buf = Buffer.allocUnsafe(size);
      const n = await seg.read(buf, 0, size, blockStart - seg.base);
      if (n < size) return null;
      this.blocks.set(blockStart, buf);
      while (this.blocks.size > this.maxBlocks) this.blocks.delete(this.blocks.keys().next().value!);
      return buf;
    } finally {
      this.loading.delete(blockStart);
    }
  }

  /** Forgets blocks of deleted segments. */
  dropBelow(offset: number): void {
    for (const k of Array.from(this.blocks.keys())) if (k < offset) this.blocks.delete(k);
  }
}
