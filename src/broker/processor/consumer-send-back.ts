// CONSUMER_SEND_MSG_BACK (36): a consumer could not process a message and gives it back (Java's
// SendMessageProcessor.asyncConsumerSendMsgBack). The stored message is copied to the group's
// retry topic with a delay level (3 + reconsumeTimes unless the client names one), or to its DLQ
// once it has been redelivered maxReconsumeTimes times or the client asks for level -1. The copy
// keeps RETRY_TOPIC (the original topic), ORIGIN_MESSAGE_ID and counts one more reconsume.

import { MessageConst, SystemTopic } from '../../common/message/message-const.js';
import { putProperty } from '../../common/message/properties.js';
import { decodeMessage } from '../../common/message/record-codec.js';
import { createResponse, type RemotingCommand } from '../../remoting/command.js';
import { ResponseCode } from '../../remoting/response-code.js';
import { ConsumerSendMsgBackRequestHeader } from '../../remoting/protocol/consumer-send-back.js';
import { isWriteable, PermName, TopicSysFlag } from '../../remoting/protocol/topic-config.js';
import { RequestCode } from '../../remoting/request-code.js';
import type { Processor } from '../../remoting/server.js';
import type { BrokerContext } from '../broker-context.js';
import { DLQ_NUMS_PER_GROUP, effectiveMaxReconsumeTimes, randomQueueSeed, retryTopic, sendBackTarget } from '../retry/retry-policy.js';
import { validateTopic } from '../topic/topic-validator.js';
import { suggestTodo } from './common.js';

const RW = PermName.PERM_WRITE | PermName.PERM_READ;

export function consumerSendBackProcessors(b: BrokerContext): Array<[number, Processor]> {
  const sendBack = async (req: RemotingCommand): Promise<RemotingCommand> => {
    const h = ConsumerSendMsgBackRequestHeader.decode(req.extFields);
    // Refused before anything is created: the store would refuse the copy only when its delay is
    // over, too late to tell the consumer (Java answers the store's MESSAGE_ILLEGAL the same way).
    const illegal = validateTopic(retryTopic(h.group));
    if (illegal) {
      return createResponse(req, ResponseCode.SYSTEM_ERROR, `MESSAGE_ILLEGAL: the retry topic of this group is illegal. ${illegal.remark}`);
    }
    const sgc = b.subscriptionGroupManager.findSubscriptionGroupConfig(h.group);
    if (!sgc) {
      return createResponse(req, ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, `subscription group not exist, ${h.group} ${suggestTodo()}`);
    }
    if (!isWriteable(b.brokerConfig.brokerPermission)) {
      return createResponse(req, ResponseCode.NO_PERMISSION, `the broker[${b.brokerConfig.brokerIP1}] sending message is forbidden`);
    }
    if (sgc.retryQueueNums <= 0) return createResponse(req, ResponseCode.SUCCESS);
    const retry = retryTopic(h.group);
    const retryTc = b.topicConfigManager.createTopicInSendMessageBackMethod(
      retry,
      sgc.retryQueueNums,
      RW,
      h.unitMode ? TopicSysFlag.FLAG_UNIT_SUB : 0,
    );
    if (!isWriteable(retryTc.perm)) {
      return createResponse(req, ResponseCode.NO_PERMISSION, `the topic[${retry}] sending message is forbidden`);
    }
    const raw = await b.store.selectOneMessageByOffset(h.offset);
    let m;
    try {
      m = raw ? decodeMessage(raw, 0, { decompress: false }) : null;
    } catch {
      m = null;
    }
    if (!m) return createResponse(req, ResponseCode.SYSTEM_ERROR, `look message by offset failed, ${h.offset}`);

    const max = effectiveMaxReconsumeTimes(sgc.retryMaxTimes, h.maxReconsumeTimes, req.version);
    const target = sendBackTarget(h.group, m.reconsumeTimes, max, h.delayLevel, sgc.retryQueueNums, randomQueueSeed());
    if (target.dlq) {
      b.stats.incSendToDlq(h.group, h.originTopic ?? m.topic);
      b.topicConfigManager.createTopicInSendMessageBackMethod(target.topic, DLQ_NUMS_PER_GROUP, RW, 0);
    }
    let props = m.propertiesString;
    if (!m.properties.has(MessageConst.PROPERTY_RETRY_TOPIC)) props = putProperty(props, MessageConst.PROPERTY_RETRY_TOPIC, m.topic);
    props = putProperty(props, MessageConst.PROPERTY_WAIT_STORE_MSG_OK, 'false');
    props = putProperty(props, MessageConst.PROPERTY_DELAY_TIME_LEVEL, String(target.delayLevel));
    const origin = m.properties.get(MessageConst.PROPERTY_ORIGIN_MESSAGE_ID);
    props = putProperty(props, MessageConst.PROPERTY_ORIGIN_MESSAGE_ID, origin && origin.trim() ? origin : m.msgId);

    const r = await b.store.putMessage({
      topic: target.topic,
      queueId: target.queueId,
      flag: m.flag,
      body: m.body,
      propertiesString: props,
      sysFlag: m.sysFlag,
      bornTimestamp: m.bornTimestamp,
      bornHost: m.bornHostBytes,
      storeHost: m.storeHostBytes,
      reconsumeTimes: m.reconsumeTimes + 1,
      delayTimeLevel: target.delayLevel,
      waitStoreMsgOK: false,
    });
    if (!r.isOk) return createResponse(req, ResponseCode.SYSTEM_ERROR, r.status);
    if (target.delayLevel > 0) {
      // The store parked the copy in SCHEDULE_TOPIC_XXXX: Java counts that put there.
      const queueId = Math.min(target.delayLevel, b.schedule?.maxDelayLevel ?? target.delayLevel) - 1;
      b.stats.topicPut(SystemTopic.SCHEDULE).nums.add(1, 1);
      b.stats.topicPut(SystemTopic.SCHEDULE).size.add(r.wroteBytes, 1);
      b.stats.incQueuePutNums(SystemTopic.SCHEDULE, queueId, 1, 1);
      b.stats.incQueuePutSize(SystemTopic.SCHEDULE, queueId, r.wroteBytes);
    }
    b.stats.incSendBackNums(h.group, m.properties.get(MessageConst.PROPERTY_RETRY_TOPIC) ?? m.topic);
    return createResponse(req, ResponseCode.SUCCESS);
  };

  return [[RequestCode.CONSUMER_SEND_MSG_BACK, sendBack]];
}
