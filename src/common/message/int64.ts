// Big-endian int64 fields as JS numbers. Offsets, timestamps and tag codes in RocketMQ's files are
// Java longs, but every value they hold in practice fits in 53 bits, so a number (no BigInt on
// the hot path) carries them exactly. Byte grammar: int64 = int32 high | uint32 low, big-endian.

const TWO_32 = 4294967296;

export function readInt64BE(buf: Uint8Array, pos: number): number {
  const hi = (buf[pos]! << 24) | (buf[pos + 1]! << 16) | (buf[pos + 2]! << 8) | buf[pos + 3]!;
  const lo = ((buf[pos + 4]! << 24) | (buf[pos + 5]! << 16) | (buf[pos + 6]! << 8) | buf[pos + 7]!) >>> 0;
  return hi * TWO_32 + lo;
}

export function writeInt64BE(buf: Uint8Array, value: number, pos: number): void {
  const hi = Math.floor(value / TWO_32);
  const lo = value - hi * TWO_32;
  buf[pos] = hi >>> 24;
  buf[pos + 1] = hi >>> 16;
  buf[pos + 2] = hi >>> 8;
  buf[pos + 3] = hi;
  buf[pos + 4] = lo >>> 24;
  buf[pos + 5] = lo >>> 16;
  buf[pos + 6] = lo >>> 8;
  buf[pos + 7] = lo;
}

export function readInt32BE(buf: Uint8Array, pos: number): number {
  return (buf[pos]! << 24) | (buf[pos + 1]! << 16) | (buf[pos + 2]! << 8) | buf[pos + 3]!;
}

export function writeInt32BE(buf: Uint8Array, value: number, pos: number): void {
  buf[pos] = value >>> 24;
  buf[pos + 1] = value >>> 16;
  buf[pos + 2] = value >>> 8;
  buf[pos + 3] = value;
}

/** Big-endian int64 through a DataView (much faster than byte stores on V8). */
export function setInt64(dv: DataView, pos: number, value: number): void {
  const hi = Math.floor(value / TWO_32);
  dv.setInt32(pos, hi);
  dv.setUint32(pos + 4, value - hi * TWO_32);
}

export function getInt64(dv: DataView, pos: number): number {
  return dv.getInt32(pos) * TWO_32 + dv.getUint32(pos + 4);
}

/** A DataView over exactly the bytes of `b`. */
export function viewOf(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}
