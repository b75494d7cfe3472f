// What a push consumer's listener sees and answers (MessageListenerConcurrently /
// MessageListenerOrderly and their contexts and statuses). A listener may answer directly or
// with a promise; throwing counts as RECONSUME_LATER (concurrently) or SUSPEND (orderly).

import type { MessageQueue } from '../../remoting/protocol/message-queue.js';
import type { MessageExt } from '../message/message-ext.js';

export const ConsumeConcurrentlyStatus = {
  /** Consumed; the offset moves past the messages. */
  CONSUME_SUCCESS: 'CONSUME_SUCCESS',
  /** Redeliver later through the group's retry topic (clustering), or drop (broadcasting). */
  RECONSUME_LATER: 'RECONSUME_LATER',
} as const;
export type ConsumeConcurrentlyStatus = (typeof ConsumeConcurrentlyStatus)[keyof typeof ConsumeConcurrentlyStatus];

export interface ConsumeConcurrentlyContext {
  readonly messageQueue: MessageQueue;
  /** Delay level of the redelivery: 0 lets the broker pick (3 + reconsumeTimes), -1 sends straight to the DLQ. */
  delayLevelWhenNextConsume: number;
  /** With CONSUME_SUCCESS, messages after this index are redelivered. */
  ackIndex: number;
}

export type MessageListenerConcurrently = (
  msgs: MessageExt[],
  context: ConsumeConcurrentlyContext,
) => ConsumeConcurrentlyStatus | Promise<ConsumeConcurrentlyStatus>;

export const ConsumeOrderlyStatus = {
  SUCCESS: 'SUCCESS',
  /** Only with autoCommit off: put the messages back. */
  ROLLBACK: 'ROLLBACK',
  /** Only with autoCommit off: commit the offset. */
  COMMIT: 'COMMIT',
  /** Stop the queue for suspendCurrentQueueTimeMillis and retry the same messages. */
  SUSPEND_CURRENT_QUEUE_A_MOMENT: 'SUSPEND_CURRENT_QUEUE_A_MOMENT',
} as const;
export type ConsumeOrderlyStatus = (typeof ConsumeOrderlyStatus)[keyof typeof ConsumeOrderlyStatus];

export interface ConsumeOrderlyContext {
  readonly messageQueue: MessageQueue;
  autoCommit: boolean;
  /** -1: the consumer's suspendCurrentQueueTimeMillis. */
  suspendCurrentQueueTimeMillis: number;
}

export type MessageListenerOrderly = (
  msgs: MessageExt[],
  context: ConsumeOrderlyContext,
) => ConsumeOrderlyStatus | Promise<ConsumeOrderlyStatus>;

/** Java's Integer.MAX_VALUE, the default ackIndex. */
export const ACK_ALL = 2147483647;

export function isThenable<T>(v: unknown): v is PromiseLike<T> {
  return v !== null && (typeof v === 'object' || typeof v === 'function') && typeof (v as { then?: unknown }).then === 'function';
}
