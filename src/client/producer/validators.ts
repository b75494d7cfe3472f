// Validators: the checks Java's producer makes before sending (topic name, forbidden system
// topics, body present and not too large), the batch rules of MessageBatch.generateFromList, and
// the group names producers and consumers may use.

import {
  isValidTopicName,
  NOT_ALLOWED_SEND_TOPICS,
  RETRY_GROUP_TOPIC_PREFIX,
  TOPIC_MAX_LENGTH,
} from '../../common/message/message-const.js';
import { MQClientError } from '../../common/errors.js';
import { illegalMessage } from '../errors.js';
import type { Message } from '../message/message.js';
import { MixAll } from '../mix-all.js';

/** Topics already found valid (most producers send to a handful). */
const validTopics = new Set<string>();

export function checkTopic(topic: string): void {
  if (validTopics.has(topic)) return;
  checkTopicName(topic);
  if (validTopics.size > 10_000) validTopics.clear();
  validTopics.add(topic);
}

function checkTopicName(topic: string): void {
  if (!topic || topic.trim() === '') throw new MQClientError(-1, 'The specified topic is blank');
  if (topic.length > TOPIC_MAX_LENGTH) {
    throw new MQClientError(-1, `The specified topic is longer than topic max length ${TOPIC_MAX_LENGTH}.`);
  }
  if (!isValidTopicName(topic)) {
    throw new MQClientError(-1, `The specified topic[${topic}] contains illegal characters, allowing only ^[%|a-zA-Z0-9_-]+$`);
  }
}

/** Group names follow the topic rules. */
export function checkGroup(group: string): void {
  if (!group || group.trim() === '') throw new MQClientError(-1, 'the specified group is blank');
  if (group.length > 255) throw new MQClientError(-1, 'the specified group is longer than group max length 255.');
  if (!isValidTopicName(group)) {
    throw new MQClientError(-1, `the specified group[${group}] contains illegal characters, allowing only ^[%|a-zA-Z0-9_-]+$`);
  }
}

/** A consumer's group: a valid name, and not DEFAULT_CONSUMER (every consumer's checkConfig). */
export function checkConsumerGroup(group: string): void {
  checkGroup(group);
  if (group === MixAll.DEFAULT_CONSUMER_GROUP) {
    throw new MQClientError(-1, 'consumerGroup can not equal DEFAULT_CONSUMER, please specify another one.');
  }
}

export function checkMessage(msg: Message | null | undefined, maxMessageSize: number): void {
  if (!msg) throw illegalMessage('the message is null');
  checkTopic(msg.topic);
  if (NOT_ALLOWED_SEND_TOPICS.has(msg.topic)) throw new MQClientError(-1, `Sending message to topic[${msg.topic}] is forbidden.`);
  if (!msg.body) throw illegalMessage('the message body is null');
  if (msg.body.length === 0) throw illegalMessage('the message body length is zero');
  if (msg.body.length > maxMessageSize) throw illegalMessage(`the message body size over max value, MAX: ${maxMessageSize}`);
}

/** MessageBatch.generateFromList: one topic, one WAIT value, no delay levels, no retry topics. */
export function checkBatch(msgs: readonly Message[]): void {
  if (msgs.length === 0) throw illegalMessage('the batch is empty');
  const first = msgs[0]!;
  for (const m of msgs) {
    if (m.delayTimeLevel > 0) throw illegalMessage('TimeDelayLevel is not supported for batching');
    if (m.topic.startsWith(RETRY_GROUP_TOPIC_PREFIX)) throw illegalMessage('Retry Group is not supported for batching');
    if (m.topic !== first.topic) throw illegalMessage('The topic of the messages in one batch should be the same');
    if (m.waitStoreMsgOK !== first.waitStoreMsgOK) throw illegalMessage('The waitStoreMsgOK of the messages in one batch should the same');
  }
}
