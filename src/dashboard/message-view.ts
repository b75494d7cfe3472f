// The Messages and DLQ pages' data and actions. Search by time range reads every queue of the topic
// from the offset of the range's start to the offset of its end with a tools pull consumer, keeping
// messages stored inside the range, newest first, at most 2000 (as rocketmq-dashboard does); search
// by key uses the brokers' index. A message is found by its unique key in a topic (the id a producer
// got back), else by its offset id. Resending hands the stored message to one client of a group
// (CONSUME_MESSAGE_DIRECTLY), which consumes it at once and says how that went.

import type { AdminExt } from '../admin/admin-ext.js';
import { consumeMessageDirectly, messageTrackDetail, queryMsgByKey, queryMsgByUniqueKey, viewMessage } from '../admin/messages.js';
import { withToolsConsumer } from '../admin/pull-tools.js';
import { PullStatus } from '../client/consumer/pull-result.js';
import type { MessageExt } from '../client/message/message-ext.js';
import { getDLQTopic } from '../client/mix-all.js';
import { MQClientError } from '../common/errors.js';
import { MQBrokerError } from '../remoting/errors.js';
import { ResponseCode } from '../remoting/response-code.js';
import { compareMessageQueue } from '../remoting/protocol/message-queue.js';
import { badRequest, HttpError, type Params } from './http.js';

/** At most this many messages answer a time-range search. */
export const MAX_RANGE_MESSAGES = 2000;
const PULL_BATCH = 32;

export interface MessageSummary {
  msgId: string;
  offsetMsgId: string;
  topic: string;
  tags: string | null;
  keys: string | null;
  queueId: number;
  queueOffset: number;
  storeTimestamp: number;
  bornHost: string;
  storeHost: string;
  reconsumeTimes: number;
  bodyLength: number;
}

export function messageSummary(m: MessageExt): MessageSummary {
  return {
    msgId: m.msgId,
    offsetMsgId: m.offsetMsgId,
    topic: m.topic,
    tags: m.tags ?? null,
    keys: m.keys ?? null,
    queueId: m.queueId,
    queueOffset: m.queueOffset,
    storeTimestamp: m.storeTimestamp,
    bornHost: m.bornHost,
    storeHost: m.storeHost,
    reconsumeTimes: m.reconsumeTimes,
    bodyLength: m.body.length,
  };
}

/** Everything a message holds; the body as base64 (the page shows it as text or hex). */
export function messageDetail(m: MessageExt) {
  return {
    ...messageSummary(m),
    brokerName: m.brokerName,
    commitLogOffset: m.commitLogOffset,
    bornTimestamp: m.bornTimestamp,
    sysFlag: m.sysFlag,
    flag: m.flag,
    bodyCRC: m.bodyCRC,
    storeSize: m.storeSize,
    properties: Object.fromEntries(m.properties),
    body: m.body.toString('base64'),
  };
}

/** The time range of a search, in epoch milliseconds. */
export function timeRange(p: Params): { begin: number; end: number } {
  const begin = p.int('begin', 0, Number.MAX_SAFE_INTEGER);
  const end = p.int('end', 0, Number.MAX_SAFE_INTEGER);
  if (end < begin) throw badRequest('the end of the time range is before its beginning');
  return { begin, end };
}

export async function messagesByTime(admin: AdminExt, topic: string, begin: number, end: number) {
  await admin.examineTopicRouteInfo(topic);
  const found: MessageSummary[] = [];
  let truncated = false;
  await withToolsConsumer(admin, undefined, async (c) => {
    const queues = (await c.fetchSubscribeMessageQueues(topic)).sort(compareMessageQueue);
    for (const mq of queues) {
      const from = await c.searchOffset(mq, begin);
      const to = await c.searchOffset(mq, end);
      for (let offset = from; offset <= to && !truncated;) {
        const r = await c.pull(mq, '*', offset, PULL_BATCH);
        if (r.pullStatus !== PullStatus.FOUND) break;
        for (const m of r.msgFoundList) {
          if (m.storeTimestamp < begin || m.storeTimestamp > end) continue;
          if (found.length === MAX_RANGE_MESSAGES) {
            truncated = true;
            break;
          }
          found.push(messageSummary(m));
        }
        offset = r.nextBeginOffset;
      }
    }
  });
  found.sort((a, b) => b.storeTimestamp - a.storeTimestamp);
  return { topic, begin, end, messages: found, truncated };
}

export async function messagesByKey(admin: AdminExt, topic: string, key: string) {
  try {
    return { topic, key, messages: (await queryMsgByKey(admin, topic, key)).map(messageSummary) };
  } catch (err) {
    if (err instanceof MQClientError && err.responseCode === ResponseCode.QUERY_NOT_FOUND) return { topic, key, messages: [] };
    throw err;
  }
}

/**
 * The message an offset id names when one is given (no index needed: search results carry it), else
 * the one a producer's id (unique key) names in `topic`, else the one `msgId` names as an offset id.
 */
export async function findMessage(admin: AdminExt, topic: string | undefined, msgId: string, offsetMsgId?: string): Promise<MessageExt> {
  if (offsetMsgId !== undefined) return viewMessageOr404(admin, offsetMsgId, topic);
  if (topic !== undefined) {
    try {
      return (await queryMsgByUniqueKey(admin, topic, msgId))[0]!;
    } catch (err) {
      const notFound = err instanceof MQClientError && err.responseCode === ResponseCode.QUERY_NOT_FOUND;
      if (!notFound) throw err;
    }
  }
  return viewMessageOr404(admin, msgId, topic);
}

async function viewMessageOr404(admin: AdminExt, msgId: string, topic: string | undefined): Promise<MessageExt> {
  try {
    return await viewMessage(admin, msgId);
  } catch (err) {
    if (err instanceof MQClientError || err instanceof MQBrokerError) {
      throw new HttpError(
        404,
        `no message with id ${msgId}${topic !== undefined ? ` in topic ${topic}` : ''}`,
        ResponseCode.QUERY_NOT_FOUND,
      );
    }
    throw err;
  }
}

/** A message with what became of it in each group consuming its topic. */
export async function messageWithTracks(admin: AdminExt, p: Params) {
  const m = await findMessage(admin, p.optString('topic')?.trim(), p.string('msgId'), p.optString('offsetMsgId')?.trim());
  let tracks: Array<{ consumerGroup: string; trackType: string; exceptionDesc: string | null }> = [];
  let tracksError: string | undefined;
  try {
    tracks = await messageTrackDetail(admin, m);
  } catch (err) {
    tracksError = (err as Error).message;
  }
  return { message: messageDetail(m), tracks, ...(tracksError !== undefined ? { tracksError } : {}) };
}

/** Hands the message to a client of the group (the one named, else the first connected) to consume now. */
export async function resendToGroup(admin: AdminExt, p: Params) {
  const group = p.string('group');
  const msgId = p.string('msgId');
  const m = await findMessage(admin, p.optString('topic')?.trim(), msgId, p.optString('offsetMsgId')?.trim());
  let clientId = p.optString('clientId');
  if (clientId === undefined) {
    const cc = await admin.examineConsumerConnectionInfo(group);
    clientId = cc.connectionSet.find((c) => c.clientId)?.clientId;
    if (clientId === undefined) throw new HttpError(404, `no client of ${group} is connected`, ResponseCode.CONSUMER_NOT_ONLINE);
  }
  const r = await consumeMessageDirectly(admin, group, clientId, m);
  return { group, clientId, msgId, ...r };
}

/** The group's dead-letter queue over a time range; a group without one has none. */
export async function dlqMessages(admin: AdminExt, group: string, begin: number, end: number) {
  const topic = getDLQTopic(group);
  try {
    return { group, ...(await messagesByTime(admin, topic, begin, end)) };
  } catch (err) {
    if (err instanceof MQClientError && err.responseCode === ResponseCode.TOPIC_NOT_EXIST) {
      return { group, topic, begin, end, messages: [], truncated: false };
    }
    throw err;
  }
}
