// Where a message goes when a consumer gives it back or a client sends to a retry topic: the
// group's retry topic at a delay level, or its dead-letter queue once it has been redelivered
// maxReconsumeTimes times (SendMessageProcessor's consumerSendMsgBack and handleRetryAndDLQ).
// Pure decisions, so they can be tested without a broker.

import { DLQ_GROUP_TOPIC_PREFIX, RETRY_GROUP_TOPIC_PREFIX } from '../../common/message/message-const.js';
import { MQVersion } from '../../common/mq-version.js';

/** A group's dead-letter topic has one queue. */
export const DLQ_NUMS_PER_GROUP = 1;

export function retryTopic(group: string): string {
  return RETRY_GROUP_TOPIC_PREFIX + group;
}

export function dlqTopic(group: string): string {
  return DLQ_GROUP_TOPIC_PREFIX + group;
}

/** The group of a `%RETRY%<group>` topic, or undefined for any other topic. */
export function groupOfRetryTopic(topic: string): string | undefined {
  return topic.charCodeAt(0) === 37 && topic.startsWith(RETRY_GROUP_TOPIC_PREFIX)
    ? topic.slice(RETRY_GROUP_TOPIC_PREFIX.length)
    : undefined;
}

/** The group's retryMaxTimes, unless a client of 3.4.9 or later names its own limit. */
export function effectiveMaxReconsumeTimes(groupRetryMaxTimes: number, requested: number | undefined, requestVersion: number): number {
  return requestVersion >= MQVersion.V3_4_9 && requested !== undefined && requested !== null ? requested : groupRetryMaxTimes;
}

export interface SendBackTarget {
  dlq: boolean;
  topic: string;
  queueId: number;
  /** 0 for the DLQ (no delay). */
  delayLevel: number;
}

/**
 * CONSUMER_SEND_MSG_BACK: past `maxReconsumeTimes`, or when the client asks with a negative level,
 * the DLQ; otherwise the retry topic at the asked level, or 3 + reconsumeTimes when it asked for 0.
 * `random` picks the retry queue (a random non-negative integer).
 */
export function sendBackTarget(
  group: string,
  reconsumeTimes: number,
  maxReconsumeTimes: number,
  requestedDelayLevel: number,
  retryQueueNums: number,
  random: number,
): SendBackTarget {
  if (reconsumeTimes >= maxReconsumeTimes || requestedDelayLevel < 0) {
    return { dlq: true, topic: dlqTopic(group), queueId: random % DLQ_NUMS_PER_GROUP, delayLevel: 0 };
  }
  return {
    dlq: false,
    topic: retryTopic(group),
    queueId: random % retryQueueNums,
    delayLevel: requestedDelayLevel === 0 ? 3 + reconsumeTimes : requestedDelayLevel,
  };
}

/**
 * A send straight to `%RETRY%<group>` (old clients retry this way): once reconsumeTimes reaches the
 * limit the message goes to the DLQ instead; undefined means "send as asked".
 */
export function retrySendTarget(
  group: string,
  reconsumeTimes: number,
  maxReconsumeTimes: number,
  random: number,
): SendBackTarget | undefined {
  if (reconsumeTimes < maxReconsumeTimes) return undefined;
  return { dlq: true, topic: dlqTopic(group), queueId: random % DLQ_NUMS_PER_GROUP, delayLevel: 0 };
}

/** ThreadLocalRandom.nextInt(99999999), the spread Java uses to pick a queue. */
export function randomQueueSeed(): number {
  return Math.floor(Math.random() * 99_999_999);
}
