// Maps that mqadmin prints with Map.toString ("{k1=v1, k2=v2}", message properties for one) in
// the order Java prints them: a HashMap's iteration order (common/message/java-hash.ts); and the
// order of a java.util.Properties, which exportConfigs writes.

import { javaHashCode, javaHashMapOrder } from '../../common/message/java-hash.js';

export { javaHashMapCapacity, javaHashMapOrder, javaHashOrder } from '../../common/message/java-hash.js';

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

/**
 * The entries of `m` (insertion order = Java's setProperty order) in the iteration order of a
 * `new Properties()` on Java 9 and later, which keeps them in a ConcurrentHashMap of 16 bins that
 * doubles once it holds 3/4 of them. Unlike a HashMap's, its resize moves each bin's keys from the
 * head up to the last run that goes to one half in reverse order (the run itself keeps its order), so
 * keys that shared a bin before can swap.
 */
export function javaPropertiesOrder<V>(m: ReadonlyMap<string, V>): Array<[string, V]> {
  type Node = { h: number; e: [string, V] };
  let n = 16;
  let bins: Node[][] = Array.from({ length: n }, () => []);
  let size = 0;
  for (const e of m) {
    let h = javaHashCode(e[0]);
    h = (h ^ (h >>> 16)) & 0x7fffffff;
    bins[h & (n - 1)]!.push({ h, e });
    if (++size >= n - (n >>> 2)) {
      const next: Node[][] = Array.from({ length: n * 2 }, () => []);
      bins.forEach((bin, i) => {
        if (bin.length === 0) return;
        let last = 0;
        for (let j = 1; j < bin.length; j++) if ((bin[j]!.h & n) !== (bin[last]!.h & n)) last = j;
        const run = bin.slice(last);
        const low: Node[] = (run[0]!.h & n) === 0 ? [...run] : [];
        const high: Node[] = (run[0]!.h & n) !== 0 ? [...run] : [];
        for (const p of bin.slice(0, last)) ((p.h & n) === 0 ? low : high).unshift(p);
        next[i] = low;
        next[i + n] = high;
      });
      bins = next;
      n *= 2;
    }
  }
  return bins.flat().map((x) => x.e);
}
