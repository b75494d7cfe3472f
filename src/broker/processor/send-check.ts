// The checks every send passes before its message is built (Java's AbstractSendMessageProcessor
// .msgCheck), shared by SEND_MESSAGE* and SEND_REPLY_MESSAGE*: the broker may take writes, the
// topic name is legal and not reserved, the topic exists or is auto-created through the producer's
// default topic (TBW102), the queue id is in range and the topic is writable. A refusal carries
// the response code and remark Java answers.

import { getLogger } from '../../common/logger.js';
import { RETRY_GROUP_TOPIC_PREFIX } from '../../common/message/message-const.js';
import { ResponseCode } from '../../remoting/response-code.js';
import type { SendMessageRequest } from '../../remoting/protocol/send.js';
import { isWriteable, PermName, permToString, type TopicConfig, TopicSysFlag } from '../../remoting/protocol/topic-config.js';
import type { BrokerContext } from '../broker-context.js';
import { notAllowedSendTopic, validateTopic } from '../topic/topic-validator.js';
import { suggestTodo } from './common.js';

const log = getLogger('broker');

/** Java's TopicConfig.toString, as remarks quote it. */
function topicConfigText(tc: TopicConfig): string {
  return `TopicConfig [topicName=${tc.topicName}, readQueueNums=${tc.readQueueNums}, writeQueueNums=${tc.writeQueueNums}, perm=${
    permToString(tc.perm)
  }, topicFilterType=${tc.topicFilterType}, topicSysFlag=${tc.topicSysFlag}, order=${tc.order}]`;
}

/** The topic the send may write to, or the refusal. */
export function msgCheck(
  b: BrokerContext,
  h: SendMessageRequest,
  producerAddr: string,
): { tc: TopicConfig } | { code: number; remark: string } {
  const brokerPerm = b.brokerConfig.brokerPermission;
  if (!isWriteable(brokerPerm)) {
    return { code: ResponseCode.NO_PERMISSION, remark: `the broker[${b.brokerConfig.brokerIP1}] sending message is forbidden` };
  }
  const bad = validateTopic(h.topic) ?? notAllowedSendTopic(h.topic);
  if (bad) return bad;
  let tc = b.topicConfigManager.selectTopicConfig(h.topic);
  if (!tc) {
    let sysFlag = 0;
    if (h.unitMode) sysFlag = h.topic.startsWith(RETRY_GROUP_TOPIC_PREFIX) ? TopicSysFlag.FLAG_UNIT_SUB : TopicSysFlag.FLAG_UNIT;
    // Java warns here before it tries; a topic created on first send (the `mq start` default) is
    // logged as created instead, and only a send that finds no topic at all warns.
    tc = b.topicConfigManager.createTopicInSendMessageMethod(h.topic, h.defaultTopic, producerAddr, h.defaultTopicQueueNums, sysFlag);
    if (!tc && h.topic.startsWith(RETRY_GROUP_TOPIC_PREFIX)) {
      tc = b.topicConfigManager.createTopicInSendMessageBackMethod(h.topic, 1, PermName.PERM_WRITE | PermName.PERM_READ, sysFlag);
    }
    if (!tc) {
      log.warn('the topic does not exist', { topic: h.topic, producer: producerAddr });
      return { code: ResponseCode.TOPIC_NOT_EXIST, remark: `topic[${h.topic}] not exist, apply first please!${suggestTodo()}` };
    }
  }
  if (h.queueId >= Math.max(tc.writeQueueNums, tc.readQueueNums)) {
    return {
      code: ResponseCode.SYSTEM_ERROR,
      remark: `request queueId[${h.queueId}] is illegal, ${topicConfigText(tc)} Producer: ${producerAddr}`,
    };
  }
  if (!isWriteable(tc.perm)) return { code: ResponseCode.NO_PERMISSION, remark: `the topic[${h.topic}] sending message is forbidden` };
  return { tc };
}
