// Queue allocation strategies of a clustering consumer group (consumer/rebalance/*): each client
// runs the same strategy over the same sorted queue and client-id lists and takes its own share.
//   AVG           contiguous blocks, the first `queues % clients` clients one queue more
//   AVG_BY_CIRCLE queue i goes to client i % clients
//   CONSISTENT_HASH  a ring of MD5 hashes, `virtualNodeCnt` points per client
//   CONFIG        a fixed list

import { createHash } from 'node:crypto';
import type { MessageQueue } from '../../remoting/protocol/message-queue.js';

export interface AllocateMessageQueueStrategy {
  readonly name: string;
  allocate(consumerGroup: string, currentCID: string, mqAll: readonly MessageQueue[], cidAll: readonly string[]): MessageQueue[];
}

/** AbstractAllocateMessageQueueStrategy.check: whether this client takes part at all. */
function check(currentCID: string, mqAll: readonly MessageQueue[], cidAll: readonly string[]): boolean {
  if (!currentCID) throw new Error('currentCID is empty');
  if (mqAll.length === 0) throw new Error('mqAll is null or mqAll empty');
  if (cidAll.length === 0) throw new Error('cidAll is null or cidAll empty');
  return cidAll.includes(currentCID);
}

export class AllocateMessageQueueAveragely implements AllocateMessageQueueStrategy {
  readonly name = 'AVG';

  allocate(_group: string, currentCID: string, mqAll: readonly MessageQueue[], cidAll: readonly string[]): MessageQueue[] {
    if (!check(currentCID, mqAll, cidAll)) return [];
    const index = cidAll.indexOf(currentCID);
    const n = mqAll.length;
    const c = cidAll.length;
    const mod = n % c;
    const averageSize = n <= c ? 1 : mod > 0 && index < mod ? Math.floor(n / c) + 1 : Math.floor(n / c);
    const startIndex = mod > 0 && index < mod ? index * averageSize : index * averageSize + mod;
    const range = Math.min(averageSize, n - startIndex);
    const out: MessageQueue[] = [];
    for (let i = 0; i < range; i++) out.push(mqAll[(startIndex + i) % n]!);
    return out;
  }
}

export class AllocateMessageQueueAveragelyByCircle implements AllocateMessageQueueStrategy {
  readonly name = 'AVG_BY_CIRCLE';

  allocate(_group: string, currentCID: string, mqAll: readonly MessageQueue[], cidAll: readonly string[]): MessageQueue[] {
    if (!check(currentCID, mqAll, cidAll)) return [];
    const index = cidAll.indexOf(currentCID);
    const out: MessageQueue[] = [];
    for (let i = index; i < mqAll.length; i++) if (i % cidAll.length === index) out.push(mqAll[i]!);
    return out;
  }
}

/** ConsistentHashRouter's default hash: the first four bytes of MD5, big-endian, as a positive long. */
export function md5Hash(key: string): number {
  const d = createHash('md5').update(key, 'utf8').digest();
  return d.readUInt32BE(0);
}

/** MessageQueue.toString, the key queues are hashed by. */
export function messageQueueToString(mq: MessageQueue): string {
  return `MessageQueue [topic=${mq.topic}, brokerName=${mq.brokerName}, queueId=${mq.queueId}]`;
}

export class AllocateMessageQueueConsistentHash implements AllocateMessageQueueStrategy {
  readonly name = 'CONSISTENT_HASH';

  constructor(private readonly virtualNodeCnt = 10, private readonly hash: (key: string) => number = md5Hash) {
    if (virtualNodeCnt < 0) throw new Error(`illegal virtualNodeCnt :${virtualNodeCnt}`);
  }

  allocate(_group: string, currentCID: string, mqAll: readonly MessageQueue[], cidAll: readonly string[]): MessageQueue[] {
    if (!check(currentCID, mqAll, cidAll)) return [];
    // The ring: hash -> client; a later virtual node with an equal hash replaces an earlier one (TreeMap.put).
    const ring = new Map<number, string>();
    for (const cid of cidAll) for (let i = 0; i < this.virtualNodeCnt; i++) ring.set(this.hash(`${cid}-${i}`), cid);
    const points = [...ring.keys()].sort((a, b) => a - b);
    if (points.length === 0) return [];
    const out: MessageQueue[] = [];
    for (const mq of mqAll) {
      const h = this.hash(messageQueueToString(mq));
      let lo = 0;
      let hi = points.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (points[mid]! < h) lo = mid + 1;
        else hi = mid;
      }
      const node = ring.get(points[lo === points.length ? 0 : lo]!)!;
      if (node === currentCID) out.push(mq);
    }
    return out;
  }
}

export class AllocateMessageQueueByConfig implements AllocateMessageQueueStrategy {
  readonly name = 'CONFIG';

  constructor(public messageQueueList: MessageQueue[] = []) {}

  allocate(): MessageQueue[] {
    return this.messageQueueList;
  }
}
