// Java's String.hashCode: h = 31 * h + c over UTF-16 code units, in int32 arithmetic. RocketMQ
// stores it as the consume-queue tag code and uses abs(hash) as the index-file key hash.
// The range form hashes part of a string (a property value inside the properties string) and can
// continue from a previous hash, so "topic#key" is hashed without building that string.

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
