// Statistics, consume statistics and raw queues for mqadmin (Java's AdminBrokerProcessor):
//   VIEW_BROKER_STATS_DATA (315)    one statistics item's minute, hour and day snapshots (statsAll);
//     an unknown name or key is SYSTEM_ERROR "The stats <name> <key> not exist"
//   GET_BROKER_CONSUME_STATS (317)  every subscription group's progress on every topic it has
//     offsets for (brokerConsumeStats), optionally only ordered topics, and the total backlog
//   QUERY_CONSUME_QUEUE (321)       `count` consume-queue entries from `index` (queryCq), with the
//     group's subscription when a group is named

import { createResponse, type RemotingCommand } from '../../remoting/command.js';
import { ResponseCode } from '../../remoting/response-code.js';
import { RequestCode } from '../../remoting/request-code.js';
import type { Processor } from '../../remoting/server.js';
import { MessageQueueMap } from '../../remoting/protocol/message-queue.js';
import {
  type ConsumeStats,
  consumeStatsTotalDiff,
  encodeConsumeStatsList,
  GetConsumeStatsInBrokerHeader,
  type OffsetWrapper,
} from '../../remoting/protocol/consume-stats.js';
import {
  encodeQueryConsumeQueueResponseBody,
  QueryConsumeQueueRequestHeader,
  type QueryConsumeQueueResponseBody,
} from '../../remoting/protocol/consume-queue.js';
import { type BrokerStatsItem, encodeBrokerStatsData, ViewBrokerStatsDataRequestHeader } from '../../remoting/protocol/broker-admin.js';
import type { BrokerContext } from '../broker-context.js';
import type { StatsSnapshot } from '../stats/stats-item.js';

const item = (ss: StatsSnapshot): BrokerStatsItem => ({ sum: ss.sum, tps: ss.tps, avgpt: ss.avgpt });

export function adminStatsProcessors(b: BrokerContext): Array<[number, Processor]> {
  /** One group's stats on one topic, as GET_CONSUME_STATS computes them. */
  const groupTopicStats = async (group: string, topic: string, queues: number): Promise<ConsumeStats> => {
    const offsetTable = new MessageQueueMap<OffsetWrapper>();
    for (let i = 0; i < queues; i++) {
      const brokerOffset = Math.max(0, b.store.getMaxOffsetInQueue(topic, i));
      const consumerOffset = Math.max(0, b.consumerOffsetManager.queryOffset(group, topic, i));
      let lastTimestamp = 0;
      if (consumerOffset > 0) lastTimestamp = Math.max(0, await b.store.getMessageStoreTimeStamp(topic, i, consumerOffset - 1));
      offsetTable.set({ topic, brokerName: b.brokerConfig.brokerName, queueId: i }, { brokerOffset, consumerOffset, lastTimestamp });
    }
    return { offsetTable, consumeTps: b.stats.tpsGroupGetNums(group, topic) };
  };

  const viewBrokerStatsData = (req: RemotingCommand): RemotingCommand => {
    const h = ViewBrokerStatsDataRequestHeader.decode(req.extFields);
    const it = b.stats.getStatsItem(h.statsName, h.statsKey);
    if (!it) return createResponse(req, ResponseCode.SYSTEM_ERROR, `The stats <${h.statsName}> <${h.statsKey}> not exist`);
    const body = encodeBrokerStatsData({ statsMinute: item(it.inMinute()), statsHour: item(it.inHour()), statsDay: item(it.inDay()) });
    return createResponse(req, ResponseCode.SUCCESS, null, null, body);
  };

  const getBrokerConsumeStats = async (req: RemotingCommand): Promise<RemotingCommand> => {
    const h = GetConsumeStatsInBrokerHeader.decode(req.extFields);
    const list: Array<Map<string, ConsumeStats[]>> = [];
    let totalDiff = 0;
    for (const group of b.subscriptionGroupManager.table.keys()) {
      const stats: ConsumeStats[] = [];
      for (const topic of b.consumerOffsetManager.whichTopicByConsumer(group)) {
        const tc = b.topicConfigManager.selectTopicConfig(topic);
        if (!tc || (h.isOrder && !tc.order)) continue;
        if (!b.consumerManager.findSubscriptionData(group, topic) && b.consumerManager.findSubscriptionDataCount(group) > 0) continue;
        const cs = await groupTopicStats(group, topic, tc.writeQueueNums);
        totalDiff += consumeStatsTotalDiff(cs);
        stats.push(cs);
      }
      list.push(new Map([[group, stats]]));
    }
    return createResponse(
      req,
      ResponseCode.SUCCESS,
      null,
      null,
      encodeConsumeStatsList({ brokerAddr: b.brokerAddr, consumeStatsList: list, totalDiff }),
    );
  };

  const queryConsumeQueue = async (req: RemotingCommand): Promise<RemotingCommand> => {
    const h = QueryConsumeQueueRequestHeader.decode(req.extFields);
    const topic = h.topic ?? '';
    if (!(b.store.topicQueues().get(topic) ?? []).includes(h.queueId)) {
      return createResponse(req, ResponseCode.SYSTEM_ERROR, `${h.queueId}@${topic} is not exist!`);
    }
    const body: QueryConsumeQueueResponseBody = {
      queueData: [],
      maxQueueIndex: b.store.getMaxOffsetInQueue(topic, h.queueId),
      minQueueIndex: b.store.getMinOffsetInQueue(topic, h.queueId),
    };
    if (h.consumerGroup !== undefined) {
      const sd = b.consumerManager.findSubscriptionData(h.consumerGroup, topic);
      if (sd) {
        body.subscriptionData = sd;
        // No consumer filter data for tag subscriptions: Java prints it as JSON null.
        body.filterData = 'null';
      } else {
        body.filterData = `${h.consumerGroup}@${topic} is not online!`;
      }
    }
    const units = await b.store.queryConsumeQueue(topic, h.queueId, h.index, Math.max(0, h.count));
    body.queueData = units.map((u) => ({ physicOffset: u.commitLogOffset, physicSize: u.size, tagsCode: u.tagsCode, eval: false }));
    // Java answers an index past the end with a remark and no entries.
    const remark = units.length === 0 ? `Index ${h.index} of ${h.queueId}@${topic} is not exist!` : null;
    return createResponse(req, ResponseCode.SUCCESS, remark, null, encodeQueryConsumeQueueResponseBody(body));
  };

  return [
    [RequestCode.VIEW_BROKER_STATS_DATA, viewBrokerStatsData],
    [RequestCode.GET_BROKER_CONSUME_STATS, getBrokerConsumeStats],
    [RequestCode.QUERY_CONSUME_QUEUE, queryConsumeQueue],
  ];
}
