// The timer wheel, `<storePathRootDir>/timerwheel`: RocketMQ 5's TimerWheel layout, a ring of
// 2 * slotsTotal slots of 32 bytes (big-endian), one per `precisionMs` of delivery time:
//   slot = timeMs / precisionMs i64 | firstPos i64 | lastPos i64 | num i32 | magic i32
// A time's slot is (timeMs / precisionMs) mod (2 * slotsTotal); a slot whose first field is not
// that quotient belongs to another turn of the ring and counts as empty. firstPos and lastPos are
// timer-log positions of the slot's first and last unit; the units link backwards (prevPos), so
// the slot's messages are read from lastPos. num counts them (flow control), magic is unused.
//
// The whole ring (38.7 MB for Java's 7 days of 1-second slots) is held in memory as Java holds it;
// changes mark 4 KiB pages dirty and a flush writes only those pages, from a copy taken at once so
// what reaches the disk matches the timer log end recorded beside it.

import { readInt32BE, readInt64BE, writeInt32BE, writeInt64BE } from '../../common/message/int64.js';
import { StoreCorruptError } from '../errors.js';
import { closeFile, createPreallocated, exists, fdatasync, fileSize, preadAll, pwriteAll } from '../file-io.js';

export const SLOT_SIZE = 32;
/** Days a wheel of 1-second slots spans (TimerMessageStore.TIMER_WHEEL_TTL_DAY). */
export const TIMER_WHEEL_TTL_DAY = 7;
/** Slots of the wheel whatever the precision (TimerMessageStore: TIMER_WHEEL_TTL_DAY * DAY_SECS). */
export const TIMER_SLOTS_TOTAL = TIMER_WHEEL_TTL_DAY * 24 * 3600;
const PAGE = 4096;

export interface Slot {
  /** Start of the slot's time span, or -1 when the slot is empty. */
  timeMs: number;
  firstPos: number;
  lastPos: number;
  num: number;
  magic: number;
}

const EMPTY: Readonly<Slot> = Object.freeze({ timeMs: -1, firstPos: -1, lastPos: -1, num: 0, magic: 0 });

export interface WheelPage {
  pos: number;
  bytes: Buffer;
}

export class TimerWheel {
  readonly length: number;
  private buf: Buffer = Buffer.alloc(0);
  private fd = -1;
  private readonly dirty = new Set<number>();

  constructor(readonly file: string, readonly slotsTotal: number, readonly precisionMs: number) {
    this.length = slotsTotal * 2 * SLOT_SIZE;
  }

  /** Loads the wheel file, creating it (all empty) when missing; a file of another length is refused. */
  async open(): Promise<void> {
    if (await exists(this.file)) {
      const size = await fileSize(this.file);
      if (size !== 0 && size !== this.length) {
        throw new StoreCorruptError(`${this.file} is ${size} bytes, a timer wheel of ${this.slotsTotal} slots is ${this.length}`);
      }
    }
    this.fd = await createPreallocated(this.file, this.length);
    this.buf = Buffer.alloc(this.length);
    const n = await preadAll(this.fd, this.buf, 0, this.length, 0);
    if (n !== this.length) throw new StoreCorruptError(`${this.file}: read ${n} of ${this.length} bytes`);
  }

  slotIndex(timeMs: number): number {
    return Math.floor(timeMs / this.precisionMs) % (this.slotsTotal * 2);
  }

  /** The slot of `timeMs`, or an empty one (timeMs -1) when the ring holds another turn there. */
  getSlot(timeMs: number): Readonly<Slot> {
    const p = this.slotIndex(timeMs) * SLOT_SIZE;
    const q = Math.floor(timeMs / this.precisionMs);
    if (readInt64BE(this.buf, p) !== q) return EMPTY;
    return {
      timeMs: q * this.precisionMs,
      firstPos: readInt64BE(this.buf, p + 8),
      lastPos: readInt64BE(this.buf, p + 16),
      num: readInt32BE(this.buf, p + 24),
      magic: readInt32BE(this.buf, p + 28),
    };
  }

  putSlot(timeMs: number, firstPos: number, lastPos: number, num: number, magic: number): void {
    const p = this.slotIndex(timeMs) * SLOT_SIZE;
    writeInt64BE(this.buf, Math.floor(timeMs / this.precisionMs), p);
    writeInt64BE(this.buf, firstPos, p + 8);
    writeInt64BE(this.buf, lastPos, p + 16);
    writeInt32BE(this.buf, num, p + 24);
    writeInt32BE(this.buf, magic, p + 28);
    this.dirty.add(Math.floor(p / PAGE));
  }

  /**
   * Recovery: files a unit found in the timer log after the checkpoint. The units of a slot are
   * appended in order, so one at or before the slot's lastPos is in the wheel file already (written
   * after the log, before the checkpoint) and is left alone. Java repairs the positions only; the
   * count is kept here too, so timerCongestNum and the flow control stay right after a crash.
   */
  replay(timeMs: number, pos: number, delta: number): void {
    const s = this.getSlot(timeMs);
    if (s.timeMs < 0) this.putSlot(timeMs, pos, pos, Math.max(0, delta), 0);
    else if (s.lastPos < pos) this.putSlot(timeMs, s.firstPos, pos, s.num + delta, s.magic);
  }

  /** Messages in the slot of `timeMs`. */
  getNum(timeMs: number): number {
    return this.getSlot(timeMs).num;
  }

  /** Copies of the pages changed since the last call: what the next write must carry. */
  takeDirtyPages(): WheelPage[] {
    const out: WheelPage[] = [];
    for (const page of this.dirty) {
      const pos = page * PAGE;
      out.push({ pos, bytes: Buffer.from(this.buf.subarray(pos, Math.min(pos + PAGE, this.length))) });
    }
    this.dirty.clear();
    return out;
  }

  /** Marks pages dirty again (their write failed). */
  markDirty(pages: readonly WheelPage[]): void {
    for (const { pos } of pages) this.dirty.add(Math.floor(pos / PAGE));
  }

  /** Messages in every slot of the ring from `fromMs` on (Java's getAllNum). */
  allNum(fromMs: number): number {
    let n = 0;
    const total = this.slotsTotal * 2;
    const first = Math.floor(fromMs / this.precisionMs);
    for (let i = 0; i < total; i++) {
      const q = first + i;
      const p = (q % total) * SLOT_SIZE;
      if (readInt64BE(this.buf, p) === q) n += readInt32BE(this.buf, p + 24);
    }
    return n;
  }

  /** Writes pages taken by takeDirtyPages and syncs the file. */
  async writePages(pages: readonly WheelPage[]): Promise<void> {
    if (this.fd < 0 || pages.length === 0) return;
    for (const { pos, bytes } of pages) await pwriteAll(this.fd, bytes, 0, bytes.length, pos);
    await fdatasync(this.fd);
  }

  async close(): Promise<void> {
    if (this.fd >= 0) await closeFile(this.fd);
    this.fd = -1;
    this.buf = Buffer.alloc(0);
  }
}
