// Finding and showing messages (mqadmin queryMsgById, queryMsgByKey, queryMsgByUniqueKey,
// queryMsgByOffset) and what became of one (MessageTrack: for each group consuming its topic,
// whether the group is online, pulls for itself, has consumed it, or not yet). Lookups that find
// nothing are errors with the reason, so a script can tell "none" from "empty".

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MQClientError } from '../common/errors.js';
import { decodeMessageId, messageIdKind } from '../common/message/message-id.js';
import { formatSocketAddress } from '../common/message/socket-address.js';
import { ClientErrorCode, MixAll } from '../client/mix-all.js';
import type { MessageExt } from '../client/message/message-ext.js';
import { MQBrokerError, RemotingConnectError, RemotingTimeoutError } from '../remoting/errors.js';
import { ResponseCode } from '../remoting/response-code.js';
import { ConsumeType } from '../remoting/protocol/consumer-types.js';
import type { ConsumerConnection } from '../remoting/protocol/connection-info.js';
import type { ConsumeMessageDirectlyResult } from '../remoting/protocol/consume-directly.js';
import type { AdminExt } from './admin-ext.js';

/**
 * The message an id names, told apart before anything is dialled (messageIdKind): an offset message
 * id is read from the broker it names; a client's unique id is looked up in `topic`'s index, as
 * Java's viewMessage(topic, msgId) falls back to, and without a topic the error names the command
 * that finds it.
 */
export async function viewMessage(admin: AdminExt, msgId: string, topic?: string): Promise<MessageExt> {
  const kind = messageIdKind(msgId);
  if (kind === 'invalid') {
    throw new MQClientError(ResponseCode.SYSTEM_ERROR, `${msgId} is not an offset message id or a client message id (32 or 56 hex digits)`);
  }
  if (kind === 'unique') {
    if (topic) return (await queryMsgByUniqueKey(admin, topic, msgId))[0]!;
    throw new MQClientError(
      ResponseCode.SYSTEM_ERROR,
      `${msgId} is a client message id (the msgId a send prints first), not an offset message id: ` +
        `find it with mq admin queryMsgByUniqueKey -t <topic> -i ${msgId}, or add -t <topic>`,
    );
  }
  const id = decodeMessageId(msgId);
  const addr = formatSocketAddress(id.address);
  try {
    return await admin.api.viewMessage(addr, id.offset, admin.timeoutMs);
  } catch (err) {
    if (err instanceof RemotingConnectError || err instanceof RemotingTimeoutError) {
      throw new MQClientError(
        ClientErrorCode.CONNECT_BROKER_EXCEPTION,
        `no broker answers at ${addr}, the broker that stored offset message id ${msgId}`,
        { cause: err },
      );
    }
    if (err instanceof MQBrokerError) {
      throw new MQClientError(err.responseCode, `message ${msgId} not found on ${addr}: ${err.remark.split('\n')[0]}`, { cause: err });
    }
    throw err;
  }
}

/** Messages of `topic` with key `key` on every broker of the topic (at most `max`). */
export async function queryMsgByKey(admin: AdminExt, topic: string, key: string, max = 64): Promise<MessageExt[]> {
  await admin.examineTopicRouteInfo(topic);
  const msgs = await admin.instance.admin.queryMessage(topic, key, max, 0, Number.MAX_SAFE_INTEGER, false);
  if (msgs.length === 0) throw new MQClientError(ResponseCode.QUERY_NOT_FOUND, `no message with key ${key} in topic ${topic}`);
  return msgs;
}

/** Messages of `topic` whose unique key is `uniqKey`, oldest first (a retried send can store two). */
export async function queryMsgByUniqueKey(admin: AdminExt, topic: string, uniqKey: string): Promise<MessageExt[]> {
  await admin.examineTopicRouteInfo(topic);
  const msgs = await admin.instance.admin.queryMessage(topic, uniqKey, 32, 0, Number.MAX_SAFE_INTEGER, true);
  if (msgs.length === 0) throw new MQClientError(ResponseCode.QUERY_NOT_FOUND, `no message with unique key ${uniqKey} in topic ${topic}`);
  return msgs.sort((a, b) => a.storeTimestamp - b.storeTimestamp);
}

/** Where mqadmin leaves a message's body: <tmp>/rocketmq/msgbodys/<msgId>[_<n>]. */
export function writeBodyFile(msg: MessageExt, index = 0): string {
  const dir = path.join(os.tmpdir(), 'rocketmq', 'msgbodys');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, index > 0 ? `${msg.msgId}_${index}` : msg.msgId);
  fs.writeFileSync(file, msg.body);
  return file;
}

export const TrackType = {
  CONSUMED: 'CONSUMED',
  CONSUMED_BUT_FILTERED: 'CONSUMED_BUT_FILTERED',
  PULL: 'PULL',
  NOT_CONSUME_YET: 'NOT_CONSUME_YET',
  NOT_ONLINE: 'NOT_ONLINE',
  UNKNOWN: 'UNKNOWN',
} as const;
export type TrackType = (typeof TrackType)[keyof typeof TrackType];

export interface MessageTrack {
  consumerGroup: string;
  trackType: TrackType;
  exceptionDesc: string | null;
}

/** MessageTrack.toString. */
export function messageTrackToString(t: MessageTrack): string {
  return `MessageTrack [consumerGroup=${t.consumerGroup}, trackType=${t.trackType}, exceptionDesc=${t.exceptionDesc}]`;
}

function codeOf(err: unknown): number | undefined {
  if (err instanceof MQBrokerError) return err.responseCode;
  if (err instanceof MQClientError) return err.responseCode;
  return undefined;
}

/** "CODE:206 DESC:..." as Java describes a failed lookup in a track. */
function describe(err: unknown): string {
  const code = codeOf(err);
  const desc = err instanceof MQBrokerError ? err.remark : (err as Error).message;
  return code === undefined ? (err as Error).message : `CODE:${code} DESC:${desc}`;
}

/** Whether `group` consumed `msg`: its offset on the message's queue (on the broker that stored it) is past it. */
async function consumed(admin: AdminExt, msg: MessageExt, group: string): Promise<boolean> {
  const [stats, info] = await Promise.all([admin.examineConsumeStats(group), admin.examineBrokerClusterInfo()]);
  for (const [mq, w] of stats.offsetTable) {
    if (mq.topic !== msg.topic || mq.queueId !== msg.queueId) continue;
    const master = info.brokerAddrTable.get(mq.brokerName)?.brokerAddrs.get(MixAll.MASTER_ID);
    if (master !== undefined && master === msg.storeHost && w.consumerOffset > msg.queueOffset) return true;
  }
  return false;
}

/** DefaultMQAdminExt.messageTrackDetail. */
export async function messageTrackDetail(admin: AdminExt, msg: MessageExt): Promise<MessageTrack[]> {
  const out: MessageTrack[] = [];
  for (const group of await admin.queryTopicConsumeByWho(msg.topic)) {
    const t: MessageTrack = { consumerGroup: group, trackType: TrackType.UNKNOWN, exceptionDesc: null };
    out.push(t);
    let cc: ConsumerConnection;
    try {
      cc = await admin.calls.getConsumerConnectionList(await anyBrokerOfGroup(admin, group), group, admin.timeoutMs);
      if (cc.connectionSet.length === 0) {
        throw new MQBrokerError(ResponseCode.CONSUMER_NOT_ONLINE, `the consumer group[${group}] not online`);
      }
    } catch (err) {
      if (codeOf(err) === ResponseCode.CONSUMER_NOT_ONLINE) t.trackType = TrackType.NOT_ONLINE;
      t.exceptionDesc = describe(err);
      continue;
    }
    if (cc.consumeType === ConsumeType.CONSUME_ACTIVELY) {
      t.trackType = TrackType.PULL;
      continue;
    }
    try {
      if (!(await consumed(admin, msg, group))) {
        t.trackType = TrackType.NOT_CONSUME_YET;
        continue;
      }
    } catch (err) {
      if (codeOf(err) === ResponseCode.CONSUMER_NOT_ONLINE) t.trackType = TrackType.NOT_ONLINE;
      t.exceptionDesc = describe(err);
      continue;
    }
    t.trackType = TrackType.CONSUMED;
    const sd = cc.subscriptionTable.get(msg.topic);
    if (sd && sd.tagsSet.size > 0 && !sd.tagsSet.has('*') && !sd.tagsSet.has(msg.tags ?? '')) t.trackType = TrackType.CONSUMED_BUT_FILTERED;
  }
  return out;
}

/** A broker of the group's retry topic (where its consumers heartbeat). */
async function anyBrokerOfGroup(admin: AdminExt, group: string): Promise<string> {
  let route;
  try {
    route = await admin.api.getTopicRouteInfoFromNameServer(`%RETRY%${group}`, admin.timeoutMs);
  } catch (err) {
    if (err instanceof MQBrokerError && err.responseCode === ResponseCode.TOPIC_NOT_EXIST) {
      throw new MQBrokerError(ResponseCode.CONSUMER_NOT_ONLINE, `the consumer group[${group}] not online`);
    }
    throw err;
  }
  const bd = route.brokerDatas[Math.floor(Math.random() * route.brokerDatas.length)];
  const addr = bd?.brokerAddrs.get(MixAll.MASTER_ID) ?? (bd ? [...bd.brokerAddrs.values()][0] : undefined);
  if (addr === undefined) throw new MQBrokerError(ResponseCode.CONSUMER_NOT_ONLINE, `the consumer group[${group}] not online`);
  return addr;
}

/** queryMsgById -g -d: ask one consumer of the group to consume the message now (through its broker). */
export async function consumeMessageDirectly(
  admin: AdminExt,
  group: string,
  clientId: string,
  msg: MessageExt,
): Promise<ConsumeMessageDirectlyResult> {
  return admin.calls.consumeMessageDirectly(msg.storeHost, group, clientId, msg.offsetMsgId, undefined, admin.timeoutMs * 3);
}

/** ConsumeMessageDirectlyResult.toString. */
export function consumeDirectlyResultToString(r: ConsumeMessageDirectlyResult): string {
  return `ConsumeMessageDirectlyResult [order=${r.order}, autoCommit=${r.autoCommit}, consumeResult=${r.consumeResult}, remark=${
    r.remark ?? null
  }, spentTimeMills=${r.spentTimeMills}]`;
}
