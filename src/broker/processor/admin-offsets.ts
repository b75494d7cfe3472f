// Consumer positions for mqadmin (Java's AdminBrokerProcessor and Broker2Client):
//   INVOKE_BROKER_TO_RESET_OFFSET (222)         the offset of every queue of the topic at the
//     timestamp (-1: the newest), or the group's own where that is older and not forced; the
//     offsets are committed here and sent to each live client of the group (RESET_CONSUMER_CLIENT_OFFSET,
//     oneway) so it jumps without a restart. No live client: CONSUMER_NOT_ONLINE, and mqadmin falls
//     back to committing offsets itself.
//   INVOKE_BROKER_TO_GET_CONSUMER_STATUS (223)  the offsets each live client holds (GET_CONSUMER_STATUS_FROM_CLIENT)
//   QUERY_CONSUME_TIME_SPAN (303)               per queue: oldest and newest store time, the store
//     time of the last consumed message, and how long the next one has waited
//   QUERY_CORRECTION_OFFSET (308)               per queue the smallest offset of the other groups,
//     or "no limit" where the compared group is behind them

import { getLogger } from '../../common/logger.js';
import { MQVersion } from '../../common/mq-version.js';
import { createRequest, createResponse, type RemotingCommand } from '../../remoting/command.js';
import type { Connection } from '../../remoting/connection.js';
import { ResponseCode } from '../../remoting/response-code.js';
import { RequestCode } from '../../remoting/request-code.js';
import type { Processor } from '../../remoting/server.js';
import { MessageQueueMap } from '../../remoting/protocol/message-queue.js';
import {
  decodeGetConsumerStatusBody,
  encodeGetConsumerStatusBody,
  encodeResetOffsetBody,
  GetConsumerStatusRequestHeader,
  ResetOffsetRequestHeader,
} from '../../remoting/protocol/reset-offset.js';
import {
  encodeQueryConsumeTimeSpanBody,
  encodeQueryCorrectionOffsetBody,
  QueryConsumeTimeSpanRequestHeader,
  QueryCorrectionOffsetHeader,
  type QueueTimeSpan,
} from '../../remoting/protocol/consume-time-span.js';
import type { BrokerContext } from '../broker-context.js';
import { callClient } from '../client/broker2client.js';

const log = getLogger('broker');

/** Java's Long.MAX_VALUE, which QUERY_CORRECTION_OFFSET uses for "no limit" (a bigint so it is written exactly). */
const LONG_MAX = 9223372036854775807n;

export function adminOffsetProcessors(b: BrokerContext): Array<[number, Processor]> {
  const resetOffset = async (req: RemotingCommand, conn: Connection): Promise<RemotingCommand> => {
    const h = ResetOffsetRequestHeader.decode(req.extFields);
    log.info('reset offset called', { by: conn.remoteAddress, topic: h.topic, group: h.group, timestamp: h.timestamp, isForce: h.isForce });
    const tc = b.topicConfigManager.selectTopicConfig(h.topic);
    if (!tc) {
      return createResponse(
        req,
        ResponseCode.SYSTEM_ERROR,
        `[reset-offset] reset offset failed, no topic in this broker. topic=${h.topic}`,
      );
    }
    const offsets = new MessageQueueMap<number>();
    for (let i = 0; i < tc.writeQueueNums; i++) {
      const consumerOffset = b.consumerOffsetManager.queryOffset(h.group, h.topic, i);
      if (consumerOffset === -1) return createResponse(req, ResponseCode.SYSTEM_ERROR, `THe consumer group <${h.group}> not exist`);
      let at = h.timestamp === -1 ? b.store.getMaxOffsetInQueue(h.topic, i) : await b.store.getOffsetInQueueByTime(h.topic, i, h.timestamp);
      if (at < 0) at = 0;
      offsets.set(
        { topic: h.topic, brokerName: b.brokerConfig.brokerName, queueId: i },
        h.isForce || at < consumerOffset ? at : consumerOffset,
      );
    }
    const g = b.consumerManager.getConsumerGroupInfo(h.group);
    const members = g ? [...g.channelInfoTable.values()] : [];
    if (members.length === 0) {
      return createResponse(
        req,
        ResponseCode.CONSUMER_NOT_ONLINE,
        `Consumer not online, so can not reset offset, Group: ${h.group} Topic: ${h.topic} Timestamp: ${h.timestamp}`,
      );
    }
    const old = members.find((m) => m.version < MQVersion.V3_0_7_SNAPSHOT);
    if (old) return createResponse(req, ResponseCode.SYSTEM_ERROR, `the client does not support this feature. version=${old.version}`);
    // Committed here too, so the reset holds even for a client that restarts before it persists.
    for (const [mq, off] of offsets) b.consumerOffsetManager.commitOffset(conn.remoteAddress, h.group, mq.topic, mq.queueId, off);
    const body = encodeResetOffsetBody(offsets);
    const ext = ResetOffsetRequestHeader.encode({ topic: h.topic, group: h.group, timestamp: h.timestamp, isForce: h.isForce });
    for (const m of members) {
      try {
        m.channel.invokeOneway(createRequest(RequestCode.RESET_CONSUMER_CLIENT_OFFSET, { ...ext }, body));
        log.info('reset offset sent to client', { topic: h.topic, group: h.group, clientId: m.clientId });
      } catch (err) {
        log.error('reset offset to client failed', { topic: h.topic, group: h.group, clientId: m.clientId, err });
      }
    }
    return createResponse(req, ResponseCode.SUCCESS, null, null, body);
  };

  const getConsumerStatus = async (req: RemotingCommand, conn: Connection): Promise<RemotingCommand> => {
    const h = GetConsumerStatusRequestHeader.decode(req.extFields);
    log.info('get consumer status called', { by: conn.remoteAddress, topic: h.topic, group: h.group });
    const members = [...(b.consumerManager.getConsumerGroupInfo(h.group)?.channelInfoTable.values() ?? [])];
    if (members.length === 0) {
      return createResponse(req, ResponseCode.SYSTEM_ERROR, `No Any Consumer online in the consumer group: [${h.group}]`);
    }
    const table = new Map<string, MessageQueueMap<number>>();
    const ext = GetConsumerStatusRequestHeader.encode({ topic: h.topic, group: h.group });
    for (const m of members) {
      if (m.version < MQVersion.V3_0_7_SNAPSHOT) {
        return createResponse(req, ResponseCode.SYSTEM_ERROR, `the client does not support this feature. version=${m.version}`);
      }
      if (h.clientAddr && h.clientAddr !== m.clientId) continue;
      try {
        const res = await callClient(m.channel, RequestCode.GET_CONSUMER_STATUS_FROM_CLIENT, ext, null, 5000);
        if (res.code === ResponseCode.SUCCESS && res.body) table.set(m.clientId, decodeGetConsumerStatusBody(res.body).messageQueueTable);
      } catch (err) {
        log.error('get consumer status from client failed', { topic: h.topic, group: h.group, clientId: m.clientId, err });
      }
      if (h.clientAddr) break;
    }
    return createResponse(
      req,
      ResponseCode.SUCCESS,
      null,
      null,
      encodeGetConsumerStatusBody({ messageQueueTable: new MessageQueueMap(), consumerTable: table }),
    );
  };

  const queryConsumeTimeSpan = async (req: RemotingCommand): Promise<RemotingCommand> => {
    const h = QueryConsumeTimeSpanRequestHeader.decode(req.extFields);
    const tc = b.topicConfigManager.selectTopicConfig(h.topic);
    if (!tc) return createResponse(req, ResponseCode.TOPIC_NOT_EXIST, `topic[${h.topic}] not exist`);
    const spans: QueueTimeSpan[] = [];
    const store = b.store;
    for (let i = 0; i < tc.writeQueueNums; i++) {
      const minTimeStamp = await store.getEarliestMessageTime(h.topic, i);
      const max = store.getMaxOffsetInQueue(h.topic, i);
      const maxTimeStamp = await store.getMessageStoreTimeStamp(h.topic, i, max - 1);
      const consumerOffset = b.consumerOffsetManager.queryOffset(h.group, h.topic, i);
      const consumeTimeStamp = consumerOffset > 0 ? await store.getMessageStoreTimeStamp(h.topic, i, consumerOffset - 1) : minTimeStamp;
      const delayTime = consumerOffset < max ? store.now() - (await store.getMessageStoreTimeStamp(h.topic, i, consumerOffset)) : 0;
      spans.push({
        messageQueue: { topic: h.topic, brokerName: b.brokerConfig.brokerName, queueId: i },
        minTimeStamp,
        maxTimeStamp,
        consumeTimeStamp,
        delayTime,
      });
    }
    return createResponse(req, ResponseCode.SUCCESS, null, null, encodeQueryConsumeTimeSpanBody(spans));
  };

  const queryCorrectionOffset = (req: RemotingCommand): RemotingCommand => {
    const h = QueryCorrectionOffsetHeader.decode(req.extFields);
    const correction: Map<number, number | bigint> = b.consumerOffsetManager.queryMinOffsetInAllGroup(
      h.topic,
      h.filterGroups,
      (q) => b.store.getMinOffsetInQueue(h.topic, q),
    );
    for (const [queueId, offset] of b.consumerOffsetManager.queryOffsets(h.compareGroup, h.topic) ?? []) {
      const min = correction.get(queueId);
      if (min !== undefined) correction.set(queueId, (min as number) > offset ? LONG_MAX : min);
    }
    // The body writer prints bigints as they are; the codec's number type does not name them.
    return createResponse(req, ResponseCode.SUCCESS, null, null, encodeQueryCorrectionOffsetBody(correction as Map<number, number>));
  };

  return [
    [RequestCode.INVOKE_BROKER_TO_RESET_OFFSET, resetOffset],
    [RequestCode.INVOKE_BROKER_TO_GET_CONSUMER_STATUS, getConsumerStatus],
    [RequestCode.QUERY_CONSUME_TIME_SPAN, queryConsumeTimeSpan],
    [RequestCode.QUERY_CORRECTION_OFFSET, queryCorrectionOffset],
  ];
}
