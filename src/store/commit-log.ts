// The commit log's append path and byte reads. Records are encoded straight into pooled write
// batches; every batch becomes one positioned write on its segment, issued as soon as the previous
// write returns, so everything encoded while a write is in flight rides on the next one (group
// commit). Written batches stay readable from memory for a while (the recent window); older
// bytes are read back from the segment files.
//
// Segment roll: when a record plus the 8-byte blank marker does not fit the rest of the segment,
// the marker (int32 remaining bytes | int32 0xCBD43194) ends the segment and the record goes to the
// start of the next one, which was preallocated in the background.

import { getLogger } from '../common/logger.js';
import { nowMs } from '../common/runtime.js';
import { BLANK_MAGIC_CODE, END_FILE_MIN_BLANK_LENGTH, MESSAGE_MAGIC_CODE } from '../common/message/record-codec.js';
import { writeInt32BE, writeInt64BE } from '../common/message/int64.js';
import { PendingPut, PutMessageResult, type PutLatencySink, type PutMessageInput } from './put-result.js';
import { SegmentList, type Segment } from './segment.js';
import { PutMessageStatus } from './status.js';
import { WriteBatch, type DispatchTarget } from './write-batch.js';

const log = getLogger('store');

export interface CommitLogOptions {
  dir: string;
  fileSize: number;
  /** Largest record the log must take (maxMessageSize plus headers). */
  maxRecordSize: number;
  /** Capacity of one write batch. */
  batchBytes: number;
  /** Bytes of written batches kept in memory for reads. */
  recentWindowBytes: number;
}

/** One record to append, already validated; `props` is the properties string, `propsLen` its UTF-8 length. */
export interface EncodedFields {
  msg: PutMessageInput;
  topicBytes: Buffer;
  props: string;
  propsLen: number;
  sysFlag: number;
  storeHost: Buffer;
  bodyCRC: number;
  size: number;
}

export class CommitLog {
  readonly segments: SegmentList;
  /** Physical offset the next record gets (Java's getMaxOffset). */
  maxOffset = 0;
  /** Everything below this has been handed to the OS. */
  writtenOffset = 0;
  /** Store timestamp of the last record handed to the OS. */
  lastWrittenTimestamp = 0;
  /** Monotonic time the in-flight write started, 0 when idle (OS_PAGECACHE_BUSY detection). */
  writeStartedAt = 0;
  failure: Error | null = null;
  /** Called once per batch after its write returns, in offset order. */
  onWritten: (batch: WriteBatch) => void = () => undefined;

  private current: Segment | null = null;
  private active: WriteBatch | null = null;
  private readonly queue: WriteBatch[] = [];
  /** Every batch whose bytes are readable from memory, in offset order (written ones first). */
  private readonly inMemory: WriteBatch[] = [];
  private recentBytes = 0;
  private readonly pool: WriteBatch[] = [];
  private writing = false;
  private writeScheduled = false;
  private drained: Array<() => void> = [];

  constructor(private readonly opts: CommitLogOptions) {
    this.segments = new SegmentList(opts.dir, opts.fileSize);
  }

  get fileSize(): number {
    return this.opts.fileSize;
  }

  /** Sets the append position after recovery: `offset` is the valid end. */
  resetAppendPosition(offset: number): void {
    this.maxOffset = offset;
    this.writtenOffset = offset;
    this.current = null;
    const last = this.segments.last;
    if (last && offset >= last.base && offset < last.end) this.current = this.segments.acquire(last.base);
  }

  /** Smallest physical offset still stored, or -1 without segments. */
  get minOffset(): number {
    const first = this.segments.first;
    return first ? first.base : -1;
  }

  rollNextFile(offset: number): number {
    return offset + this.opts.fileSize - (offset % this.opts.fileSize);
  }

  /** Bytes encoded but not yet handed to the OS. */
  get unwrittenBytes(): number {
    return this.maxOffset - this.writtenOffset;
  }

  // ---- append ----

  /** Where finished puts report their latency. */
  latencySink: PutLatencySink | null = null;

  /** Encodes one record into the current batch; the promise settles after its write (or flush). */
  appendOne(r: EncodedFields, target: DispatchTarget, queueOffset: number, storeTs: number, waitFlush: boolean): Promise<PutMessageResult> {
    const startedAt = nowMs();
    const batch = this.reserve(r.size);
    const phy = this.maxOffset;
    this.encode(batch.buf, batch.len, r, queueOffset, phy, storeTs);
    batch.addRecord(phy, r.size, target, queueOffset, storeTs, r.sysFlag, r.props);
    batch.len += r.size;
    batch.end = batch.start + batch.len;
    this.maxOffset = phy + r.size;
    const result = new PutMessageResult(PutMessageStatus.PUT_OK);
    result.wroteOffset = phy;
    result.wroteBytes = r.size;
    result.queueOffset = queueOffset;
    result.storeTimestamp = storeTs;
    result.msgNum = 1;
    result.storeHost = r.storeHost;
    this.scheduleWrite();
    return new Promise<PutMessageResult>((resolve) => {
      batch.waiters.push(new PendingPut(result, resolve, phy + r.size, waitFlush, startedAt, this.latencySink));
    });
  }

  /**
   * Encodes the records of a batch put back to back in one segment (as Java's appendMessages);
   * one promise for all of them.
   */
  appendMany(records: EncodedFields[], target: DispatchTarget, firstQueueOffset: number, storeTs: number, waitFlush: boolean): Promise<PutMessageResult> {
    const startedAt = nowMs();
    let total = 0;
    for (const r of records) total += r.size;
    const batch = this.reserve(total);
    const result = new PutMessageResult(PutMessageStatus.PUT_OK);
    result.wroteOffset = this.maxOffset;
    result.wroteBytes = total;
    result.queueOffset = firstQueueOffset;
    result.storeTimestamp = storeTs;
    result.msgNum = records.length;
    result.storeHost = records[0]!.storeHost;
    result.offsets = [];
    for (let i = 0; i < records.length; i++) {
      const r = records[i]!;
      const phy = this.maxOffset;
      this.encode(batch.buf, batch.len, r, firstQueueOffset + i, phy, storeTs);
      batch.addRecord(phy, r.size, target, firstQueueOffset + i, storeTs, r.sysFlag, r.props);
      batch.len += r.size;
      batch.end = batch.start + batch.len;
      this.maxOffset = phy + r.size;
      result.offsets.push(phy);
    }
    const end = this.maxOffset;
    this.scheduleWrite();
    return new Promise<PutMessageResult>((resolve) => {
      batch.waiters.push(new PendingPut(result, resolve, end, waitFlush, startedAt, this.latencySink));
    });
  }

  /** Whether `size` bytes can ever fit one segment (with room for a blank marker). */
  fitsSegment(size: number): boolean {
    return size + END_FILE_MIN_BLANK_LENGTH <= this.opts.fileSize;
  }

  private reserve(size: number): WriteBatch {
    let seg = this.current ?? (this.current = this.segments.acquire(this.maxOffset - (this.maxOffset % this.opts.fileSize)));
    const remaining = seg.end - this.maxOffset;
    if (size + END_FILE_MIN_BLANK_LENGTH > remaining) {
      let b = this.batchFor(seg, END_FILE_MIN_BLANK_LENGTH);
      writeInt32BE(b.buf, remaining, b.len);
      writeInt32BE(b.buf, BLANK_MAGIC_CODE, b.len + 4);
      b.len += END_FILE_MIN_BLANK_LENGTH;
      b.end = seg.end;
      this.seal();
      this.maxOffset = seg.end;
      seg = this.current = this.segments.acquire(seg.end);
      b = this.batchFor(seg, size);
      return b;
    }
    return this.batchFor(seg, size);
  }

  /** The active batch, replaced by a fresh one when it belongs to another segment or lacks room. */
  private batchFor(seg: Segment, need: number): WriteBatch {
    const a = this.active;
    if (a && a.segment === seg && a.free >= need && a.end === this.maxOffset) return a;
    if (a) this.seal();
    const cap = this.batchCapacity;
    const b = need <= cap ? (this.pool.pop() ?? new WriteBatch(Buffer.allocUnsafe(cap))) : new WriteBatch(Buffer.allocUnsafe(need));
    b.reset(this.maxOffset, seg);
    this.active = b;
    this.inMemory.push(b);
    return b;
  }

  private get batchCapacity(): number {
    return Math.max(this.opts.batchBytes, this.opts.maxRecordSize + END_FILE_MIN_BLANK_LENGTH);
  }

  private recycle(b: WriteBatch): void {
    if (b.buf.length === this.batchCapacity && this.pool.length < 4) this.pool.push(b);
  }

  private seal(): void {
    const a = this.active;
    if (!a) return;
    this.active = null;
    if (a.len > 0) this.queue.push(a);
    else this.dropFromMemory(a);
  }

  private dropFromMemory(b: WriteBatch): void {
    const i = this.inMemory.indexOf(b);
    if (i >= 0) this.inMemory.splice(i, 1);
    this.recycle(b);
  }

  private encode(buf: Buffer, p: number, r: EncodedFields, queueOffset: number, phy: number, storeTs: number): void {
    const m = r.msg;
    writeInt32BE(buf, r.size, p);
    writeInt32BE(buf, MESSAGE_MAGIC_CODE, p + 4);
    writeInt32BE(buf, r.bodyCRC, p + 8);
    writeInt32BE(buf, m.queueId, p + 12);
    writeInt32BE(buf, m.flag, p + 16);
    writeInt64BE(buf, queueOffset, p + 20);
    writeInt64BE(buf, phy, p + 28);
    writeInt32BE(buf, r.sysFlag, p + 36);
    writeInt64BE(buf, m.bornTimestamp, p + 40);
    let q = p + 48;
    q = copySmall(m.bornHost, buf, q);
    writeInt64BE(buf, storeTs, q);
    q = copySmall(r.storeHost, buf, q + 8);
    writeInt32BE(buf, m.reconsumeTimes ?? 0, q);
    writeInt64BE(buf, m.preparedTransactionOffset ?? 0, q + 4);
    q += 12;
    const body = m.body;
    writeInt32BE(buf, body.length, q);
    q += 4;
    if (body.length > 0) q += body.length < 64 ? copySmall(body, buf, q) - q : body.copy(buf, q);
    buf[q++] = r.topicBytes.length;
    q = copySmall(r.topicBytes, buf, q);
    buf[q] = r.propsLen >>> 8;
    buf[q + 1] = r.propsLen;
    if (r.propsLen > 0) buf.write(r.props, q + 2, r.propsLen, 'utf8');
  }

  // ---- write loop ----

  private scheduleWrite(): void {
    if (this.writing || this.writeScheduled) return;
    this.writeScheduled = true;
    setImmediate(this.writeTick);
  }

  private readonly writeTick = (): void => {
    this.writeScheduled = false;
    void this.drain();
  };

  private async drain(): Promise<void> {
    if (this.writing) return;
    this.writing = true;
    try {
      while (!this.failure) {
        let b = this.queue.shift();
        if (!b) {
          if (!this.active || this.active.len === 0) break;
          b = this.active;
          this.active = null;
        }
        this.writeStartedAt = nowMs();
        try {
          await b.segment!.write(b.buf, 0, b.len, b.start - b.segment!.base);
        } catch (err) {
          this.fail(b, err as Error);
          break;
        } finally {
          this.writeStartedAt = 0;
        }
        b.written = true;
        this.writtenOffset = b.end;
        if (b.count > 0) this.lastWrittenTimestamp = b.lastStoreTimestamp;
        this.recentBytes += b.len;
        try {
          this.onWritten(b);
        } catch (err) {
          log.error('dispatch after write failed', { err });
        }
        this.evictRecent();
      }
    } finally {
      this.writing = false;
      const waiters = this.drained;
      this.drained = [];
      for (const w of waiters) w();
    }
  }

  /** A failed write leaves a hole no later record may follow: fail every pending put and stop. */
  private fail(first: WriteBatch, err: Error): void {
    const creating = first.segment!.fd < 0;
    this.failure = err;
    log.error('commit-log write failed; the store stops accepting messages', { file: first.segment!.file, err });
    const status = creating ? PutMessageStatus.CREATE_MAPEDFILE_FAILED : PutMessageStatus.UNKNOWN_ERROR;
    const pending = [first, ...this.queue.splice(0), ...(this.active ? [this.active] : [])];
    this.active = null;
    for (const b of pending) for (const w of b.waiters) w.complete(status);
  }

  private evictRecent(): void {
    while (this.recentBytes > this.opts.recentWindowBytes && this.inMemory.length > 0 && this.inMemory[0]!.written) {
      const b = this.inMemory.shift()!;
      this.recentBytes -= b.len;
      this.recycle(b);
    }
  }

  /** Resolves once everything encoded so far has been written (or the log failed). */
  async whenWritten(): Promise<void> {
    while (!this.failure && (this.writing || this.writeScheduled || this.queue.length > 0 || (this.active?.len ?? 0) > 0)) {
      await new Promise<void>((resolve) => {
        this.drained.push(resolve);
        this.scheduleWrite();
      });
    }
  }

  // ---- reads ----

  /** Bytes [offset, offset+len), from memory when recent, else from the segment; null when not stored. */
  async read(offset: number, len: number): Promise<Buffer | null> {
    if (len <= 0 || offset < 0 || offset + len > this.maxOffset) return null;
    const memStart = this.inMemory.length > 0 ? this.inMemory[0]!.start : this.maxOffset;
    const out = Buffer.allocUnsafe(len);
    if (offset >= memStart) return this.copyFromMemory(offset, len, out, 0) ? out : null;
    const seg = this.segments.find(offset);
    if (!seg || offset + len > seg.end) return null;
    const diskLen = Math.min(len, memStart - offset);
    const n = await seg.read(out, 0, diskLen, offset - seg.base);
    if (n < diskLen) return null;
    if (diskLen < len && !this.copyFromMemory(offset + diskLen, len - diskLen, out, diskLen)) return null;
    return out;
  }

  /** Synchronous read of recent bytes; null when any of them is not in memory. */
  readFromMemory(offset: number, len: number): Buffer | null {
    if (this.inMemory.length === 0 || offset < this.inMemory[0]!.start || offset + len > this.maxOffset) return null;
    const out = Buffer.allocUnsafe(len);
    return this.copyFromMemory(offset, len, out, 0) ? out : null;
  }

  private copyFromMemory(offset: number, len: number, out: Buffer, outPos: number): boolean {
    const list = this.inMemory;
    let i = list.length - 1;
    while (i >= 0 && list[i]!.start > offset) i--;
    while (len > 0) {
      const b = list[i];
      if (!b || offset < b.start || offset >= b.start + b.len) return false;
      const n = Math.min(len, b.start + b.len - offset);
      b.copyOut(offset, n, out, outPos);
      offset += n;
      outPos += n;
      len -= n;
      i++;
    }
    return true;
  }

  /** Reads one record's totalSize field. */
  async recordSizeAt(offset: number): Promise<number> {
    const b = await this.read(offset, 4);
    return b ? b.readInt32BE(0) : -1;
  }

  async close(): Promise<void> {
    await this.whenWritten();
    await this.segments.close();
  }
}

/** Copies a short array byte by byte (cheaper than a native copy for a few bytes); returns the end position. */
function copySmall(src: Uint8Array, dst: Uint8Array, pos: number): number {
  for (let i = 0; i < src.length; i++) dst[pos + i] = src[i]!;
  return pos + src.length;
}
