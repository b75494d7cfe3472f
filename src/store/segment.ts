// Commit-log segments: preallocated files of `fileSize` bytes named by the 20-digit physical offset
// of their first byte (Java's MappedFile / MappedFileQueue without the mmap). Reads and writes are
// positioned, on a descriptor opened once per segment.

import path from 'node:path';
import { getLogger } from '../common/logger.js';
import { openPositionedWriter, type PositionedWriter } from '../common/runtime.js';
import {
  closeFile,
  createPreallocated,
  fdatasync,
  fileMtime,
  ftruncate,
  listStoreFiles,
  offsetFileName,
  openFile,
  preadAll,
  pwriteAll,
  pwriteSmallSync,
  unlinkFile,
} from './file-io.js';

const log = getLogger('store');

export class Segment {
  fd = -1;
  readonly ready: Promise<void>;
  private refs = 0;
  private destroyed = false;
  private closeWhenIdle = false;
  /** Where the runtime's node:fs writes block the event loop (Deno), a writer that does not. */
  private writer: PositionedWriter | null | undefined = undefined;

  constructor(
    readonly file: string,
    readonly base: number,
    readonly size: number,
    opening: Promise<number>,
  ) {
    this.ready = opening.then((fd) => {
      this.fd = fd;
    });
    this.ready.catch(() => undefined);
  }

  get end(): number {
    return this.base + this.size;
  }

  get isDestroyed(): boolean {
    return this.destroyed;
  }

  private hold(): boolean {
    if (this.destroyed) return false;
    this.refs++;
    return true;
  }

  private release(): void {
    if (--this.refs === 0 && this.closeWhenIdle) this.closeNow();
  }

  /** Reads up to `len` bytes at file position `pos`; -1 when the segment has been deleted. */
  async read(buf: Uint8Array, off: number, len: number, pos: number): Promise<number> {
    if (!this.hold()) return -1;
    try {
      await this.ready;
      return await preadAll(this.fd, buf, off, len, pos);
    } finally {
      this.release();
    }
  }

  /** Writes all of buf[off, off+len) at file position `pos`; small writes complete before this returns. */
  async write(buf: Uint8Array, off: number, len: number, pos: number): Promise<void> {
    if (pwriteSmallSync(this.fd, buf, off, len, pos)) return;
    await this.ready;
    if (this.writer === undefined) this.writer = await openPositionedWriter(this.file);
    if (this.writer) await this.writer.write(buf, off, len, pos);
    else await pwriteAll(this.fd, buf, off, len, pos);
  }

  async sync(): Promise<void> {
    if (!this.hold()) return;
    try {
      await this.ready;
      await fdatasync(this.fd);
    } finally {
      this.release();
    }
  }

  /** Zeroes everything from file position `pos` to the end, by cutting the file and growing it back. */
  async zeroFrom(pos: number): Promise<void> {
    await this.ready;
    await ftruncate(this.fd, pos);
    await ftruncate(this.fd, this.size);
  }

  lastModified(): Promise<number> {
    return fileMtime(this.file);
  }

  private closeNow(): void {
    const fd = this.fd;
    this.fd = -1;
    if (fd >= 0) void closeFile(fd).catch(() => undefined);
    if (this.writer) void this.writer.close().catch(() => undefined);
    this.writer = null;
  }

  /** Deletes the file; the descriptor closes once in-flight reads finish. */
  async destroy(): Promise<void> {
    if (this.destroyed) return;
    this.destroyed = true;
    await this.ready.catch(() => undefined);
    await unlinkFile(this.file);
    if (this.refs === 0) this.closeNow();
    else this.closeWhenIdle = true;
  }

  async close(): Promise<void> {
    await this.ready.catch(() => undefined);
    if (this.refs === 0) this.closeNow();
    else this.closeWhenIdle = true;
  }
}

/** The ordered segments of one commit log. */
export class SegmentList {
  readonly segments: Segment[] = [];
  /** The segment after the last one, created ahead of need so a roll never waits on the disk. */
  private spare: Segment | null = null;

  constructor(
    readonly dir: string,
    readonly fileSize: number,
    /** The setting that gives the file size, named when a file has another size (the timer log reuses this list). */
    readonly sizeSetting = 'mappedFileSizeCommitLog',
  ) {}

  /** Opens every segment file; all must have the configured size, as Java requires. */
  async load(): Promise<void> {
    for (const file of await listStoreFiles(this.dir, /^\d{20}$/, this.fileSize, this.sizeSetting)) {
      const name = path.basename(file);
      const base = Number(name);
      const prev = this.segments[this.segments.length - 1];
      if (prev && base !== prev.base + this.fileSize) {
        log.warn('commit-log segments are not contiguous', { before: prev.file, after: file });
      }
      this.segments.push(new Segment(file, base, this.fileSize, openFile(file, 'r+')));
    }
    await Promise.all(this.segments.map((s) => s.ready));
  }

  get first(): Segment | undefined {
    return this.segments[0];
  }

  get last(): Segment | undefined {
    return this.segments[this.segments.length - 1];
  }

  /** The segment holding physical offset `offset`. */
  find(offset: number): Segment | undefined {
    const first = this.segments[0];
    if (!first || offset < first.base) return undefined;
    const i = Math.floor((offset - first.base) / this.fileSize);
    const s = this.segments[i];
    if (s && offset >= s.base && offset < s.end) return s;
    return this.segments.find((x) => offset >= x.base && offset < x.end);
  }

  /** The segment starting at `base`, appended to the list (it must follow the last one). */
  acquire(base: number): Segment {
    const last = this.last;
    if (last && last.base === base) return last;
    let seg: Segment;
    if (this.spare && this.spare.base === base) {
      seg = this.spare;
      this.spare = null;
    } else {
      seg = this.create(base);
    }
    this.segments.push(seg);
    this.prepareSpare(base + this.fileSize);
    return seg;
  }

  private create(base: number): Segment {
    const file = path.join(this.dir, offsetFileName(base));
    return new Segment(file, base, this.fileSize, createPreallocated(file, this.fileSize));
  }

  private prepareSpare(base: number): void {
    if (this.spare && this.spare.base === base) return;
    if (this.spare) void this.spare.destroy();
    this.spare = this.create(base);
    this.spare.ready.catch((err) => log.warn('cannot preallocate the next commit-log segment', { file: offsetFileName(base), err }));
  }

  /** Drops segments starting after `offset` (recovery: nothing valid lives there). */
  async truncateAfter(offset: number): Promise<void> {
    while (this.segments.length > 0 && this.last!.base > offset) {
      const s = this.segments.pop()!;
      log.info('deleting commit-log segment past the valid end', { file: s.file });
      await s.destroy();
    }
  }

  /** Removes `seg` (the first segment) from the list and deletes its file. */
  async removeFirst(seg: Segment): Promise<void> {
    if (this.segments[0] !== seg) return;
    this.segments.shift();
    await seg.destroy();
  }

  async close(): Promise<void> {
    if (this.spare) {
      await this.spare.destroy();
      this.spare = null;
    }
    await Promise.all(this.segments.map((s) => s.close()));
  }

  /** Deletes everything (used when all segments are gone or on destroy). */
  async destroyAll(): Promise<void> {
    for (const s of this.segments.splice(0)) await s.destroy();
    if (this.spare) await this.spare.destroy();
    this.spare = null;
  }
}
