// The commit log's append path and byte reads. Records are encoded straight into write batches;
// every batch becomes one positioned write on its segment, issued as soon as the previous write
// returns, so everything encoded while a write is in flight rides on the next one (group commit).
// Written batches stay readable from memory for a while (the recent window); older bytes are read
// back from the segment files. Encoded bytes never change, and a buffer whose bytes were lent out
// as views is never refilled, so reads inside one buffer (or one cached block) are served as views
// without a copy; buffers nobody read from are refilled, which spares the garbage collector.
//
// Segment roll: when a record plus the 8-byte blank marker does not fit the rest of the segment,
// the marker (int32 remaining bytes | int32 0xCBD43194) ends the segment and the record goes to the
// start of the next one, which was preallocated in the background.
//
// A full disk (ENOSPC) is not the end of the log: the write that met it and everything encoded
// after it are taken back (their bytes zeroed on disk, so recovery cannot keep them, and their puts
// failed), and the log goes on from where that write began once the store lets puts in again.

import { getLogger } from '../common/logger.js';
import { BLANK_MAGIC_CODE, END_FILE_MIN_BLANK_LENGTH, MESSAGE_MAGIC_CODE } from '../common/message/record-codec.js';
import { setInt64, writeInt32BE } from '../common/message/int64.js';
import { writeUtf8 } from '../common/runtime.js';
import { isNoSpace } from './file-io.js';
import { PendingPut, type PutLatencySink, type PutMessageInput, PutMessageResult } from './put-result.js';
import { ReadCache } from './read-cache.js';
import { type Segment, SegmentList } from './segment.js';
import { PutMessageStatus } from './status.js';
import { type DispatchTarget, RecordBatch, WriteBuffer } from './write-batch.js';

const log = getLogger('store');
/** Records dispatched (and producers answered) per turn of the event loop. */
const DISPATCH_SLICE = 2048;
/** Reads up to this size go through the block cache; larger ones straight to the file. */
const CACHED_READ_MAX = 256 * 1024;

export interface CommitLogOptions {
  dir: string;
  fileSize: number;
  /** Largest record the log must take (maxMessageSize plus headers). */
  maxRecordSize: number;
  /** Capacity of one write batch. */
  batchBytes: number;
  /** Bytes of written batches kept in memory for reads. */
  recentWindowBytes: number;
  /** Tests: an error to fail a segment write with (a full disk, say), after it wrote what it liked. */
  writeFault?: ((file: string, pos: number, data: Uint8Array) => Error | null) | undefined;
}

/**
 * One record to append, already validated. `propsLen` is the UTF-8 length of `props`, or -1 when
 * not measured: then `size` is an upper bound (3 bytes per UTF-16 unit) and the exact lengths are
 * written back after encoding, which spares a pass over the string on the hot path.
 */
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
  /** Date.now() when the in-flight write started, 0 when idle (OS_PAGECACHE_BUSY detection). */
  writeStartedAt = 0;
  failure: Error | null = null;
  /**
   * Called after each write returns, in offset order, with a slice [from, to) of the records it
   * covered (all of them unless the group is large).
   */
  onWritten: (records: RecordBatch, from: number, to: number) => void = () => undefined;
  /** Where finished puts report their latency. */
  latencySink: PutLatencySink | null = null;
  /**
   * Told, before anything is awaited, that a write found the disk full: the records of `dropped`
   * are taken back (their queue offsets may be handed out again), and their puts will fail.
   */
  onNoSpace: (err: Error, dropped: readonly RecordBatch[]) => void = () => undefined;

  private current: Segment | null = null;
  private active: WriteBuffer | null = null;
  /** Every buffer readable from memory, in offset order; unwritten bytes are only ever in the last few. */
  private readonly inMemory: WriteBuffer[] = [];
  private memoryBytes = 0;
  private readonly pool: WriteBuffer[] = [];
  /** Records encoded since the last write started. */
  private records = new RecordBatch();
  private readonly recordPool: RecordBatch[] = [];
  /** Recently read blocks of written data: consumers of one topic's queues read the same stretch. */
  readonly readCache = new ReadCache();
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

  /** Encodes one record; the promise settles after its write (or flush). */
  appendOne(
    r: EncodedFields,
    target: DispatchTarget,
    queueOffset: number,
    storeTs: number,
    waitFlush: boolean,
    startedAt: number,
    waitReplica = false,
  ): Promise<PutMessageResult> {
    const a = this.active;
    if (r.propsLen < 0 && !(a && a.free >= r.size && a.segment!.end - this.maxOffset >= r.size + END_FILE_MIN_BLANK_LENGTH)) {
      // Near a segment or buffer end the decision needs the exact size.
      r.propsLen = Buffer.byteLength(r.props, 'utf8');
      r.size -= r.props.length * 3 - r.propsLen;
    }
    const b = this.reserve(r.size);
    const phy = this.maxOffset;
    const size = this.encode(b, b.len, r, queueOffset, phy, storeTs);
    b.len += size;
    this.maxOffset = phy + size;
    const recs = this.records;
    recs.add(phy, size, target, queueOffset, storeTs, r.sysFlag, r.props);
    const p = new PendingPut(PutMessageStatus.PUT_OK);
    p.wroteOffset = phy;
    p.wroteBytes = size;
    p.queueOffset = queueOffset;
    p.storeTimestamp = storeTs;
    p.msgNum = 1;
    p.storeHost = r.storeHost;
    p.end = phy + size;
    p.waitReplica = waitReplica;
    return this.enqueue(p, waitFlush, startedAt);
  }

  /**
   * Encodes the records of a batch put back to back in one segment (as Java's appendMessages);
   * one promise for all of them. Their sizes must be exact.
   */
  appendMany(
    records: EncodedFields[],
    target: DispatchTarget,
    firstQueueOffset: number,
    storeTs: number,
    waitFlush: boolean,
    startedAt: number,
    waitReplica = false,
  ): Promise<PutMessageResult> {
    let total = 0;
    for (const r of records) total += r.size;
    const b = this.reserve(total);
    const recs = this.records;
    const p = new PendingPut(PutMessageStatus.PUT_OK);
    p.wroteOffset = this.maxOffset;
    p.queueOffset = firstQueueOffset;
    p.storeTimestamp = storeTs;
    p.msgNum = records.length;
    p.storeHost = records[0]!.storeHost;
    p.offsets = [];
    for (let i = 0; i < records.length; i++) {
      const r = records[i]!;
      const phy = this.maxOffset;
      const size = this.encode(b, b.len, r, firstQueueOffset + i, phy, storeTs);
      b.len += size;
      this.maxOffset = phy + size;
      recs.add(phy, size, target, firstQueueOffset + i, storeTs, r.sysFlag, r.props);
      p.offsets.push(phy);
    }
    p.wroteBytes = this.maxOffset - p.wroteOffset;
    p.end = this.maxOffset;
    p.waitReplica = waitReplica;
    return this.enqueue(p, waitFlush, startedAt);
  }

  /** Queues a put behind the next write (and flush, when it waits for one); resolves when that is done. */
  private enqueue(p: PendingPut, waitFlush: boolean, startedAt: number): Promise<PutMessageResult> {
    p.waitFlush = waitFlush;
    p.startedAt = startedAt;
    const sink = this.latencySink;
    p.sink = sink;
    if (sink !== null) sink.putsInFlight++;
    this.records.waiters.push(p);
    this.scheduleWrite();
    const promise = new Promise<PutMessageResult>(captureResolve);
    p.resolve = captured;
    return promise;
  }

  /** Whether `size` bytes can ever fit one segment (with room for a blank marker). */
  fitsSegment(size: number): boolean {
    return size + END_FILE_MIN_BLANK_LENGTH <= this.opts.fileSize;
  }

  /** The buffer the next `size` bytes go to, ending the segment with a blank marker when they do not fit. */
  private reserve(size: number): WriteBuffer {
    let seg = this.current ?? (this.current = this.segments.acquire(this.maxOffset - (this.maxOffset % this.opts.fileSize)));
    const remaining = seg.end - this.maxOffset;
    if (size + END_FILE_MIN_BLANK_LENGTH > remaining) {
      const b = this.bufferFor(seg, END_FILE_MIN_BLANK_LENGTH);
      writeInt32BE(b.buf, remaining, b.len);
      writeInt32BE(b.buf, BLANK_MAGIC_CODE, b.len + 4);
      b.len += END_FILE_MIN_BLANK_LENGTH;
      b.endsSegment = true;
      b.sealed = true;
      this.active = null;
      this.maxOffset = seg.end;
      seg = this.current = this.segments.acquire(seg.end);
    }
    return this.bufferFor(seg, size);
  }

  /** The active buffer, replaced by a fresh one when it belongs to another segment or lacks room. */
  private bufferFor(seg: Segment, need: number): WriteBuffer {
    const a = this.active;
    if (a && a.segment === seg && a.free >= need) return a;
    if (a) a.sealed = true;
    const cap = this.bufferCapacity;
    const b = need <= cap ? (this.pool.pop() ?? new WriteBuffer(Buffer.allocUnsafe(cap))) : new WriteBuffer(Buffer.allocUnsafe(need));
    b.reset(this.maxOffset, seg);
    this.active = b;
    this.inMemory.push(b);
    this.memoryBytes += b.buf.length;
    return b;
  }

  private get bufferCapacity(): number {
    return Math.max(this.opts.batchBytes, this.opts.maxRecordSize + END_FILE_MIN_BLANK_LENGTH);
  }

  /** Encodes one record at buf[p]; returns its size (totalSize and propertiesLength are filled in last). */
  private encode(b: WriteBuffer, p: number, r: EncodedFields, queueOffset: number, phy: number, storeTs: number): number {
    const m = r.msg;
    const buf = b.buf;
    const dv = b.dv;
    dv.setInt32(p + 4, MESSAGE_MAGIC_CODE);
    dv.setInt32(p + 8, r.bodyCRC);
    dv.setInt32(p + 12, m.queueId);
    dv.setInt32(p + 16, m.flag);
    setInt64(dv, p + 20, queueOffset);
    setInt64(dv, p + 28, phy);
    dv.setInt32(p + 36, r.sysFlag);
    setInt64(dv, p + 40, m.bornTimestamp);
    let q = copySmall(m.bornHost, buf, p + 48);
    setInt64(dv, q, storeTs);
    q = copySmall(r.storeHost, buf, q + 8);
    dv.setInt32(q, m.reconsumeTimes ?? 0);
    setInt64(dv, q + 4, m.preparedTransactionOffset ?? 0);
    q += 12;
    const body = m.body;
    dv.setInt32(q, body.length);
    q += 4;
    if (body.length > 0) {
      if (body.length < 32) copySmall(body, buf, q);
      else buf.set(body, q);
      q += body.length;
    }
    buf[q++] = r.topicBytes.length;
    q = copySmall(r.topicBytes, buf, q);
    const propsLen = r.props.length === 0 ? 0 : writeUtf8(buf, r.props, q + 2, buf.length - q - 2);
    dv.setInt16(q, propsLen);
    const size = q + 2 + propsLen - p;
    dv.setInt32(p, size);
    return size;
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

  private get hasUnwritten(): boolean {
    return this.maxOffset > this.writtenOffset;
  }

  /**
   * Writes whatever was encoded since the last write, then hands those records to the dispatch
   * step while the next write is already in flight. Dispatch runs in slices with a turn of the
   * event loop between them, so a large group never holds the loop for long.
   */
  private async drain(): Promise<void> {
    if (this.writing) return;
    this.writing = true;
    let done: RecordBatch | null = null;
    try {
      while (!this.failure && (this.hasUnwritten || done)) {
        let recs: RecordBatch | null = null;
        let write: Promise<boolean> | null = null;
        if (this.hasUnwritten) {
          recs = this.records;
          this.records = this.recordPool.pop() ?? new RecordBatch();
          write = this.writeOut(recs);
        }
        if (done) {
          await this.dispatchInSlices(done);
          done.reset();
          this.recordPool.push(done);
          done = null;
        }
        if (write && (await write)) done = recs;
      }
    } finally {
      this.writing = false;
      const waiters = this.drained;
      this.drained = [];
      for (const w of waiters) w();
    }
  }

  /** One write per buffer holding unwritten bytes; false when a write failed. */
  private async writeOut(recs: RecordBatch): Promise<boolean> {
    const targets: Array<[WriteBuffer, number]> = [];
    for (const b of this.inMemory) if (b.written < b.len) targets.push([b, b.len]);
    this.writeStartedAt = Date.now();
    const from = this.writtenOffset;
    let end = from;
    let at: WriteBuffer | null = null;
    try {
      for (const [b, to] of targets) {
        at = b;
        const pos = b.start - b.segment!.base + b.written;
        const fault = this.opts.writeFault?.(b.segment!.file, pos, b.buf.subarray(b.written, to));
        if (fault) throw fault;
        await b.segment!.write(b.buf, b.written, to - b.written, b.start - b.segment!.base + b.written);
        b.written = to;
        end = b.writtenEnd;
      }
    } catch (err) {
      if (isNoSpace(err)) await this.takeBack(from, recs, err as Error);
      else this.fail(at!, err as Error, recs);
      return false;
    } finally {
      this.writeStartedAt = 0;
    }
    // Readers (replication, the read cache) see a write's bytes only once all of it succeeded.
    this.writtenOffset = end;
    recs.writtenEnd = this.writtenOffset;
    if (recs.count > 0) this.lastWrittenTimestamp = recs.lastStoreTimestamp;
    this.evictRecent();
    return true;
  }

  private async dispatchInSlices(recs: RecordBatch): Promise<void> {
    let from = 0;
    do {
      const to = Math.min(recs.count, from + DISPATCH_SLICE);
      try {
        this.onWritten(recs, from, to);
      } catch (err) {
        log.error('dispatch after write failed', { err });
      }
      from = to;
      if (from < recs.count) await new Promise<void>((resolve) => setImmediate(resolve));
    } while (from < recs.count);
    // onWritten answers the puts; should it have thrown before answering them all, the rest of
    // this write's puts are answered here rather than left waiting (the batch is reused next).
    const waiters = recs.waiters;
    for (let i = recs.waiterCursor; i < waiters.length; i++) waiters[i]!.complete(PutMessageStatus.UNKNOWN_ERROR);
    recs.waiterCursor = waiters.length;
  }

  /** A failed write leaves a hole no later record may follow: fail every pending put and stop. */
  private fail(at: WriteBuffer, err: Error, recs: RecordBatch): void {
    const creating = at.segment!.fd < 0;
    this.failure = err;
    log.error('commit-log write failed; the store stops accepting messages', { file: at.segment!.file, err });
    const status = creating ? PutMessageStatus.CREATE_MAPEDFILE_FAILED : PutMessageStatus.UNKNOWN_ERROR;
    for (const w of recs.waiters) w.complete(status);
    for (const w of this.records.waiters) w.complete(status);
    recs.reset();
    this.records.reset();
  }

  /**
   * Takes back everything from `from` (where the failed write began) to the end of the log: the
   * records of `recs` and those encoded since. Their bytes are zeroed on disk before their puts are
   * failed, so a producer told "not stored" never finds its message after a restart; should zeroing
   * fail too, their fate is unknown and the log stops as after any other write error.
   */
  private async takeBack(from: number, recs: RecordBatch, err: Error): Promise<void> {
    const end = this.maxOffset;
    const later = this.records;
    this.records = this.recordPool.pop() ?? new RecordBatch();
    this.maxOffset = from;
    this.active = null;
    this.current = null;
    const list = this.inMemory;
    while (list.length > 0 && list[list.length - 1]!.start >= from) {
      this.memoryBytes -= list.pop()!.buf.length;
    }
    const last = list[list.length - 1];
    if (last && last.start + last.len > from) {
      last.len = from - last.start;
      last.written = Math.min(last.written, last.len);
      last.endsSegment = false;
      last.sealed = true;
    }
    log.error('commit-log write failed: the disk is full; the messages of that write are taken back', {
      from,
      bytes: end - from,
      messages: recs.count + later.count,
      err,
    });
    this.onNoSpace(err, [recs, later]);
    let status: PutMessageStatus = PutMessageStatus.SERVICE_NOT_AVAILABLE;
    try {
      for (const seg of this.segments.segments) {
        if (seg.end > from && seg.base < end) await seg.zeroFrom(Math.max(from, seg.base) - seg.base);
      }
    } catch (zeroErr) {
      status = PutMessageStatus.UNKNOWN_ERROR;
      this.failure = zeroErr as Error;
      log.error('cannot zero the taken-back bytes; the store stops accepting messages', { err: zeroErr });
    }
    for (const w of recs.waiters) w.complete(status);
    for (const w of later.waiters) w.complete(status);
    recs.reset();
    later.reset();
    this.recordPool.push(later);
  }

  /** Lets go of the oldest full, written buffers beyond the recent window. */
  private evictRecent(): void {
    const list = this.inMemory;
    while (this.memoryBytes > this.opts.recentWindowBytes && list.length > 1) {
      const b = list[0]!;
      if (!b.sealed || b.written < b.len) break;
      list.shift();
      this.memoryBytes -= b.buf.length;
      if (!b.lent && b.buf.length === this.bufferCapacity && this.pool.length < 2) this.pool.push(b);
    }
  }

  /** Resolves once everything encoded so far has been written (or the log failed). */
  async whenWritten(): Promise<void> {
    while (!this.failure && (this.writing || this.writeScheduled || this.hasUnwritten)) {
      await new Promise<void>((resolve) => {
        this.drained.push(resolve);
        this.scheduleWrite();
      });
    }
  }

  // ---- reads ----

  /**
   * Bytes [offset, offset+len), from memory when recent, else from the segment; null when not stored.
   * The result may be a view of memory the log keeps: callers must not write into it.
   */
  async read(offset: number, len: number): Promise<Buffer | null> {
    if (len <= 0 || offset < 0 || offset + len > this.maxOffset) return null;
    const view = this.viewFromMemory(offset, len);
    if (view) return view;
    const memStart = this.inMemory.length > 0 ? this.inMemory[0]!.start : this.maxOffset;
    if (offset >= memStart) {
      const out = Buffer.allocUnsafe(len);
      return this.copyFromMemory(offset, len, out, 0) ? out : null;
    }
    const seg = this.segments.find(offset);
    if (!seg || offset + len > seg.end) return null;
    const diskLen = Math.min(len, memStart - offset);
    if (diskLen === len && len <= CACHED_READ_MAX) {
      const cached = await this.readCache.view(seg, offset, len, this.writtenOffset);
      if (cached) return cached;
    }
    const out = Buffer.allocUnsafe(len);
    if (!(diskLen <= CACHED_READ_MAX && (await this.readCache.copy(seg, offset, diskLen, this.writtenOffset, out, 0)))) {
      const n = await seg.read(out, 0, diskLen, offset - seg.base);
      if (n < diskLen) return null;
    }
    if (diskLen < len && !this.copyFromMemory(offset + diskLen, len - diskLen, out, diskLen)) return null;
    return out;
  }

  /** A view of [offset, offset+len) when it lies inside one buffer in memory, else null. Do not write into it. */
  viewFromMemory(offset: number, len: number): Buffer | null {
    const list = this.inMemory;
    if (list.length === 0 || offset < list[0]!.start || offset + len > this.maxOffset) return null;
    let i = list.length - 1;
    while (i > 0 && list[i]!.start > offset) i--;
    const b = list[i]!;
    const from = offset - b.start;
    if (from + len > b.len) return null;
    b.lent = true;
    return b.buf.subarray(from, from + len);
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

  // ---- replication ----

  /**
   * Up to `maxLen` bytes from `offset` that reached the OS, never past the end of the segment holding
   * `offset` (so a blank marker and the zeros after it travel as stored); empty when nothing is
   * written there yet, null when the offset is not stored. May be a view of memory the log keeps.
   */
  async readWritten(offset: number, maxLen: number): Promise<Buffer | null> {
    if (offset >= this.writtenOffset) return offset <= this.maxOffset ? EMPTY : null;
    const seg = this.segments.find(offset);
    if (!seg) return null;
    const len = Math.min(maxLen, this.writtenOffset - offset, seg.end - offset);
    const list = this.inMemory;
    let i = list.length - 1;
    while (i >= 0 && list[i]!.start > offset) i--;
    const b = i >= 0 ? list[i]! : null;
    if (b && offset < b.start + b.written) {
      b.lent = true;
      const from = offset - b.start;
      return b.buf.subarray(from, from + Math.min(len, b.written - from));
    }
    // Older bytes, or the zeros after a blank marker, which no buffer holds.
    const out = Buffer.allocUnsafe(len);
    const n = await seg.read(out, 0, len, offset - seg.base);
    return n < 0 ? null : out.subarray(0, n);
  }

  /**
   * Writes bytes received from a master at `offset`, which must be where this log ends (a slave's
   * appendToCommitLog): they land in the segments exactly as the master stored them, segment rolls
   * included. Resolves once they reached the OS.
   */
  async appendReplicated(offset: number, data: Buffer): Promise<void> {
    await this.whenWritten();
    if (this.failure) throw this.failure;
    if (this.active) this.active.sealed = true;
    this.active = null;
    this.current = null;
    // Buffers of earlier local puts would shadow nothing, but reads past them must go to the files.
    this.inMemory.length = 0;
    this.memoryBytes = 0;
    let pos = 0;
    while (pos < data.length) {
      const at = offset + pos;
      const seg = this.segments.acquire(at - (at % this.opts.fileSize));
      const n = Math.min(data.length - pos, seg.end - at);
      try {
        await seg.write(data, pos, n, at - seg.base);
      } catch (err) {
        this.failure = err as Error;
        log.error('commit-log write of replicated data failed; the store stops accepting data', { file: seg.file, err });
        throw err;
      }
      pos += n;
      this.maxOffset = this.writtenOffset = at + n;
    }
  }

  async close(): Promise<void> {
    await this.whenWritten();
    await this.segments.close();
  }
}

const EMPTY = Buffer.alloc(0);

// One shared executor instead of a closure per put: it parks the resolver for the caller to take.
let captured: (r: PutMessageResult) => void = () => undefined;
function captureResolve(resolve: (r: PutMessageResult) => void): void {
  captured = resolve;
}

/** Copies a short array byte by byte (cheaper than a native copy for a few bytes); returns the end position. */
function copySmall(src: Uint8Array, dst: Uint8Array, pos: number): number {
  for (let i = 0; i < src.length; i++) dst[pos + i] = src[i]!;
  return pos + src.length;
}
