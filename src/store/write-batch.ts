// The two halves of group commit. A WriteBuffer is a window of the commit log in memory: records are
// encoded into it back to back, each write hands the OS the bytes added since the previous write,
// and once full it stays readable until the recent window lets it go. A RecordBatch describes the
// records of one write for the dispatch step and the producers waiting on them; numbers live in
// typed arrays, so thousands of records cost no per-record objects beyond the producer's promise.

import { viewOf } from '../common/message/int64.js';
import type { Segment } from './segment.js';
import type { PendingPut } from './put-result.js';

export interface DispatchTarget {
  readonly topic: string;
  readonly queueId: number;
}

export class WriteBuffer {
  /** Physical offset of buf[0]. */
  start = 0;
  /** Bytes encoded into buf. */
  len = 0;
  /** Bytes of buf handed to the OS. */
  written = 0;
  /** Whether it ends with the blank marker: its log continues at the next segment. */
  endsSegment = false;
  /** No more records go here. */
  sealed = false;
  /** Views of its bytes were handed out: it must never be refilled. */
  lent = false;
  segment: Segment | null = null;
  readonly dv: DataView;

  constructor(readonly buf: Buffer) {
    this.dv = viewOf(buf);
  }

  reset(start: number, segment: Segment): void {
    this.start = start;
    this.len = 0;
    this.written = 0;
    this.endsSegment = false;
    this.sealed = false;
    this.lent = false;
    this.segment = segment;
  }

  get free(): number {
    return this.buf.length - this.len;
  }

  /** Physical offset after what is written of this buffer. */
  get writtenEnd(): number {
    return this.endsSegment && this.written === this.len ? this.segment!.end : this.start + this.written;
  }

  /** Copies [offset, offset+len) into `dst` at `dstPos`; false when not all of it is here. */
  copyOut(offset: number, len: number, dst: Buffer, dstPos: number): boolean {
    if (offset < this.start || offset + len > this.start + this.len) return false;
    this.buf.copy(dst, dstPos, offset - this.start, offset - this.start + len);
    return true;
  }
}

export class RecordBatch {
  count = 0;
  phy: Float64Array;
  size: Int32Array;
  queueOffset: Float64Array;
  storeTs: Float64Array;
  sysFlag: Int32Array;
  props: string[] = [];
  target: DispatchTarget[] = [];
  readonly waiters: PendingPut[] = [];
  /** Waiters before this one are answered. */
  waiterCursor = 0;
  lastStoreTimestamp = 0;
  /** The log offset the write of these records reached. */
  writtenEnd = 0;

  constructor(cap = 1024) {
    this.phy = new Float64Array(cap);
    this.size = new Int32Array(cap);
    this.queueOffset = new Float64Array(cap);
    this.storeTs = new Float64Array(cap);
    this.sysFlag = new Int32Array(cap);
  }

  reset(): void {
    this.count = 0;
    this.props.length = 0;
    this.target.length = 0;
    this.waiters.length = 0;
    this.waiterCursor = 0;
    this.lastStoreTimestamp = 0;
    this.writtenEnd = 0;
  }

  /** Physical offset after record i. */
  endOf(i: number): number {
    return this.phy[i]! + this.size[i]!;
  }

  add(phy: number, size: number, target: DispatchTarget, queueOffset: number, storeTs: number, sysFlag: number, props: string): void {
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
    const f = (a: Float64Array) => {
      const b = new Float64Array(n);
      b.set(a);
      return b;
    };
    const g = (a: Int32Array) => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    this.phy = f(this.phy);
    this.queueOffset = f(this.queueOffset);
    this.storeTs = f(this.storeTs);
    this.size = g(this.size);
    this.sysFlag = g(this.sysFlag);
  }
}
