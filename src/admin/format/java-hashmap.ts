// Maps that mqadmin prints with Map.toString ("{k1=v1, k2=v2}", message properties for one) in
// the order Java prints them: a HashMap's iteration order (common/message/java-hash.ts).

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
