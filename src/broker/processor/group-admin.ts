// Consumer group administration and progress (Java's AdminBrokerProcessor):
// UPDATE_AND_CREATE_SUBSCRIPTIONGROUP (200), GET_ALL_SUBSCRIPTIONGROUP_CONFIG (201),
// DELETE_SUBSCRIPTIONGROUP (207), GET_CONSUME_STATS (208), GET_ALL_CONSUMER_OFFSET (43),
// GET_ALL_DELAY_OFFSET (45), CLONE_GROUP_OFFSET (314), and who is connected:
// GET_CONSUMER_CONNECTION_LIST (203), GET_PRODUCER_CONNECTION_LIST (204), GET_ALL_PRODUCER_INFO (328).

import { createResponse, type RemotingCommand } from '../../remoting/command.js';
import type { Connection } from '../../remoting/connection.js';
import { ResponseCode } from '../../remoting/response-code.js';
import {
  type ClientConnection,
  encodeConsumerConnection,
  encodeProducerConnection,
  encodeProducerTableInfo,
  GetConsumerConnectionListRequestHeader,
  GetProducerConnectionListRequestHeader,
  type ProducerInfo,
} from '../../remoting/protocol/connection-info.js';
import { encodeConsumeStats, GetConsumeStatsRequestHeader, type OffsetWrapper } from '../../remoting/protocol/consume-stats.js';
import { CloneGroupOffsetRequestHeader } from '../../remoting/protocol/consumer-offset.js';
import { MessageQueueMap } from '../../remoting/protocol/message-queue.js';
import { decodeSubscriptionGroupConfig, DeleteSubscriptionGroupRequestHeader } from '../../remoting/protocol/subscription-group.js';
import { RequestCode } from '../../remoting/request-code.js';
import type { Processor } from '../../remoting/server.js';
import { getLogger } from '../../common/logger.js';
import type { BrokerContext } from '../broker-context.js';
import type { ClientChannelInfo } from '../client/client-channel.js';
import { requireBody } from './common.js';
import { slaveRefusal } from './topic-admin.js';

const log = getLogger('broker');

function connectionOf(info: ClientChannelInfo): ClientConnection {
  return { clientId: info.clientId, clientAddr: info.channel.remoteAddress, language: info.language, version: info.version };
}

const utf8 = (s: string) => Buffer.from(s, 'utf8');

export function groupAdminProcessors(b: BrokerContext): Array<[number, Processor]> {
  const updateAndCreateGroup = (req: RemotingCommand, conn: Connection): RemotingCommand => {
    const refused = slaveRefusal(b, req);
    if (refused) return refused;
    const config = decodeSubscriptionGroupConfig(requireBody(req));
    log.info('updateAndCreateSubscriptionGroup called', { by: conn.remoteAddress, group: config.groupName });
    b.subscriptionGroupManager.updateSubscriptionGroupConfig(config);
    return createResponse(req, ResponseCode.SUCCESS);
  };

  const getAllGroups = (req: RemotingCommand): RemotingCommand =>
    createResponse(req, ResponseCode.SUCCESS, null, null, utf8(b.subscriptionGroupManager.encode()));

  const deleteGroup = (req: RemotingCommand, conn: Connection): RemotingCommand => {
    const refused = slaveRefusal(b, req);
    if (refused) return refused;
    const h = DeleteSubscriptionGroupRequestHeader.decode(req.extFields);
    log.info('deleteSubscriptionGroup called', { by: conn.remoteAddress, group: h.groupName });
    b.subscriptionGroupManager.deleteSubscriptionGroupConfig(h.groupName);
    if (h.removeOffset) b.consumerOffsetManager.removeOffset(h.groupName);
    if (b.brokerConfig.autoDeleteUnusedStats) b.stats.onGroupDeleted(h.groupName);
    return createResponse(req, ResponseCode.SUCCESS);
  };

  const getConsumeStats = async (req: RemotingCommand): Promise<RemotingCommand> => {
    const h = GetConsumeStatsRequestHeader.decode(req.extFields);
    const group = h.consumerGroup;
    const topics = h.topic && h.topic.trim() ? new Set([h.topic]) : b.consumerOffsetManager.whichTopicByConsumer(group);
    const table = new MessageQueueMap<OffsetWrapper>();
    let consumeTps = 0;
    for (const topic of topics) {
      const tc = b.topicConfigManager.selectTopicConfig(topic);
      if (!tc) continue;
      if (!b.consumerManager.findSubscriptionData(group, topic) && b.consumerManager.findSubscriptionDataCount(group) > 0) continue;
      for (let i = 0; i < tc.readQueueNums; i++) {
        const brokerOffset = Math.max(0, b.store.getMaxOffsetInQueue(topic, i));
        const consumerOffset = Math.max(0, b.consumerOffsetManager.queryOffset(group, topic, i));
        let lastTimestamp = 0;
        if (consumerOffset - 1 >= 0) {
          const t = await b.store.getMessageStoreTimeStamp(topic, i, consumerOffset - 1);
          if (t > 0) lastTimestamp = t;
        }
        table.set({ topic, brokerName: b.brokerConfig.brokerName, queueId: i }, { brokerOffset, consumerOffset, lastTimestamp });
      }
      consumeTps += b.stats.tpsGroupGetNums(group, topic);
    }
    return createResponse(req, ResponseCode.SUCCESS, null, null, encodeConsumeStats({ offsetTable: table, consumeTps }));
  };

  const getAllConsumerOffset = (req: RemotingCommand): RemotingCommand =>
    createResponse(req, ResponseCode.SUCCESS, null, null, utf8(b.consumerOffsetManager.encode()));

  const getAllDelayOffset = (req: RemotingCommand): RemotingCommand => {
    if (!b.schedule) return createResponse(req, ResponseCode.SYSTEM_ERROR, 'Delay offset not supported in this messagetore');
    return createResponse(req, ResponseCode.SUCCESS, null, null, utf8(b.schedule.encode()));
  };

  const cloneGroupOffset = (req: RemotingCommand): RemotingCommand => {
    const h = CloneGroupOffsetRequestHeader.decode(req.extFields);
    const topics = h.topic && h.topic.trim() ? [h.topic] : [...b.consumerOffsetManager.whichTopicByConsumer(h.srcGroup)];
    for (const topic of topics) {
      if (!b.topicConfigManager.selectTopicConfig(topic)) continue;
      if (
        !h.offline && b.consumerManager.findSubscriptionDataCount(h.srcGroup) > 0 &&
        !b.consumerManager.findSubscriptionData(h.srcGroup, topic)
      ) continue;
      b.consumerOffsetManager.cloneOffset(h.srcGroup, h.destGroup, topic);
    }
    return createResponse(req, ResponseCode.SUCCESS);
  };

  const getConsumerConnectionList = (req: RemotingCommand): RemotingCommand => {
    const h = GetConsumerConnectionListRequestHeader.decode(req.extFields);
    const g = b.consumerManager.getConsumerGroupInfo(h.consumerGroup);
    if (!g) return createResponse(req, ResponseCode.CONSUMER_NOT_ONLINE, `the consumer group[${h.consumerGroup}] not online`);
    const body = encodeConsumerConnection({
      connectionSet: [...g.channelInfoTable.values()].map(connectionOf),
      consumeType: g.consumeType,
      messageModel: g.messageModel,
      consumeFromWhere: g.consumeFromWhere,
      subscriptionTable: g.subscriptionTable,
    });
    return createResponse(req, ResponseCode.SUCCESS, null, null, body);
  };

  const getProducerConnectionList = (req: RemotingCommand): RemotingCommand => {
    const h = GetProducerConnectionListRequestHeader.decode(req.extFields);
    const t = b.producerManager.groupChannelTable.get(h.producerGroup);
    if (!t) return createResponse(req, ResponseCode.SYSTEM_ERROR, `the producer group[${h.producerGroup}] not exist`);
    return createResponse(req, ResponseCode.SUCCESS, null, null, encodeProducerConnection([...t.values()].map(connectionOf)));
  };

  const getAllProducerInfo = (req: RemotingCommand): RemotingCommand => {
    const data = new Map<string, ProducerInfo[]>();
    for (const [group, t] of b.producerManager.groupChannelTable) {
      data.set(
        group,
        [...t.values()].map((i) => ({
          clientId: i.clientId,
          remoteIP: `/${i.channel.remoteAddress}`,
          language: i.language,
          version: i.version,
          lastUpdateTimestamp: i.lastUpdateTimestamp,
        })),
      );
    }
    return createResponse(req, ResponseCode.SUCCESS, null, null, encodeProducerTableInfo(data));
  };

  return [
    [RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP, updateAndCreateGroup],
    [RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG, getAllGroups],
    [RequestCode.DELETE_SUBSCRIPTIONGROUP, deleteGroup],
    [RequestCode.GET_CONSUME_STATS, getConsumeStats],
    [RequestCode.GET_ALL_CONSUMER_OFFSET, getAllConsumerOffset],
    [RequestCode.GET_ALL_DELAY_OFFSET, getAllDelayOffset],
    [RequestCode.CLONE_GROUP_OFFSET, cloneGroupOffset],
    [RequestCode.GET_CONSUMER_CONNECTION_LIST, getConsumerConnectionList],
    [RequestCode.GET_PRODUCER_CONNECTION_LIST, getProducerConnectionList],
    [RequestCode.GET_ALL_PRODUCER_INFO, getAllProducerInfo],
  ];
}
