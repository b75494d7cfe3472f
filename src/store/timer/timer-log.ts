// The timer log, `<storePathRootDir>/timerlog/<20-digit offset>`: RocketMQ 5's TimerLog, segments
// of `mappedFileSizeTimerLog` bytes holding 52-byte units (big-endian):
//   unit  = size i32 (52) | prevPos i64 | magic i32 | enqueueTimeMs i64 | delay i32
//         | offsetPy i64 | sizePy i32 | realTopicHash i32 | reserved i64
//   blank = size i32 (bytes left in the segment) | 0 i64 | BLANK_MAGIC_CODE i32
// One unit per message in the wheel: where its record is in the commit log (offsetPy, sizePy),
// when it is due (enqueueTimeMs + delay) and the previous unit of the same slot (prevPos, -1 for
// the first), so a slot's units are read from the wheel's lastPos backwards. A unit never crosses
// a segment: when fewer than 52 + 16 bytes are left, a blank closes the segment.
//
// Appends are synchronous and land in an in-memory block; the bytes go to the file at the end of
// the event-loop turn (small positioned writes, as the commit log's). Blocks of 1260 units stay in
// memory while unwritten and then in a small cache, so reading a slot's recent units costs no I/O.

import { readInt32BE, readInt64BE, writeInt32BE, writeInt64BE } from '../../common/message/int64.js';
import { getLogger } from '../../common/logger.js';
import { mkdirp } from '../file-io.js';
import { type Segment, SegmentList } from '../segment.js';

const log = getLogger('store');

export const UNIT_SIZE = 52;
/** Bytes a blank takes at least; a segment always keeps room for one. */
export const MIN_BLANK_LEN = 16;
/** TimerLog.BLANK_MAGIC_CODE (0xBBCCDDEE ^ (1880681586 + 8) in Java's precedence). */
export const BLANK_MAGIC_CODE = (0xbbccddee ^ (1880681586 + 8)) | 0;
/** Cached and written in blocks of whole units. */
const BLOCK = UNIT_SIZE * 1260;
const CACHE_BLOCKS = 64;
const SCAN_CHUNK = BLOCK * 16;

/** Java's isMagicOK: only the low four flag bits may be set. */
export function isMagicOK(magic: number): boolean {
  return (magic | 0xf) === 0xf;
}

/** Offset in a full segment of its last unit (Java's getOffsetForLastUnit). */
export function lastUnitOffset(fileSize: number): number {
  return fileSize - ((fileSize - MIN_BLANK_LEN) % UNIT_SIZE) - MIN_BLANK_LEN - UNIT_SIZE;
}

export interface TimerUnit {
  pos: number;
  prevPos: number;
  magic: number;
  enqueueTimeMs: number;
  /** enqueueTimeMs + delay: when the unit is due. */
  deliverMs: number;
  offsetPy: number;
  sizePy: number;
  realTopicHash: number;
}

function decodeUnit(b: Buffer, at: number, pos: number): TimerUnit {
  const enqueueTimeMs = readInt64BE(b, at + 16);
  return {
    pos,
    prevPos: readInt64BE(b, at + 4),
    magic: readInt32BE(b, at + 12),
    enqueueTimeMs,
    deliverMs: enqueueTimeMs + readInt32BE(b, at + 24),
    offsetPy: readInt64BE(b, at + 28),
    sizePy: readInt32BE(b, at + 36),
    realTopicHash: readInt32BE(b, at + 40),
  };
}

export class TimerLog {
  private readonly segs: SegmentList;
  /** Offset after the last appended unit (or blank). */
  appendedEnd = 0;
  /** Offset up to which the appended bytes reached the OS. */
  writtenEnd = 0;
  private syncedEnd = 0;
  /** Blocks not yet fully written, by their start offset (the last one is being filled). */
  private readonly pending = new Map<number, Buffer>();
  private readonly cache = new Map<number, Buffer>();
  private writing: Promise<void> = Promise.resolve();
  private writeScheduled = false;
  /** A write failed: appends are refused until a restart recovers the log. */
  failure: Error | null = null;

  constructor(readonly dir: string, readonly fileSize: number) {
    if (fileSize < UNIT_SIZE + MIN_BLANK_LEN) throw new RangeError(`mappedFileSizeTimerLog ${fileSize} cannot hold a unit`);
    this.segs = new SegmentList(dir, fileSize, 'mappedFileSizeTimerLog');
  }

  async load(): Promise<void> {
    await mkdirp(this.dir);
    await this.segs.load();
  }

  get minOffset(): number {
    return this.segs.first?.base ?? 0;
  }

  private blockStart(pos: number, seg: Segment): number {
    return pos - ((pos - seg.base) % BLOCK);
  }

  /**
   * Reads the units from `from` to the end of the log, calling `onUnit` for each good one, and cuts
   * the log after the last (Java's recoverAndRevise with checkTimerLog): what follows a unit with a
   * wrong size or magic is a torn write. Returns the new end.
   */
  async recover(from: number, onUnit: (u: TimerUnit) => void): Promise<number> {
    let end = 0;
    const segs = this.segs.segments;
    let i = segs.findIndex((s) => from < s.end);
    if (i < 0) i = segs.length - 1;
    if (i >= 0) {
      let pos = Math.max(from, segs[i]!.base);
      pos -= (pos - segs[i]!.base) % UNIT_SIZE;
      end = pos;
      scan: for (; i < segs.length; i++) {
        const seg = segs[i]!;
        if (pos < seg.base) pos = seg.base;
        end = pos;
        const chunk = Buffer.allocUnsafe(SCAN_CHUNK);
        while (pos < seg.end) {
          const len = Math.min(SCAN_CHUNK, seg.end - pos);
          const n = await seg.read(chunk, 0, len, pos - seg.base);
          let at = 0;
          for (; at + MIN_BLANK_LEN <= n; at += UNIT_SIZE) {
            const size = readInt32BE(chunk, at);
            const magic = readInt32BE(chunk, at + 12);
            if (magic === BLANK_MAGIC_CODE) {
              end = seg.end;
              pos = seg.end;
              continue scan;
            }
            if (size !== UNIT_SIZE || !isMagicOK(magic) || at + UNIT_SIZE > n) break scan;
            onUnit(decodeUnit(chunk, at, pos + at));
            end = pos + at + UNIT_SIZE;
          }
          if (n < len) break scan;
          pos += at;
        }
      }
    }
    await this.segs.truncateAfter(end);
    const last = this.segs.last;
    if (last && end < last.end && end >= last.base) {
      await last.zeroFrom(end - last.base);
      const start = this.blockStart(end, last);
      if (start < end) {
        const b = Buffer.alloc(Math.min(BLOCK, last.end - start));
        await last.read(b, 0, end - start, start - last.base);
        this.pending.set(start, b);
      }
    }
    this.appendedEnd = this.writtenEnd = this.syncedEnd = end;
    return end;
  }

  /** The block buffer that will hold offset `pos` (for appends), creating it. */
  private blockFor(pos: number, seg: Segment): Buffer {
    const start = this.blockStart(pos, seg);
    let b = this.pending.get(start);
    if (!b) {
      b = Buffer.alloc(Math.min(BLOCK, seg.end - start));
      this.pending.set(start, b);
    }
    return b;
  }

  /** Appends one unit; returns its position. The bytes reach the file at the end of this turn. */
  append(
    prevPos: number,
    magic: number,
    enqueueTimeMs: number,
    deliverMs: number,
    offsetPy: number,
    sizePy: number,
    realTopicHash: number,
  ): number {
    if (this.failure) throw this.failure;
    let seg = this.segs.last;
    if (!seg || this.appendedEnd >= seg.end) seg = this.segs.acquire(seg ? seg.end : 0);
    if (this.appendedEnd < seg.base) this.appendedEnd = seg.base;
    if (this.appendedEnd + UNIT_SIZE + MIN_BLANK_LEN > seg.end) {
      const at = this.appendedEnd;
      const b = this.blockFor(at, seg);
      const o = at - this.blockStart(at, seg);
      writeInt32BE(b, seg.end - at, o);
      writeInt64BE(b, 0, o + 4);
      writeInt32BE(b, BLANK_MAGIC_CODE, o + 12);
      this.appendedEnd = seg.end;
      seg = this.segs.acquire(seg.end);
    }
    const pos = this.appendedEnd;
    const b = this.blockFor(pos, seg);
    const o = pos - this.blockStart(pos, seg);
    writeInt32BE(b, UNIT_SIZE, o);
    writeInt64BE(b, prevPos, o + 4);
    writeInt32BE(b, magic, o + 12);
    writeInt64BE(b, enqueueTimeMs, o + 16);
    writeInt32BE(b, deliverMs - enqueueTimeMs, o + 24);
    writeInt64BE(b, offsetPy, o + 28);
    writeInt32BE(b, sizePy, o + 36);
    writeInt32BE(b, realTopicHash, o + 40);
    writeInt64BE(b, 0, o + 44);
    this.appendedEnd = pos + UNIT_SIZE;
    if (!this.writeScheduled) {
      this.writeScheduled = true;
      setImmediate(() => {
        this.writeScheduled = false;
        this.writing = this.writing.then(() => this.writeOut());
      });
    }
    return pos;
  }

  /** Writes everything appended so far; blocks fully written move to the read cache. */
  private async writeOut(): Promise<void> {
    const target = this.appendedEnd;
    while (this.writtenEnd < target && !this.failure) {
      const from = this.writtenEnd;
      const seg = this.segs.find(from);
      if (!seg) {
        this.failure = new Error(`timer log: no segment for offset ${from}`);
        break;
      }
      const start = this.blockStart(from, seg);
      const b = this.pending.get(start);
      if (!b) {
        this.writtenEnd = Math.min(target, start + Math.min(BLOCK, seg.end - start));
        continue;
      }
      const upTo = Math.min(target, start + b.length);
      try {
        await seg.write(b, from - start, upTo - from, from - seg.base);
      } catch (err) {
        this.failure = err as Error;
        log.error('timer log write failed; no more timer messages are taken until a restart', { err });
        break;
      }
      this.writtenEnd = upTo;
      if (upTo === start + b.length) {
        this.pending.delete(start);
        this.remember(start, b);
      }
    }
  }

  private remember(start: number, b: Buffer): void {
    this.cache.set(start, b);
    while (this.cache.size > CACHE_BLOCKS) this.cache.delete(this.cache.keys().next().value!);
  }

  /** The unit at `pos` when its block is in memory; undefined when it must be read; null when there is none. */
  unitInMemory(pos: number): TimerUnit | null | undefined {
    if (pos < 0 || pos + UNIT_SIZE > this.appendedEnd) return null;
    const seg = this.segs.find(pos);
    if (!seg) return null;
    const start = this.blockStart(pos, seg);
    const b = this.pending.get(start) ?? this.cache.get(start);
    if (!b) return undefined;
    return decodeUnit(b, pos - start, pos);
  }

  /** The unit at `pos`, from memory or the file; null when the log does not hold one there. */
  async readUnit(pos: number): Promise<TimerUnit | null> {
    const u = this.unitInMemory(pos);
    if (u !== undefined) return u;
    const seg = this.segs.find(pos)!;
    const start = this.blockStart(pos, seg);
    const len = Math.min(BLOCK, seg.end - start, this.writtenEnd - start);
    if (pos + UNIT_SIZE > start + len) return null;
    const b = Buffer.allocUnsafe(len);
    const n = await seg.read(b, 0, len, start - seg.base);
    if (n < pos + UNIT_SIZE - start) return null;
    if (n === Math.min(BLOCK, seg.end - start)) this.remember(start, b);
    const size = readInt32BE(b, pos - start);
    return size === UNIT_SIZE ? decodeUnit(b, pos - start, pos) : null;
  }

  /** Writes what is appended and syncs it; returns the offset now on disk. */
  async flush(): Promise<number> {
    const target = this.appendedEnd;
    while (this.writtenEnd < target && !this.failure) {
      this.writing = this.writing.then(() => this.writeOut());
      await this.writing;
    }
    if (this.failure) throw this.failure;
    for (const s of this.segs.segments) if (s.end > this.syncedEnd && s.base < target) await s.sync();
    this.syncedEnd = Math.max(this.syncedEnd, target);
    return target;
  }

  /** Deletes whole segments that end at or before `offset`, never the last one. */
  async deleteBefore(offset: number): Promise<number> {
    let n = 0;
    for (let s = this.segs.first; s && s !== this.segs.last && s.end <= offset; s = this.segs.first) {
      await this.segs.removeFirst(s);
      for (const k of Array.from(this.cache.keys())) if (k < s.end) this.cache.delete(k);
      n++;
    }
    return n;
  }

  /** The segments as (start offset, end offset) pairs, oldest first. */
  segmentRanges(): Array<[number, number]> {
    return this.segs.segments.map((s) => [s.base, s.end]);
  }

  async close(): Promise<void> {
    await this.flush().catch(() => undefined);
    await this.segs.close();
  }
}
