// One group-commit unit of the commit log: records encoded back to back into a pooled buffer that
// becomes one positioned write, plus what the dispatch step and the waiting producers need to know
// about each record. Numbers live in typed arrays, so a batch of thousands of records costs no
// per-record objects beyond the producer's own promise.

import type { Segment } from './segment.js';
import type { PendingPut } from './put-result.js';

export interface DispatchTarget {
  readonly topic: string;
  readonly queueId: number;
}

export class WriteBatch {
  /** Physical offset of buf[0]. */
  start = 0;
  /** Bytes encoded into buf. */
  len = 0;
  /** Physical offset after this batch: start + len, or the segment end when the batch ends with a blank marker. */
  end = 0;
  segment: Segment | null = null;
  /** Set once handed to the OS by a write syscall. */
  written = false;

  count = 0;
  phy: Float64Array;
  size: Int32Array;
  queueOffset: Float64Array;
  storeTs: Float64Array;
  sysFlag: Int32Array;
  props: string[] = [];
  target: DispatchTarget[] = [];

  readonly waiters: PendingPut[] = [];
  lastStoreTimestamp = 0;

  constructor(readonly buf: Buffer) {
    const cap = 1024;
    this.phy = new Float64Array(cap);
    this.size = new Int32Array(cap);
    this.queueOffset = new Float64Array(cap);
    this.storeTs = new Float64Array(cap);
    this.sysFlag = new Int32Array(cap);
  }

  reset(start: number, segment: Segment): void {
    this.start = start;
    this.end = start;
    this.len = 0;
    this.segment = segment;
    this.written = false;
    this.count = 0;
    this.props.length = 0;
    this.target.length = 0;
    this.waiters.length = 0;
    this.lastStoreTimestamp = 0;
  }

  get free(): number {
    return this.buf.length - this.len;
  }

  addRecord(phy: number, size: number, target: DispatchTarget, queueOffset: number, storeTs: number, sysFlag: number, props: string): void {
    const i = this.count;
    if (i === this.phy.length) this.grow();
    this.phy[i] = phy;
    this.size[i] = size;
    this.queueOffset[i] = queueOffset;
    this.storeTs[i] = storeTs;
    this.sysFlag[i] = sysFlag;
    this.props[i] = props;
    this.target[i] = target;
    this.count = i + 1;
    this.lastStoreTimestamp = storeTs;
  }

  private grow(): void {
    const n = this.phy.length * 2;
    const f = (a: Float64Array) => { const b = new Float64Array(n); b.set(a); return b; };
    const g = (a: Int32Array) => { const b = new Int32Array(n); b.set(a); return b; };
    this.phy = f(this.phy);
    this.queueOffset = f(this.queueOffset);
    this.storeTs = f(this.storeTs);
    this.size = g(this.size);
    this.sysFlag = g(this.sysFlag);
  }

  /** Copies [offset, offset+len) of this batch into `dst` at `dstPos`; false when not all of it is here. */
  copyOut(offset: number, len: number, dst: Buffer, dstPos: number): boolean {
    if (offset < this.start || offset + len > this.start + this.len) return false;
    this.buf.copy(dst, dstPos, offset - this.start, offset - this.start + len);
    return true;
  }
}
