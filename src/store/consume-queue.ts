// One consume queue: consumequeue/<topic>/<queueId>/<20-digit logical byte offset>, files of
// whole units, big-endian:
//   unit = commitLogOffset i64 | size i32 | tagsCode i64          (20 bytes)
// Queue offset n lives at byte n * 20. A queue that starts past offset 0 begins its first file with
// filler units (0, Integer.MAX_VALUE, 0); zero units mark the unused tail. New units collect in
// memory and are written behind in batches; units on disk are read back in blocks.

import path from 'node:path';
import { readInt32BE, readInt64BE, setInt64, viewOf } from '../common/message/int64.js';
import { getLogger } from '../common/logger.js';
import {
  createSized,
  fdatasync,
  fileMtime,
  listStoreFiles,
  mkdirp,
  offsetFileName,
  preadAll,
  pwriteAll,
  removeTree,
  unlinkFile,
  zeroRange,
} from './file-io.js';
import type { FilePool, PooledFile } from './file-pool.js';
import type { TopicPutCounter } from './store-stats.js';

const log = getLogger('store');

export const CQ_UNIT = 20;
const OS_PAGE_SIZE = 4096;
const READ_BLOCK = 32 * 1024;
const SCAN_CHUNK = 1024 * 1024;

interface CqFile {
  base: number;
  file: PooledFile;
}

export class ConsumeQueue {
  private files: CqFile[] = [];
  /** Logical byte offset of the first readable unit. */
  minLogicOffset = 0;
  /** End (offset + size) of the last unit's message; -1 when empty. */
  maxPhysicOffset = -1;
  /** Logical end of all units, including those not yet written. */
  endLogic = 0;
  /** Units below this are on disk (handed to the OS). */
  private writtenLogic = 0;
  private flushedLogic = 0;
  private pending = Buffer.allocUnsafe(4 * CQ_UNIT);
  private pendingView = viewOf(this.pending);
  private pendingLen = 0;
  private writing: Promise<void> | null = null;
  private readCache: { start: number; buf: Buffer } | null = null;
  /** Queue offset the next put gets (Java's topicQueueTable entry). */
  nextAssign = 0;
  /** The put counters of this queue's topic, kept here to skip a map look-up per put. */
  putCounter: TopicPutCounter | null = null;
  private destroyed = false;

  constructor(
    readonly topic: string,
    readonly queueId: number,
    readonly dir: string,
    readonly fileSize: number,
    private readonly pool: FilePool,
  ) {}

  // ---- load and recovery ----

  async load(): Promise<void> {
    for (const file of await listStoreFiles(this.dir, /^\d{20}$/, this.fileSize, 'mappedFileSizeConsumeQueue')) {
      this.files.push({ base: Number(path.basename(file)), file: this.pool.file(file) });
    }
    this.minLogicOffset = this.files[0]?.base ?? 0;
  }

  /** Finds the end of the units, scanning from the third-last file as Java does, and drops files past it. */
  async recover(): Promise<void> {
    if (this.files.length === 0) return;
    let idx = Math.max(0, this.files.length - 3);
    let processOffset = this.files[idx]!.base;
    let inFile = 0;
    for (;;) {
      inFile = await this.scanValidUnits(this.files[idx]!);
      if (inFile !== this.fileSize) break;
      if (++idx >= this.files.length) break;
      processOffset = this.files[idx]!.base;
      inFile = 0;
    }
    const end = processOffset + inFile;
    this.endLogic = this.writtenLogic = this.flushedLogic = end;
    while (this.files.length > 0 && this.files[this.files.length - 1]!.base > end) await this.dropFile(this.files.pop()!);
    this.nextAssign = end / CQ_UNIT;
  }

  /** Bytes of valid units at the start of `f`; updates maxPhysicOffset. */
  private async scanValidUnits(f: CqFile): Promise<number> {
    const buf = Buffer.allocUnsafe(SCAN_CHUNK);
    return f.file.use(async (fd) => {
      for (let pos = 0; pos < this.fileSize; pos += SCAN_CHUNK) {
        const n = await preadAll(fd, buf, 0, Math.min(SCAN_CHUNK, this.fileSize - pos), pos);
        for (let i = 0; i + CQ_UNIT <= n; i += CQ_UNIT) {
          const offset = readInt64BE(buf, i);
          const size = readInt32BE(buf, i + 8);
          if (!(offset >= 0 && size > 0)) return pos + i;
          this.maxPhysicOffset = offset + size;
        }
        if (n < SCAN_CHUNK) return pos + n - (n % CQ_UNIT);
      }
      return this.fileSize;
    });
  }

  /** Removes units whose message starts at or after `phyOffset` (recovery after a torn commit-log tail). */
  async truncateDirty(phyOffset: number): Promise<void> {
    await this.writeBehind();
    const oldEnd = this.endLogic;
    let keepEnd = Math.max(this.minLogicOffset, oldEnd);
    let lastKept = -1;
    const unit = Buffer.allocUnsafe(CQ_UNIT);
    while (keepEnd > this.minLogicOffset) {
      const u = await this.readUnitsInto(keepEnd - CQ_UNIT, unit);
      if (!u) break;
      const offset = readInt64BE(unit, 0);
      if (offset < phyOffset) {
        lastKept = offset + readInt32BE(unit, 8);
        break;
      }
      keepEnd -= CQ_UNIT;
    }
    if (keepEnd === oldEnd) return;
    log.warn('truncating consume queue past the commit-log end', {
      topic: this.topic,
      queueId: this.queueId,
      from: oldEnd / CQ_UNIT,
      to: keepEnd / CQ_UNIT,
    });
    for (const f of this.files) {
      const from = Math.max(keepEnd, f.base);
      const to = Math.min(oldEnd, f.base + this.fileSize);
      if (from < to && f.base < keepEnd) await f.file.use((fd) => zeroRange(fd, from - f.base, to - from));
    }
    while (this.files.length > 0 && this.files[this.files.length - 1]!.base >= keepEnd) await this.dropFile(this.files.pop()!);
    this.endLogic = this.writtenLogic = this.flushedLogic = keepEnd;
    this.maxPhysicOffset = lastKept;
    this.nextAssign = keepEnd / CQ_UNIT;
    this.readCache = null;
    if (this.files.length === 0) this.minLogicOffset = keepEnd;
  }

  // ---- dispatch ----

  /** Appends the unit of queue offset `cqOffset` (Java's putMessagePositionInfo). */
  putUnit(phyOffset: number, size: number, tagsCode: number, cqOffset: number): void {
    if (phyOffset + size <= this.maxPhysicOffset) return; // replayed twice
    const expect = cqOffset * CQ_UNIT;
    if (expect > 0 && expect >= this.endLogic && this.files.length === 0 && this.pendingLen === 0) {
      // A queue without files that starts mid-way (new, or all its files removed): its first file
      // gets filler units up to the offset, so a recovery scan does not stop at a zero unit.
      const base = expect - (expect % this.fileSize);
      this.writtenLogic = this.flushedLogic = this.endLogic = base;
      for (let p = base; p < expect; p += CQ_UNIT) this.appendUnit(0, 0x7fffffff, 0);
      this.minLogicOffset = expect;
    }
    if (cqOffset !== 0) {
      if (expect < this.endLogic) return;
      if (expect !== this.endLogic) {
        log.error('consume queue order broken', {
          topic: this.topic,
          queueId: this.queueId,
          expected: expect / CQ_UNIT,
          current: this.endLogic / CQ_UNIT,
        });
      }
    }
    this.appendUnit(phyOffset, size, tagsCode);
    this.maxPhysicOffset = phyOffset + size;
  }

  private appendUnit(phyOffset: number, size: number, tagsCode: number): void {
    if (this.pendingLen + CQ_UNIT > this.pending.length) {
      const next = Buffer.allocUnsafe(this.pending.length * 2);
      this.pending.copy(next, 0, 0, this.pendingLen);
      this.pending = next;
      this.pendingView = viewOf(next);
    }
    const p = this.pendingLen;
    const dv = this.pendingView;
    setInt64(dv, p, phyOffset);
    dv.setInt32(p + 8, size);
    setInt64(dv, p + 12, tagsCode);
    this.pendingLen = p + CQ_UNIT;
    this.endLogic += CQ_UNIT;
  }

  get isDestroyed(): boolean {
    return this.destroyed;
  }

  get hasUnwritten(): boolean {
    return this.endLogic > this.writtenLogic;
  }

  /** Writes the units collected in memory to their files (one write per file touched). */
  writeBehind(): Promise<void> {
    if (this.writing) return this.writing.then(() => (this.hasUnwritten ? this.writeBehind() : undefined));
    if (!this.hasUnwritten || this.destroyed) return Promise.resolve();
    this.writing = this.doWrite().finally(() => {
      this.writing = null;
    });
    return this.writing;
  }

  private async doWrite(): Promise<void> {
    const from = this.writtenLogic;
    const to = this.endLogic;
    let pos = from;
    while (pos < to) {
      const base = pos - (pos % this.fileSize);
      const f = await this.fileFor(base);
      const n = Math.min(to, base + this.fileSize) - pos;
      const src = this.pending;
      await f.file.use((fd) => pwriteAll(fd, src, pos - from, n, pos - base));
      pos += n;
    }
    const done = to - from;
    this.pending.copyWithin(0, done, this.pendingLen);
    this.pendingLen -= done;
    this.writtenLogic = to;
  }

  private async fileFor(base: number): Promise<CqFile> {
    const found = this.files.find((f) => f.base === base);
    if (found) return found;
    if (this.files.length === 0) await mkdirp(this.dir);
    const file = path.join(this.dir, offsetFileName(base));
    await createSized(file, this.fileSize);
    const f: CqFile = { base, file: this.pool.file(file) };
    this.files.push(f);
    return f;
  }

  /** Syncs written units once `leastPages` pages are dirty (0: whatever is dirty). */
  async flush(leastPages: number): Promise<void> {
    await this.writeBehind();
    const target = this.writtenLogic;
    if (target <= this.flushedLogic) return;
    const sameFile = Math.floor(target / this.fileSize) === Math.floor(this.flushedLogic / this.fileSize);
    if (leastPages > 0 && sameFile && Math.floor(target / OS_PAGE_SIZE) - Math.floor(this.flushedLogic / OS_PAGE_SIZE) < leastPages) return;
    for (const f of this.files) {
      if (f.base + this.fileSize > this.flushedLogic && f.base < target) await f.file.use((fd) => fdatasync(fd));
    }
    this.flushedLogic = target;
  }

  // ---- reads ----

  get minOffsetInQueue(): number {
    return Math.floor(this.minLogicOffset / CQ_UNIT);
  }

  get maxOffsetInQueue(): number {
    return this.endLogic / CQ_UNIT;
  }

  /** Units from queue offset `index` to the end of its file, at most `maxBytes`; null when not stored. */
  async readUnits(index: number, maxBytes: number): Promise<Buffer | null> {
    const start = index * CQ_UNIT;
    if (start < this.minLogicOffset || start >= this.endLogic) return null;
    const fileEnd = start - (start % this.fileSize) + this.fileSize;
    const stop = Math.min(this.endLogic, fileEnd, start + Math.max(CQ_UNIT, maxBytes - (maxBytes % CQ_UNIT)));
    const out = Buffer.allocUnsafe(stop - start);
    return (await this.copyRange(start, stop, out)) ? out : null;
  }

  private async readUnitsInto(start: number, out: Buffer): Promise<boolean> {
    return this.copyRange(start, start + out.length, out);
  }

  /** Copies logical bytes [start, stop) (within one file) from disk and memory into `out`. */
  private async copyRange(start: number, stop: number, out: Buffer): Promise<boolean> {
    const written = this.writtenLogic;
    const diskStop = Math.min(stop, written);
    if (start < diskStop) {
      const c = this.readCache;
      if (!c || start < c.start || diskStop > c.start + c.buf.length) {
        const base = start - (start % this.fileSize);
        const f = this.files.find((x) => x.base === base);
        if (!f) return false;
        const blockEnd = Math.min(base + this.fileSize, written, start + Math.max(READ_BLOCK, diskStop - start));
        const buf = Buffer.allocUnsafe(blockEnd - start);
        const n = await f.file.use((fd) => preadAll(fd, buf, 0, buf.length, start - base));
        if (n < diskStop - start) return false;
        this.readCache = { start, buf: buf.subarray(0, n) };
      }
      const cache = this.readCache!;
      cache.buf.copy(out, 0, start - cache.start, diskStop - cache.start);
    }
    if (stop > written) {
      // Bytes written meanwhile have left the pending buffer: re-read, now from disk.
      if (this.writtenLogic !== written) return this.copyRange(start, stop, out);
      const from = Math.max(start, written);
      this.pending.copy(out, from - start, from - written, stop - written);
    }
    return true;
  }

  /** The unit at queue offset `index`: [commitLogOffset, size, tagsCode], or null. */
  async unitAt(index: number): Promise<[number, number, number] | null> {
    const b = await this.readUnits(index, CQ_UNIT);
    if (!b || b.length < CQ_UNIT) return null;
    return [readInt64BE(b, 0), readInt32BE(b, 8), readInt64BE(b, 12)];
  }

  /** Java's getOffsetInQueueByTime: binary search by store time in the file last modified at or after `timestamp`. */
  async offsetByTime(
    timestamp: number,
    minPhyOffset: number,
    storeTimeOf: (offset: number, size: number) => Promise<number>,
  ): Promise<number> {
    if (this.endLogic <= this.minLogicOffset) return 0;
    // The newest units may still be in memory, before their file exists: theirs is the last file.
    const lastUnit = this.endLogic - CQ_UNIT;
    let base = lastUnit - (lastUnit % this.fileSize);
    for (const f of this.files) {
      const m = await fileMtime(f.file.path).catch(() => 0);
      if (m >= timestamp) {
        base = f.base;
        break;
      }
    }
    let low = this.minLogicOffset > base ? this.minLogicOffset - base : 0;
    let high = Math.min(this.endLogic, base + this.fileSize) - base - CQ_UNIT;
    let leftOffset = -1;
    let rightOffset = -1;
    let leftValue = -1;
    let rightValue = -1;
    let found = -1;
    while (high >= low) {
      const mid = Math.floor((low + high) / (2 * CQ_UNIT)) * CQ_UNIT;
      const u = await this.unitAt((base + mid) / CQ_UNIT);
      if (!u) return 0;
      const [phy, size] = u;
      if (phy < minPhyOffset) {
        low = mid + CQ_UNIT;
        leftOffset = mid;
        continue;
      }
      const t = await storeTimeOf(phy, size);
      if (t < 0) return 0;
      if (t === timestamp) {
        found = mid;
        break;
      }
      if (t > timestamp) {
        high = mid - CQ_UNIT;
        rightOffset = mid;
        rightValue = t;
      } else {
        low = mid + CQ_UNIT;
        leftOffset = mid;
        leftValue = t;
      }
    }
    let offset: number;
    if (found !== -1) offset = found;
    else if (leftValue === -1) offset = rightOffset;
    else if (rightValue === -1) offset = leftOffset;
    else offset = Math.abs(timestamp - leftValue) > Math.abs(timestamp - rightValue) ? rightOffset : leftOffset;
    return (base + offset) / CQ_UNIT;
  }

  // ---- retention ----

  /** Moves the minimum to the first unit whose message is still in the commit log (Java's correctMinOffset). */
  async correctMinOffset(phyMinOffset: number): Promise<void> {
    if (this.endLogic <= this.minLogicOffset) return;
    const firstBase = this.files[0]?.base ?? this.minLogicOffset - (this.minLogicOffset % this.fileSize);
    const end = Math.min(this.endLogic, firstBase + this.fileSize);
    // Usually the first unit qualifies: start with a small read and grow.
    for (
      let pos = Math.max(firstBase, this.minLogicOffset), step = 4000;
      pos < end;
      pos += step, step = Math.min(step * 4, SCAN_CHUNK - (SCAN_CHUNK % CQ_UNIT))
    ) {
      const stop = Math.min(end, pos + step);
      const buf = Buffer.allocUnsafe(stop - pos);
      if (!(await this.copyRange(pos, stop, buf))) return;
      for (let i = 0; i + CQ_UNIT <= buf.length; i += CQ_UNIT) {
        if (readInt64BE(buf, i) >= phyMinOffset) {
          this.minLogicOffset = pos + i;
          return;
        }
      }
    }
  }

  /** Deletes leading files whose last unit points below `phyMinOffset`; returns how many. */
  async deleteExpired(phyMinOffset: number): Promise<number> {
    let n = 0;
    const unit = Buffer.allocUnsafe(CQ_UNIT);
    while (this.files.length > 1) {
      const f = this.files[0]!;
      const got = await f.file.use((fd) => preadAll(fd, unit, 0, CQ_UNIT, this.fileSize - CQ_UNIT));
      if (got < CQ_UNIT || readInt64BE(unit, 0) >= phyMinOffset) break;
      this.files.shift();
      await this.dropFile(f);
      n++;
    }
    if (this.files[0] && this.minLogicOffset < this.files[0].base) this.minLogicOffset = this.files[0].base;
    await this.correctMinOffset(phyMinOffset);
    this.readCache = null;
    return n;
  }

  private async dropFile(f: CqFile): Promise<void> {
    await f.file.dispose();
    await unlinkFile(f.file.path);
  }

  /** Deletes every file of this queue and its directory. */
  async destroy(): Promise<void> {
    this.destroyed = true;
    await this.writing?.catch(() => undefined);
    for (const f of this.files.splice(0)) await f.file.dispose();
    await removeTree(this.dir);
    this.minLogicOffset = 0;
    this.maxPhysicOffset = -1;
    this.endLogic = this.writtenLogic = this.flushedLogic = 0;
    this.pendingLen = 0;
    this.readCache = null;
  }

  async close(): Promise<void> {
    await this.writeBehind();
    for (const f of this.files) await f.file.dispose();
  }
}
