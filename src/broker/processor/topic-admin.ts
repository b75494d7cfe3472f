// Topic administration (Java's AdminBrokerProcessor): UPDATE_AND_CREATE_TOPIC (17),
// DELETE_TOPIC_IN_BROKER (215, which drops the topic's consume queues and offsets too),
// GET_ALL_TOPIC_CONFIG (21), GET_TOPIC_STATS_INFO (202), QUERY_TOPIC_CONSUME_BY_WHO (300),
// GET_SYSTEM_TOPIC_LIST_FROM_BROKER (305). Changes are refused on a slave, as in Java.

import { createResponse, type RemotingCommand } from '../../remoting/command.js';
import type { Connection } from '../../remoting/connection.js';
import { ResponseCode } from '../../remoting/response-code.js';
import { encodeGroupList, QueryTopicConsumeByWhoRequestHeader } from '../../remoting/protocol/consume-by-who.js';
import { MessageQueueMap } from '../../remoting/protocol/message-queue.js';
import { encodeTopicList } from '../../remoting/protocol/namesrv/lists.js';
import { CreateTopicRequestHeader, DeleteTopicRequestHeader } from '../../remoting/protocol/topic-admin.js';
import { createTopicConfig, encodeTopicConfigWrapper, type TopicFilterType } from '../../remoting/protocol/topic-config.js';
import { encodeTopicStatsTable, GetTopicStatsInfoRequestHeader, type TopicOffset } from '../../remoting/protocol/topic-stats.js';
import { RequestCode } from '../../remoting/request-code.js';
import type { Processor } from '../../remoting/server.js';
import { getLogger } from '../../common/logger.js';
import type { BrokerContext } from '../broker-context.js';
import { validateTopic } from '../topic/topic-validator.js';

const log = getLogger('broker');

/** AdminBrokerProcessor.validateSlave: topic and group changes belong to the master. */
export function slaveRefusal(b: Pick<BrokerContext, 'isSlave'>, req: RemotingCommand): RemotingCommand | null {
  if (!b.isSlave) return null;
  return createResponse(
    req,
    ResponseCode.SYSTEM_ERROR,
    "Can't modify topic or subscription group from slave broker, please execute it from master broker.",
  );
}

export function topicAdminProcessors(b: BrokerContext): Array<[number, Processor]> {
  /** Why a topic may not be created or deleted here (a slave, a bad name, a system topic), or null. */
  const refuseTopicChange = (req: RemotingCommand, conn: Connection, what: string, topic: string): RemotingCommand | null => {
    const refused = slaveRefusal(b, req);
    if (refused) return refused;
    log.info(`${what} called`, { by: conn.remoteAddress, topic });
    const bad = validateTopic(topic) ?? b.topicConfigManager.systemTopics.verdict(topic);
    return bad ? createResponse(req, bad.code, bad.remark) : null;
  };

  const updateAndCreateTopic = async (req: RemotingCommand, conn: Connection): Promise<RemotingCommand> => {
    const h = CreateTopicRequestHeader.decode(req.extFields);
    const refused = refuseTopicChange(req, conn, 'updateAndCreateTopic', h.topic);
    if (refused) return refused;
    if (h.topicFilterType !== 'SINGLE_TAG' && h.topicFilterType !== 'MULTI_TAG') {
      return createResponse(
        req,
        ResponseCode.SYSTEM_ERROR,
        `No enum constant org.apache.rocketmq.common.TopicFilterType.${h.topicFilterType}`,
      );
    }
    const tc = createTopicConfig(h.topic, {
      readQueueNums: h.readQueueNums,
      writeQueueNums: h.writeQueueNums,
      topicFilterType: h.topicFilterType as TopicFilterType,
      perm: h.perm,
      topicSysFlag: h.topicSysFlag ?? 0,
    });
    // Java ignores the header's order flag here: ordered topics are declared on the name server.
    b.topicConfigManager.updateTopicConfig(tc);
    await b.registerIncrementBrokerData(tc);
    return createResponse(req, ResponseCode.SUCCESS);
  };

  const deleteTopic = async (req: RemotingCommand, conn: Connection): Promise<RemotingCommand> => {
    const h = DeleteTopicRequestHeader.decode(req.extFields);
    const refused = refuseTopicChange(req, conn, 'deleteTopic', h.topic);
    if (refused) return refused;
    b.topicConfigManager.deleteTopicConfig(h.topic);
    b.consumerOffsetManager.removeTopic(h.topic);
    await b.store.cleanUnusedTopic(new Set(b.topicConfigManager.table.keys()));
    if (b.brokerConfig.autoDeleteUnusedStats) b.stats.onTopicDeleted(h.topic);
    return createResponse(req, ResponseCode.SUCCESS);
  };

  const getAllTopicConfig = (req: RemotingCommand): RemotingCommand =>
    createResponse(req, ResponseCode.SUCCESS, null, null, Buffer.from(encodeTopicConfigWrapper(b.topicConfigManager.wrapper()), 'utf8'));

  const getTopicStatsInfo = async (req: RemotingCommand): Promise<RemotingCommand> => {
    const h = GetTopicStatsInfoRequestHeader.decode(req.extFields);
    const tc = b.topicConfigManager.selectTopicConfig(h.topic);
    if (!tc) return createResponse(req, ResponseCode.TOPIC_NOT_EXIST, `topic[${h.topic}] not exist`);
    const table = new MessageQueueMap<TopicOffset>();
    for (let i = 0; i < tc.writeQueueNums; i++) {
      const min = Math.max(0, b.store.getMinOffsetInQueue(h.topic, i));
      const max = Math.max(0, b.store.getMaxOffsetInQueue(h.topic, i));
      const lastUpdateTimestamp = max > 0 ? await b.store.getMessageStoreTimeStamp(h.topic, i, max - 1) : 0;
      table.set({ topic: h.topic, brokerName: b.brokerConfig.brokerName, queueId: i }, {
        minOffset: min,
        maxOffset: max,
        lastUpdateTimestamp,
      });
    }
    return createResponse(req, ResponseCode.SUCCESS, null, null, encodeTopicStatsTable({ offsetTable: table }));
  };

  const queryTopicConsumeByWho = (req: RemotingCommand): RemotingCommand => {
    const h = QueryTopicConsumeByWhoRequestHeader.decode(req.extFields);
    const groups = b.consumerManager.queryTopicConsumeByWho(h.topic);
    for (const g of b.consumerOffsetManager.whichGroupByTopic(h.topic)) groups.add(g);
    return createResponse(req, ResponseCode.SUCCESS, null, null, encodeGroupList(groups));
  };

  const getSystemTopicList = (req: RemotingCommand): RemotingCommand =>
    createResponse(
      req,
      ResponseCode.SUCCESS,
      null,
      null,
      encodeTopicList({ topicList: new Set(b.topicConfigManager.systemTopics.list()) }),
    );

  return [
    [RequestCode.UPDATE_AND_CREATE_TOPIC, updateAndCreateTopic],
    [RequestCode.DELETE_TOPIC_IN_BROKER, deleteTopic],
    [RequestCode.GET_ALL_TOPIC_CONFIG, getAllTopicConfig],
    [RequestCode.GET_TOPIC_STATS_INFO, getTopicStatsInfo],
    [RequestCode.QUERY_TOPIC_CONSUME_BY_WHO, queryTopicConsumeByWho],
    [RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_BROKER, getSystemTopicList],
  ];
}
