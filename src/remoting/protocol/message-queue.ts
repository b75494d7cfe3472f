// MessageQueue, the (topic, brokerName, queueId) triple that names one queue, and maps keyed by it.
//   JSON      {"brokerName":"broker-a","queueId":3,"topic":"TopicTest"}
//   map key   fastjson writes Map<MessageQueue, V> with the object itself as key:
//             {{"brokerName":"b","queueId":0,"topic":"T"}:V,...}
// Other writers put the key in a string: the JSON of the object, or MessageQueue.toString()
// ("MessageQueue [topic=T, brokerName=b, queueId=0]"). Readers here accept all three.

import { RemotingCommandError } from '../errors.js';
import { type FJValue, mapEntries, ObjectKeyMap, parseFastjson } from '../fastjson.js';

export interface MessageQueue {
  topic: string;
  brokerName: string;
  queueId: number;
}

export function messageQueue(topic: string, brokerName: string, queueId: number): MessageQueue {
  return { topic, brokerName, queueId };
}

/** A string naming the queue, for Map keys. Topics cannot contain '@', so it is unambiguous. */
export function mqKey(mq: MessageQueue): string {
  return `${mq.topic}@${mq.brokerName}@${mq.queueId}`;
}

export function mqEquals(a: MessageQueue, b: MessageQueue): boolean {
  return a.queueId === b.queueId && a.topic === b.topic && a.brokerName === b.brokerName;
}

/** MessageQueue.compareTo: topic, then brokerName, then queueId (the order of Java's TreeMap/TreeSet). */
export function compareMessageQueue(a: MessageQueue, b: MessageQueue): number {
  if (a.topic !== b.topic) return a.topic < b.topic ? -1 : 1;
  if (a.brokerName !== b.brokerName) return a.brokerName < b.brokerName ? -1 : 1;
  return a.queueId - b.queueId;
}

/** Bean form, fields in fastjson order. */
export function messageQueueToJson(mq: MessageQueue): { brokerName: string; queueId: number; topic: string } {
  return { brokerName: mq.brokerName, queueId: mq.queueId, topic: mq.topic };
}

const TO_STRING = /^MessageQueue \[topic=(.*), brokerName=(.*), queueId=(-?\d+)\]$/;

export function messageQueueFromJson(v: FJValue | undefined): MessageQueue {
  if (typeof v === 'string') {
    const m = TO_STRING.exec(v);
    if (m) return { topic: m[1]!, brokerName: m[2]!, queueId: Number(m[3]) };
    if (v.startsWith('{')) return messageQueueFromJson(parseFastjson(v));
  }
  if (v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof ObjectKeyMap)) {
    const o = v as Record<string, FJValue>;
    const queueId = typeof o.queueId === 'number' ? o.queueId : Number(o.queueId);
    if (typeof o.topic === 'string' && typeof o.brokerName === 'string' && Number.isInteger(queueId)) {
      return { topic: o.topic, brokerName: o.brokerName, queueId };
    }
  }
  throw new RemotingCommandError(`not a MessageQueue: ${JSON.stringify(v)}`);
}

export function messageQueueListFromJson(v: FJValue | undefined): MessageQueue[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new RemotingCommandError('MessageQueue set is not an array');
  return v.map(messageQueueFromJson);
}

/**
 * Map<MessageQueue, V> with value-equality keys and insertion order (which, for a decoded body,
 * is the order Java wrote, so a body re-encodes to the same bytes).
 */
export class MessageQueueMap<V> implements Iterable<[MessageQueue, V]> {
  private readonly m = new Map<string, [MessageQueue, V]>();

  constructor(entries?: Iterable<readonly [MessageQueue, V]>) {
    if (entries) { for (const [mq, v] of entries) this.set(mq, v); }
  }

  get size(): number {
    return this.m.size;
  }

  get(mq: MessageQueue): V | undefined {
    return this.m.get(mqKey(mq))?.[1];
  }

  has(mq: MessageQueue): boolean {
    return this.m.has(mqKey(mq));
  }

  set(mq: MessageQueue, v: V): this {
    const k = mqKey(mq);
    const cur = this.m.get(k);
    if (cur) cur[1] = v;
    else this.m.set(k, [mq, v]);
    return this;
  }

  delete(mq: MessageQueue): boolean {
    return this.m.delete(mqKey(mq));
  }

  keys(): MessageQueue[] {
    return [...this.m.values()].map((e) => e[0]);
  }

  values(): V[] {
    return [...this.m.values()].map((e) => e[1]);
  }

  [Symbol.iterator](): Iterator<[MessageQueue, V]> {
    return this.m.values();
  }

  /** Entries in MessageQueue order (what a Java TreeMap writes). */
  sorted(): Array<[MessageQueue, V]> {
    return [...this.m.values()].sort((a, b) => compareMessageQueue(a[0], b[0]));
  }

  /** fastjson form: object keys. */
  toJson(value: (v: V) => unknown): ObjectKeyMap<unknown, unknown> {
    const out: Array<[unknown, unknown]> = [];
    for (const [mq, v] of this.m.values()) out.push([messageQueueToJson(mq), value(v)]);
    return new ObjectKeyMap(out);
  }

  static fromJson<V>(v: FJValue | undefined, value: (x: FJValue, mq: MessageQueue) => V): MessageQueueMap<V> {
    const out = new MessageQueueMap<V>();
    for (const [k, x] of mapEntries(v)) {
      const mq = messageQueueFromJson(k);
      out.set(mq, value(x, mq));
    }
    return out;
  }
}
