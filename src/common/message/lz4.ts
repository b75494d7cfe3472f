// LZ4 frames, as lz4-java's LZ4FrameOutputStream writes them for RocketMQ's LZ4 compression:
//   frame       = magic (0x184D2204, LE) | FLG | BD | [contentSize u64 LE] | [dictId u32 LE] | HC | *block | endMark (u32 0) | [contentChecksum u32 LE]
//   FLG         = version(2 bits, 01) | blockIndependence | blockChecksum | contentSize | contentChecksum | reserved | dictId
//   BD          = reserved | blockMaxSize (3 bits: 4 = 64 KiB ... 7 = 4 MiB) | reserved(4)
//   HC          = (xxh32(FLG..dictId, seed 0) >> 8) & 0xFF
//   block       = size u32 LE (high bit set: stored uncompressed) | data | [xxh32(data) u32 LE]
//   block data  = *sequence; sequence = token | [literal length bytes] | literals | offset u16 LE | [match length bytes]
// Skippable frames (magic 0x184D2A50..5F) are skipped. Several frames may follow each other.

const MAGIC = 0x184d2204;
const PRIME1 = 0x9e3779b1;
const PRIME2 = 0x85ebca77;
const PRIME3 = 0xc2b2ae3d;
const PRIME4 = 0x27d4eb2f;
const PRIME5 = 0x165667b1;

export class Lz4FormatError extends Error {
  constructor(message: string) {
    super(`LZ4 frame: ${message}`);
    this.name = 'Lz4FormatError';
  }
}

const rotl = (x: number, r: number) => (x << r) | (x >>> (32 - r));
const u32 = (b: Uint8Array, p: number) => (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0;

/** xxHash32 of b[start, end). */
export function xxh32(b: Uint8Array, start = 0, end = b.length, seed = 0): number {
  let p = start;
  let h: number;
  if (end - start >= 16) {
    let v1 = (seed + PRIME1 + PRIME2) | 0;
    let v2 = (seed + PRIME2) | 0;
    let v3 = seed | 0;
    let v4 = (seed - PRIME1) | 0;
    const limit = end - 16;
    while (p <= limit) {
      v1 = Math.imul(rotl((v1 + Math.imul(u32(b, p), PRIME2)) | 0, 13), PRIME1);
      v2 = Math.imul(rotl((v2 + Math.imul(u32(b, p + 4), PRIME2)) | 0, 13), PRIME1);
      v3 = Math.imul(rotl((v3 + Math.imul(u32(b, p + 8), PRIME2)) | 0, 13), PRIME1);
      v4 = Math.imul(rotl((v4 + Math.imul(u32(b, p + 12), PRIME2)) | 0, 13), PRIME1);
      p += 16;
    }
    h = (rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18)) | 0;
  } else {
    h = (seed + PRIME5) | 0;
  }
  h = (h + (end - start)) | 0;
  while (p + 4 <= end) {
    h = Math.imul(rotl((h + Math.imul(u32(b, p), PRIME3)) | 0, 17), PRIME4);
    p += 4;
  }
  while (p < end) {
    h = Math.imul(rotl((h + Math.imul(b[p]!, PRIME5)) | 0, 11), PRIME1);
    p++;
  }
  h ^= h >>> 15;
  h = Math.imul(h, PRIME2);
  h ^= h >>> 13;
  h = Math.imul(h, PRIME3);
  h ^= h >>> 16;
  return h >>> 0;
}

class Output {
  buf: Buffer;
  len = 0;
  constructor(cap: number) {
    this.buf = Buffer.allocUnsafe(Math.max(cap, 64));
  }
  reserve(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.len + n));
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }
}

const cursor = { pos: 0 };

/** Adds the 255-continued length bytes at cursor.pos to `len`. */
function extendLength(src: Uint8Array, cur: { pos: number }, end: number, len: number, what: string): number {
  let b: number;
  do {
    if (cur.pos >= end) throw new Lz4FormatError(`truncated ${what}`);
    b = src[cur.pos++]!;
    len += b;
  } while (b === 255);
  return len;
}

/** Decodes one LZ4 block into `out`; earlier output serves as the window for linked blocks. */
function decodeBlock(src: Uint8Array, pos: number, end: number, out: Output, blockMax: number): void {
  out.reserve(blockMax);
  const dst = out.buf;
  let d = out.len;
  const dend = d + blockMax;
  while (pos < end) {
    const token = src[pos++]!;
    let lit = token >>> 4;
    if (lit === 15) {
      cursor.pos = pos;
      lit = extendLength(src, cursor, end, lit, 'literal length');
      pos = cursor.pos;
    }
    if (pos + lit > end || d + lit > dend) throw new Lz4FormatError('literals overrun the block');
    for (let i = 0; i < lit; i++) dst[d + i] = src[pos + i]!;
    pos += lit;
    d += lit;
    if (pos >= end) break; // the last sequence has literals only
    if (pos + 2 > end) throw new Lz4FormatError('truncated match offset');
    const offset = src[pos]! | (src[pos + 1]! << 8);
    pos += 2;
    if (offset === 0 || offset > d) throw new Lz4FormatError(`bad match offset ${offset}`);
    let mlen = (token & 15) + 4;
    if ((token & 15) === 15) {
      cursor.pos = pos;
      mlen = extendLength(src, cursor, end, mlen, 'match length');
      pos = cursor.pos;
    }
    if (d + mlen > dend) throw new Lz4FormatError('match overruns the block');
    let m = d - offset;
    // Byte by byte: a match may overlap the bytes it is producing (run-length encoding).
    for (let i = 0; i < mlen; i++) dst[d++] = dst[m++]!;
  }
  out.len = d;
}

/** Decompresses one or more LZ4 frames. */
export function lz4FrameDecompress(src: Uint8Array): Buffer {
  const out = new Output(src.length * 4);
  let pos = 0;
  let frames = 0;
  while (pos < src.length) {
    if (src.length - pos < 4) throw new Lz4FormatError('truncated magic');
    const magic = u32(src, pos);
    if ((magic & 0xfffffff0) === 0x184d2a50) {
      const n = u32(src, pos + 4);
      pos += 8 + n;
      continue;
    }
    if (magic !== MAGIC) throw new Lz4FormatError(`bad magic 0x${magic.toString(16)}`);
    pos = decodeFrame(src, pos + 4, out);
    frames++;
  }
  if (frames === 0) throw new Lz4FormatError('no frame');
  return out.buf.subarray(0, out.len);
}

function decodeFrame(src: Uint8Array, pos: number, out: Output): number {
  const descStart = pos;
  if (pos + 3 > src.length) throw new Lz4FormatError('truncated frame descriptor');
  const flg = src[pos++]!;
  const bd = src[pos++]!;
  if (flg >> 6 !== 1) throw new Lz4FormatError(`unsupported version ${flg >> 6}`);
  const blockChecksum = (flg & 0x10) !== 0;
  const hasContentSize = (flg & 0x08) !== 0;
  const contentChecksum = (flg & 0x04) !== 0;
  if (flg & 0x01) throw new Lz4FormatError('dictionaries are not supported');
  const sizeCode = (bd >> 4) & 7;
  if (sizeCode < 4) throw new Lz4FormatError(`bad block size code ${sizeCode}`);
  const blockMax = 1 << (2 * sizeCode + 8);
  if (hasContentSize) pos += 8;
  const hc = src[pos]!;
  if (hc !== ((xxh32(src, descStart, pos) >>> 8) & 0xff)) throw new Lz4FormatError('header checksum mismatch');
  pos++;
  const frameStart = out.len;
  for (;;) {
    if (pos + 4 > src.length) throw new Lz4FormatError('truncated block size');
    const word = u32(src, pos);
    pos += 4;
    if (word === 0) break;
    const size = word & 0x7fffffff;
    if (pos + size > src.length) throw new Lz4FormatError('truncated block');
    if (blockChecksum) {
      if (pos + size + 4 > src.length) throw new Lz4FormatError('truncated block checksum');
      if (xxh32(src, pos, pos + size) !== u32(src, pos + size)) throw new Lz4FormatError('block checksum mismatch');
    }
    if (word & 0x80000000) {
      out.reserve(size);
      out.buf.set(src.subarray(pos, pos + size), out.len);
      out.len += size;
    } else {
      decodeBlock(src, pos, pos + size, out, blockMax);
    }
    pos += size + (blockChecksum ? 4 : 0);
  }
  if (contentChecksum) {
    if (pos + 4 > src.length) throw new Lz4FormatError('truncated content checksum');
    if (xxh32(out.buf, frameStart, out.len) !== u32(src, pos)) throw new Lz4FormatError('content checksum mismatch');
    pos += 4;
  }
  return pos;
}

const MIN_MATCH = 4;
const HASH_LOG = 16;

/** Compresses one block greedily (hash of 4 bytes, no chains): fast and simple, not maximal. */
function encodeBlock(src: Uint8Array, start: number, end: number, dst: Buffer, dpos: number, table: Int32Array): number {
  table.fill(-1);
  let anchor = start;
  let p = start;
  const mflimit = end - 12; // the format keeps the last 12 bytes out of matches, the last 5 literal
  const emit = (litEnd: number, matchLen: number, offset: number) => {
    const lit = litEnd - anchor;
    const tokenPos = dpos++;
    let token = (lit >= 15 ? 15 : lit) << 4;
    if (lit >= 15) {
      let n = lit - 15;
      while (n >= 255) {
        dst[dpos++] = 255;
        n -= 255;
      }
      dst[dpos++] = n;
    }
    dst.set(src.subarray(anchor, litEnd), dpos);
    dpos += lit;
    if (matchLen > 0) {
      dst[dpos++] = offset & 0xff;
      dst[dpos++] = offset >>> 8;
      const ml = matchLen - MIN_MATCH;
      token |= ml >= 15 ? 15 : ml;
      if (ml >= 15) {
        let n = ml - 15;
        while (n >= 255) {
          dst[dpos++] = 255;
          n -= 255;
        }
        dst[dpos++] = n;
      }
    }
    dst[tokenPos] = token;
  };
  while (p < mflimit) {
    const seq = u32(src, p);
    const h = Math.imul(seq, 2654435761) >>> (32 - HASH_LOG);
    const ref = table[h]!;
    table[h] = p;
    if (ref >= start && p - ref <= 0xffff && u32(src, ref) === seq) {
      let len = MIN_MATCH;
      const maxLen = end - 5 - p;
      while (len < maxLen && src[ref + len] === src[p + len]) len++;
      emit(p, len, p - ref);
      p += len;
      anchor = p;
    } else {
      p++;
    }
  }
  emit(end, 0, 0);
  return dpos;
}

/** Compresses into one LZ4 frame with independent 4 MiB blocks and no checksums, as lz4-java's defaults. */
export function lz4FrameCompress(src: Uint8Array): Buffer {
  const blockMax = 4 << 20;
  const blocks = Math.max(1, Math.ceil(src.length / blockMax));
  const out = Buffer.allocUnsafe(7 + 4 + blocks * 4 + src.length + Math.ceil(src.length / 255) + 16 * blocks);
  out.writeUInt32LE(MAGIC, 0);
  out[4] = 0x60;
  out[5] = 0x70;
  out[6] = (xxh32(out, 4, 6) >>> 8) & 0xff;
  let pos = 7;
  const table = new Int32Array(1 << HASH_LOG);
  for (let s = 0; s < src.length; s += blockMax) {
    const e = Math.min(src.length, s + blockMax);
    const sizePos = pos;
    pos += 4;
    const endPos = encodeBlock(src, s, e, out, pos, table);
    if (endPos - pos >= e - s) {
      out.set(src.subarray(s, e), pos);
      out.writeUInt32LE(((e - s) | 0x80000000) >>> 0, sizePos);
      pos += e - s;
    } else {
      out.writeUInt32LE(endPos - pos, sizePos);
      pos = endPos;
    }
  }
  out.writeUInt32LE(0, pos);
  return out.subarray(0, pos + 4);
}
