// HEART_BEAT (34), UNREGISTER_CLIENT (35), CHECK_CLIENT_CONFIG (46): Java's ClientManageProcessor.
// A heartbeat registers the client's producer and consumer groups on its connection, makes each
// consumer group's retry topic, and (through the consumer table) tells the group's members when
// its membership or subscriptions change. CHECK_CLIENT_CONFIG vets a SQL92 subscription before a
// consumer starts with it.

import { getLogger } from '../../common/logger.js';
import { createResponse, type RemotingCommand } from '../../remoting/command.js';
import type { Connection } from '../../remoting/connection.js';
import { ResponseCode } from '../../remoting/response-code.js';
import { decodeCheckClientRequestBody, decodeHeartbeatData, UnregisterClientRequestHeader } from '../../remoting/protocol/heartbeat.js';
import { PermName, TopicSysFlag } from '../../remoting/protocol/topic-config.js';
import { RequestCode } from '../../remoting/request-code.js';
import type { Processor } from '../../remoting/server.js';
import type { BrokerContext } from '../broker-context.js';
import { clientChannelInfo } from '../client/client-channel.js';
import { checkClientFilterConfig } from '../filter/sql-subscription.js';
import { retryTopic } from '../retry/retry-policy.js';
import { requireBody } from './common.js';

const log = getLogger('broker');

export function clientManageProcessors(b: BrokerContext): Array<[number, Processor]> {
  const heartBeat = (req: RemotingCommand, conn: Connection): RemotingCommand => {
    const hb = decodeHeartbeatData(requireBody(req));
    const info = clientChannelInfo(conn, hb.clientID, req.language, req.version, b.now());
    for (const c of hb.consumerDataSet) {
      const sgc = b.subscriptionGroupManager.findSubscriptionGroupConfig(c.groupName);
      let notify = true;
      if (sgc) {
        notify = sgc.notifyConsumerIdsChangedEnable;
        b.topicConfigManager.createTopicInSendMessageBackMethod(
          retryTopic(c.groupName),
          sgc.retryQueueNums,
          PermName.PERM_WRITE | PermName.PERM_READ,
          c.unitMode ? TopicSysFlag.FLAG_UNIT_SUB : 0,
        );
      }
      b.consumerManager.registerConsumer(c.groupName, info, {
        consumeType: c.consumeType,
        messageModel: c.messageModel,
        consumeFromWhere: c.consumeFromWhere,
        subscriptions: c.subscriptionDataSet,
      }, notify);
    }
    for (const p of hb.producerDataSet) b.producerManager.registerProducer(p.groupName, info);
    return createResponse(req, ResponseCode.SUCCESS);
  };

  const unregisterClient = (req: RemotingCommand, conn: Connection): RemotingCommand => {
    const h = UnregisterClientRequestHeader.decode(req.extFields);
    if (h.producerGroup !== undefined) b.producerManager.unregisterProducer(h.producerGroup, conn);
    if (h.consumerGroup !== undefined) {
      const sgc = b.subscriptionGroupManager.findSubscriptionGroupConfig(h.consumerGroup);
      b.consumerManager.unregisterConsumer(h.consumerGroup, conn, sgc ? sgc.notifyConsumerIdsChangedEnable : true);
    }
    return createResponse(req, ResponseCode.SUCCESS);
  };

  const checkClientConfig = (req: RemotingCommand): RemotingCommand => {
    const body = decodeCheckClientRequestBody(requireBody(req));
    const refusal = checkClientFilterConfig(body.subscriptionData, b.brokerConfig.enablePropertyFilter);
    if (refusal) {
      log.warn('client subscription refused', { clientId: body.clientId, group: body.group, code: refusal.code, remark: refusal.remark });
      return createResponse(req, refusal.code, refusal.remark);
    }
    return createResponse(req, ResponseCode.SUCCESS);
  };

  return [
    [RequestCode.HEART_BEAT, heartBeat],
    [RequestCode.UNREGISTER_CLIENT, unregisterClient],
    [RequestCode.CHECK_CLIENT_CONFIG, checkClientConfig],
  ];
}
