// The iteration order of a java.util.HashMap (or HashSet) filled in a given order, so maps that
// mqadmin prints with Map.toString ("{k1=v1, k2=v2}", message properties for one) come out in
// the order Java prints them. A HashMap starts with 16 buckets, doubles when it holds more than
// 3/4 of its capacity, and iterates bucket by bucket, each bucket in insertion order (resizing
// keeps that order). The bucket of a key is (h ^ (h >>> 16)) & (capacity - 1), h = hashCode.
// Buckets of 8 or more keys turn into trees in Java; maps that large never occur here.

import { javaHashCode } from '../../common/message/java-hash.js';

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

/** AbstractMap.toString of such a map: "{k1=v1, k2=v2}". */
export function javaMapToString(m: ReadonlyMap<string, unknown>): string {
  return `{${javaHashMapOrder(m).map(([k, v]) => `${k}=${String(v)}`).join(', ')}}`;
}

/** MessageQueue.hashCode. */
export function messageQueueHashCode(mq: { topic: string; brokerName: string; queueId: number }): number {
  let h = 1;
  h = (Math.imul(31, h) + javaHashCode(mq.brokerName)) | 0;
  h = (Math.imul(31, h) + mq.queueId) | 0;
  return (Math.imul(31, h) + javaHashCode(mq.topic)) | 0;
}
