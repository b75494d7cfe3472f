// Java's String.hashCode: h = 31 * h + c over UTF-16 code units, in int32 arithmetic. RocketMQ
// stores it as the consume-queue tag code and uses abs(hash) as the index-file key hash.
// The range form hashes part of a string (a property value inside the properties string) and can
// continue from a previous hash, so "topic#key" is hashed without building that string.
// A java.util.HashMap (or HashSet) iterates by bucket, so maps Java writes out (message properties,
// Map.toString) come in that order: 16 buckets to start, doubled when more than 3/4 full, each
// bucket in insertion order (resizing keeps it); the bucket of a key is (h ^ (h >>> 16)) &
// (capacity - 1), h = hashCode. Buckets of 8 or more keys turn into trees in Java; maps that large
// never occur here.

export function javaHashCode(s: string, start = 0, end = s.length, seed = 0): number {
  let h = seed | 0;
  for (let i = start; i < end; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

/** The index-file hash of a key: |hashCode|, with Integer.MIN_VALUE (whose abs overflows) as 0. */
export function indexKeyHash(hash: number): number {
  const a = Math.abs(hash | 0);
  return a > 2147483647 ? 0 : a;
}

/** Capacity of a `new HashMap<>()` after `size` distinct puts. */
export function javaHashMapCapacity(size: number): number {
  let cap = 16;
  while (size > cap * 0.75) cap *= 2;
  return cap;
}

function bucketOf(h: number, capacity: number): number {
  return (h ^ (h >>> 16)) & (capacity - 1);
}

/** `items` (in put order) in the iteration order of a HashMap / HashSet keyed by `hash` (the key's hashCode). */
export function javaHashOrder<T>(items: readonly T[], hash: (item: T) => number): T[] {
  const cap = javaHashMapCapacity(items.length);
  return items
    .map((item, i) => ({ item, i, b: bucketOf(hash(item), cap) }))
    .sort((x, y) => x.b - y.b || x.i - y.i)
    .map((x) => x.item);
}

/** The entries of `m` (insertion order = Java's put order) in Java HashMap iteration order. */
export function javaHashMapOrder<V>(m: ReadonlyMap<string, V>): Array<[string, V]> {
  return javaHashOrder([...m], ([k]) => javaHashCode(k));
}
