// MessageQueueSelector: picks the queue of an ordered send from the topic's writable queues, the
// message and a caller's argument (Java's SelectMessageQueueByHash / ByRandom). Messages sent with
// the same argument land on the same queue, so their order is kept.

import { javaHashCode } from '../../common/message/java-hash.js';
import type { MessageQueue } from '../../remoting/protocol/message-queue.js';
import type { Message } from '../message/message.js';

export type MessageQueueSelector = (mqs: readonly MessageQueue[], msg: Message, arg: unknown) => MessageQueue;

/** Java's Object.hashCode of common argument types: int, long, String, boolean. */
export function javaObjectHash(arg: unknown): number {
  if (typeof arg === 'number') {
    if (Number.isInteger(arg) && arg >= -2147483648 && arg <= 2147483647) return arg | 0;
    // Long.hashCode: (int)(value ^ (value >>> 32))
    const big = BigInt.asUintN(64, BigInt(Math.trunc(arg)));
    return Number(BigInt.asIntN(32, big ^ (big >> 32n)));
  }
  if (typeof arg === 'bigint') {
    const big = BigInt.asUintN(64, arg);
    return Number(BigInt.asIntN(32, big ^ (big >> 32n)));
  }
  if (typeof arg === 'boolean') return arg ? 1231 : 1237;
  return javaHashCode(String(arg));
}

/** SelectMessageQueueByHash: |hash(arg) % n|. */
export const selectMessageQueueByHash: MessageQueueSelector = (mqs, _msg, arg) => {
  let value = javaObjectHash(arg) % mqs.length;
  if (value < 0) value = Math.abs(value);
  return mqs[value]!;
};

export const selectMessageQueueByRandom: MessageQueueSelector = (mqs) => mqs[Math.floor(Math.random() * mqs.length)]!;
