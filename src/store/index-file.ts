// One index file, index/<yyyyMMddHHmmssSSS>, big-endian:
//   file   = header | slot * maxHashSlotNum | entry * maxIndexNum
//   header = beginTimestamp i64 | endTimestamp i64 | beginPhyOffset i64 | endPhyOffset i64
//            | hashSlotCount i32 | indexCount i32                                     (40 bytes)
//   slot   = number of the newest entry whose keyHash % maxHashSlotNum is this slot, 0 for none (i32)
//   entry  = keyHash i32 | phyOffset i64 | timeDiff i32 (seconds since beginTimestamp)
//            | prevIndex i32 (the previous entry of the same slot, 0 for none)         (20 bytes)
// indexCount starts at 1: entry 0 is never used, so 0 can mean "none".
// The file being filled keeps its slot table in memory and writes new entries behind; the slot table
// reaches the disk when the file is full or the store closes. After a crash the slot table is
// rebuilt from the entries, which hold everything it says.

import { readInt32BE, readInt64BE, setInt64, viewOf, writeInt32BE, writeInt64BE } from '../common/message/int64.js';
import { createSized, fdatasync, preadAll, pwriteAll } from './file-io.js';
import type { PooledFile } from './file-pool.js';

export const INDEX_HEADER_SIZE = 40;
const SLOT_SIZE = 4;
const ENTRY_SIZE = 20;
const SCAN_CHUNK = 1024 * 1024;
const BLOCK = 4096;
const MAX_BLOCKS = 64;

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * The slot table as stored (big-endian int32s), from its in-memory form. A native byte swap keeps
 * millions of slots from holding the event loop for long.
 */
function slotsToBigEndian(slots: Int32Array): Buffer {
  const raw = Buffer.from(slots.buffer.slice(slots.byteOffset, slots.byteOffset + slots.byteLength));
  return LITTLE_ENDIAN ? raw.swap32() : raw;
}

function slotsFromBigEndian(raw: Buffer): Int32Array {
  if (LITTLE_ENDIAN) raw.swap32();
  return new Int32Array(raw.buffer, raw.byteOffset, raw.length / SLOT_SIZE);
}

export class IndexFile {
  beginTimestamp = 0;
  endTimestamp = 0;
  beginPhyOffset = 0;
  endPhyOffset = 0;
  hashSlotCount = 0;
  indexCount = 1;
  /** The slot table, while this file takes new keys. */
  private slots: Int32Array | null = null;
  /** Entries [writtenCount, indexCount) not yet on disk. */
  private pending = Buffer.allocUnsafe(64 * ENTRY_SIZE);
  private pendingView = viewOf(this.pending);
  private writtenCount = 1;
  private writing: Promise<void> | null = null;
  /** Whether slot table, entries and header are all on disk and synced. */
  sealed = false;
  private readonly blocks = new Map<number, Buffer>();

  constructor(
    readonly file: PooledFile,
    readonly hashSlotNum: number,
    readonly indexNum: number,
  ) {}

  get fileSize(): number {
    return INDEX_HEADER_SIZE + this.hashSlotNum * SLOT_SIZE + this.indexNum * ENTRY_SIZE;
  }

  get path(): string {
    return this.file.path;
  }

  private entryPos(i: number): number {
    return INDEX_HEADER_SIZE + this.hashSlotNum * SLOT_SIZE + i * ENTRY_SIZE;
  }

  /**
   * A new file, continuing after one that filled up. It takes keys at once; the file itself is
   * created in the background and written once `ready`.
   */
  static create(file: PooledFile, hashSlotNum: number, indexNum: number, endPhyOffset: number, endTimestamp: number): IndexFile {
    const f = new IndexFile(file, hashSlotNum, indexNum);
    if (endPhyOffset > 0) f.beginPhyOffset = f.endPhyOffset = endPhyOffset;
    if (endTimestamp > 0) f.beginTimestamp = f.endTimestamp = endTimestamp;
    f.slots = new Int32Array(hashSlotNum);
    f.ready = createSized(file.path, f.fileSize);
    f.ready.catch(() => undefined);
    return f;
  }

  /** Settles when the file exists on disk. */
  ready: Promise<void> = Promise.resolve();

  static async load(file: PooledFile, hashSlotNum: number, indexNum: number): Promise<IndexFile> {
    const f = new IndexFile(file, hashSlotNum, indexNum);
    const h = Buffer.alloc(INDEX_HEADER_SIZE);
    await file.use((fd) => preadAll(fd, h, 0, INDEX_HEADER_SIZE, 0));
    f.beginTimestamp = readInt64BE(h, 0);
    f.endTimestamp = readInt64BE(h, 8);
    f.beginPhyOffset = readInt64BE(h, 16);
    f.endPhyOffset = readInt64BE(h, 24);
    f.hashSlotCount = readInt32BE(h, 32);
    f.indexCount = Math.min(Math.max(1, readInt32BE(h, 36)), indexNum);
    f.writtenCount = f.indexCount;
    f.sealed = true;
    return f;
  }

  get isWriteFull(): boolean {
    return this.indexCount >= this.indexNum;
  }

  get takesKeys(): boolean {
    return this.slots !== null;
  }

  /** Reads the slot table into memory so this file can take new keys. */
  async openForWrites(): Promise<void> {
    if (this.slots) return;
    const raw = Buffer.alloc(this.hashSlotNum * SLOT_SIZE);
    await this.file.use((fd) => preadAll(fd, raw, 0, raw.length, INDEX_HEADER_SIZE));
    this.slots = slotsFromBigEndian(raw);
    this.sealed = false;
  }

  /** Adds one key (Java's IndexFile.putKey); false when the file is full. */
  putKey(keyHash: number, phyOffset: number, storeTimestamp: number): boolean {
    const slots = this.slots;
    if (!slots || this.indexCount >= this.indexNum) return false;
    const slot = keyHash % this.hashSlotNum;
    let prev = slots[slot]!;
    if (prev <= 0 || prev > this.indexCount) prev = 0;
    let timeDiff = Math.trunc((storeTimestamp - this.beginTimestamp) / 1000);
    if (this.beginTimestamp <= 0 || timeDiff < 0) timeDiff = 0;
    else if (timeDiff > 0x7fffffff) timeDiff = 0x7fffffff;
    const i = this.indexCount;
    const p = (i - this.writtenCount) * ENTRY_SIZE;
    if (p + ENTRY_SIZE > this.pending.length) {
      const next = Buffer.allocUnsafe(this.pending.length * 2);
      this.pending.copy(next, 0, 0, p);
      this.pending = next;
      this.pendingView = viewOf(next);
    }
    const dv = this.pendingView;
    dv.setInt32(p, keyHash);
    setInt64(dv, p + 4, phyOffset);
    dv.setInt32(p + 12, timeDiff);
    dv.setInt32(p + 16, prev);
    slots[slot] = i;
    if (i <= 1) {
      this.beginPhyOffset = phyOffset;
      this.beginTimestamp = storeTimestamp;
    }
    if (prev === 0) this.hashSlotCount++;
    this.indexCount = i + 1;
    this.endPhyOffset = phyOffset;
    this.endTimestamp = storeTimestamp;
    return true;
  }

  private header(): Buffer {
    const h = Buffer.allocUnsafe(INDEX_HEADER_SIZE);
    writeInt64BE(h, this.beginTimestamp, 0);
    writeInt64BE(h, this.endTimestamp, 8);
    writeInt64BE(h, this.beginPhyOffset, 16);
    writeInt64BE(h, this.endPhyOffset, 24);
    writeInt32BE(h, this.hashSlotCount, 32);
    writeInt32BE(h, this.indexCount, 36);
    return h;
  }

  /** Writes new entries, then the header that counts them. */
  writeBehind(): Promise<void> {
    if (this.writing) return this.writing.then(() => (this.writtenCount < this.indexCount ? this.writeBehind() : undefined));
    if (this.writtenCount >= this.indexCount) return Promise.resolve();
    this.writing = this.doWrite().finally(() => {
      this.writing = null;
    });
    return this.writing;
  }

  private async doWrite(): Promise<void> {
    await this.ready;
    const from = this.writtenCount;
    const to = this.indexCount;
    const src = this.pending;
    const header = this.header();
    await this.file.use(async (fd) => {
      await pwriteAll(fd, src, 0, (to - from) * ENTRY_SIZE, this.entryPos(from));
      await pwriteAll(fd, header, 0, INDEX_HEADER_SIZE, 0);
    });
    this.pending.copyWithin(0, (to - from) * ENTRY_SIZE, (this.indexCount - from) * ENTRY_SIZE);
    this.writtenCount = to;
  }

  async sync(): Promise<void> {
    await this.ready;
    await this.writeBehind();
    await this.file.use((fd) => fdatasync(fd));
  }

  /** Puts the slot table on disk with everything else and stops taking keys. */
  async seal(): Promise<void> {
    await this.ready;
    await this.writeBehind();
    const slots = this.slots;
    if (slots) {
      const raw = slotsToBigEndian(slots);
      const header = this.header();
      await this.file.use(async (fd) => {
        await pwriteAll(fd, raw, 0, raw.length, INDEX_HEADER_SIZE);
        await pwriteAll(fd, header, 0, INDEX_HEADER_SIZE, 0);
      });
    }
    await this.file.use((fd) => fdatasync(fd));
    this.blocks.clear();
    this.slots = null;
    this.sealed = true;
  }

  /**
   * Recovery: keeps only entries pointing below `phyLimit`, rebuilds the slot table from the entries
   * and takes keys again. Returns the physical offset of the last entry kept, or -1.
   */
  async rebuild(phyLimit: number): Promise<number> {
    const slots = new Int32Array(this.hashSlotNum);
    let count = 1;
    let lastPhy = -1;
    let lastTimeDiff = 0;
    const buf = Buffer.allocUnsafe(SCAN_CHUNK - (SCAN_CHUNK % ENTRY_SIZE));
    await this.file.use(async (fd) => {
      for (let i = 1; i < this.indexCount;) {
        const want = Math.min(buf.length / ENTRY_SIZE, this.indexCount - i);
        const n = await preadAll(fd, buf, 0, want * ENTRY_SIZE, this.entryPos(i));
        const got = Math.floor(n / ENTRY_SIZE);
        for (let k = 0; k < got; k++) {
          const phy = readInt64BE(buf, k * ENTRY_SIZE + 4);
          if (phy >= phyLimit) return;
          slots[readInt32BE(buf, k * ENTRY_SIZE) % this.hashSlotNum] = i + k;
          lastPhy = phy;
          lastTimeDiff = readInt32BE(buf, k * ENTRY_SIZE + 12);
          count = i + k + 1;
        }
        if (got < want) return;
        i += got;
      }
    });
    let used = 0;
    for (let s = 0; s < slots.length; s++) if (slots[s] !== 0) used++;
    this.slots = slots;
    this.hashSlotCount = used;
    this.indexCount = this.writtenCount = count;
    if (lastPhy >= 0) {
      this.endPhyOffset = lastPhy;
      // Entries keep whole seconds only; the bound errs late, which only widens time matches.
      this.endTimestamp = this.beginTimestamp + lastTimeDiff * 1000 + 999;
    }
    this.sealed = false;
    this.blocks.clear();
    const header = this.header();
    await this.file.use((fd) => pwriteAll(fd, header, 0, INDEX_HEADER_SIZE, 0));
    return lastPhy;
  }

  isTimeMatched(begin: number, end: number): boolean {
    return (begin < this.beginTimestamp && end > this.endTimestamp) ||
      (begin >= this.beginTimestamp && begin <= this.endTimestamp) ||
      (end >= this.beginTimestamp && end <= this.endTimestamp);
  }

  /**
   * Reads [pos, pos+len) of bytes that no longer change (a sealed slot table, written entries)
   * through a small cache of 4 KiB blocks: chain walks revisit the same blocks.
   */
  private async readStable(pos: number, len: number, out: Buffer): Promise<boolean> {
    const block = Math.floor(pos / BLOCK);
    // A file taking keys is stable only below its written entries: a block reaching past them
    // would be cached with zeros where later entries are written, and chain walks would stop there.
    const stableEnd = this.slots ? this.entryPos(this.writtenCount) : Infinity;
    if (Math.floor((pos + len - 1) / BLOCK) !== block || (block + 1) * BLOCK > stableEnd) {
      const n = await this.file.use((fd) => preadAll(fd, out, 0, len, pos));
      return n === len;
    }
    let b = this.blocks.get(block);
    if (!b) {
      const buf = Buffer.allocUnsafe(BLOCK);
      const n = await this.file.use((fd) => preadAll(fd, buf, 0, BLOCK, block * BLOCK));
      b = buf.subarray(0, n);
      if (this.blocks.size >= MAX_BLOCKS) this.blocks.delete(this.blocks.keys().next().value!);
      this.blocks.set(block, b);
    }
    const off = pos - block * BLOCK;
    if (off + len > b.length) return false;
    b.copy(out, 0, off, off + len);
    return true;
  }

  private async slotValue(slot: number): Promise<number> {
    if (this.slots) return this.slots[slot]!;
    const b = Buffer.allocUnsafe(SLOT_SIZE);
    return (await this.readStable(INDEX_HEADER_SIZE + slot * SLOT_SIZE, SLOT_SIZE, b)) ? b.readInt32BE(0) : 0;
  }

  private async entry(i: number, out: Buffer): Promise<boolean> {
    if (i >= this.writtenCount) {
      if (i >= this.indexCount) return false;
      this.pending.copy(out, 0, (i - this.writtenCount) * ENTRY_SIZE, (i - this.writtenCount + 1) * ENTRY_SIZE);
      return true;
    }
    return this.readStable(this.entryPos(i), ENTRY_SIZE, out);
  }

  /** Follows the slot chain of `keyHash`, collecting offsets stored between begin and end (Java's selectPhyOffset). */
  async selectPhyOffsets(keyHash: number, maxNum: number, begin: number, end: number, out: number[]): Promise<void> {
    const slotValue = await this.slotValue(keyHash % this.hashSlotNum);
    if (slotValue <= 0 || slotValue > this.indexCount || this.indexCount <= 1) return;
    const e = Buffer.allocUnsafe(ENTRY_SIZE);
    for (let next = slotValue;;) {
      if (out.length >= maxNum) break;
      if (!(await this.entry(next, e))) break;
      const hashRead = readInt32BE(e, 0);
      const phyRead = readInt64BE(e, 4);
      const timeDiff = readInt32BE(e, 12);
      const prev = readInt32BE(e, 16);
      if (timeDiff < 0) break;
      const timeRead = this.beginTimestamp + timeDiff * 1000;
      if (hashRead === keyHash && timeRead >= begin && timeRead <= end) out.push(phyRead);
      if (prev <= 0 || prev > this.indexCount || prev === next || timeRead < begin) break;
      next = prev;
    }
  }
}
