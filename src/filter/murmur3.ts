// MurmurHash3 x64 128-bit with seed 0 over the UTF-8 bytes of a string, as Guava's
// Hashing.murmur3_128().hashString(s, UTF_8) computes it; `murmur3Long` is its asLong(): the
// first 8 bytes of the hash, little-endian, as a signed 64-bit value. Used only when a consumer
// filter is registered, so plain BigInt arithmetic is fast enough.

const MASK = (1n << 64n) - 1n;
const C1 = 0x87c37b91114253d5n;
const C2 = 0x4cf5ad432745937fn;

const mul = (a: bigint, b: bigint): bigint => (a * b) & MASK;
const add = (a: bigint, b: bigint): bigint => (a + b) & MASK;
const rotl = (x: bigint, r: bigint): bigint => ((x << r) | (x >> (64n - r))) & MASK;

function fmix(k: bigint): bigint {
  k ^= k >> 33n;
  k = mul(k, 0xff51afd7ed558ccdn);
  k ^= k >> 33n;
  k = mul(k, 0xc4ceb9fe1a85ec53n);
  return k ^ (k >> 33n);
}

const mixK1 = (k: bigint): bigint => mul(rotl(mul(k, C1), 31n), C2);
const mixK2 = (k: bigint): bigint => mul(rotl(mul(k, C2), 33n), C1);

function littleEndian(bytes: Uint8Array, from: number, to: number): bigint {
  let v = 0n;
  for (let i = to - 1; i >= from; i--) v = (v << 8n) | BigInt(bytes[i]!);
  return v;
}

export function murmur3Long(text: string): bigint {
  const bytes = Buffer.from(text, 'utf8');
  let h1 = 0n;
  let h2 = 0n;
  const blocks = bytes.length - (bytes.length % 16);
  for (let i = 0; i < blocks; i += 16) {
    h1 ^= mixK1(littleEndian(bytes, i, i + 8));
    h1 = add(mul(add(rotl(h1, 27n), h2), 5n), 0x52dce729n);
    h2 ^= mixK2(littleEndian(bytes, i + 8, i + 16));
    h2 = add(mul(add(rotl(h2, 31n), h1), 5n), 0x38495ab5n);
  }
  const rest = bytes.length - blocks;
  if (rest > 0) {
    h1 ^= mixK1(littleEndian(bytes, blocks, blocks + Math.min(rest, 8)));
    if (rest > 8) h2 ^= mixK2(littleEndian(bytes, blocks + 8, bytes.length));
  }
  const len = BigInt(bytes.length);
  h1 ^= len;
  h2 ^= len;
  h1 = add(h1, h2);
  h2 = add(h2, h1);
  h1 = fmix(h1);
  h2 = fmix(h2);
  h1 = add(h1, h2);
  return BigInt.asIntN(64, h1);
}
