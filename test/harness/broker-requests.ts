// Raw broker requests for the broker tests, built from the protocol module the way a Java client
// builds them: SEND_MESSAGE(_V2), PULL_MESSAGE, HEART_BEAT. Tests use them with our RemotingClient,
// so every byte the broker sees is a real request on a real socket.

import { encodeProperties } from '../../src/common/message/properties.js';
import { decodeMessages } from '../../src/common/message/record-codec.js';
import type { MessageExt } from '../../src/common/message/message-ext.js';
import type { RemotingClient } from '../../src/remoting/client.js';
import { createRequest, type RemotingCommand, SerializeType, type SerializeTypeValue } from '../../src/remoting/command.js';
import { RequestCode } from '../../src/remoting/request-code.js';
import { encodeHeartbeatData } from '../../src/remoting/protocol/heartbeat.js';
import { buildPullSysFlag, PullMessageRequestHeader } from '../../src/remoting/protocol/pull.js';
import { encodeSendMessageRequestHeaderV2, SendMessageRequestHeader } from '../../src/remoting/protocol/send.js';
import { buildSubscriptionData } from '../../src/remoting/protocol/subscription.js';

export { SerializeType };

export interface SendOptions {
  topic: string;
  body?: string | Buffer;
  tags?: string;
  keys?: string;
  /** -1 lets the broker pick. */
  queueId?: number;
  /** More properties (after TAGS and KEYS). */
  props?: Record<string, string>;
  producerGroup?: string;
  serializeType?: SerializeTypeValue;
  /** SEND_MESSAGE (V1 header) instead of SEND_MESSAGE_V2. */
  v1?: boolean;
  reconsumeTimes?: number;
  maxReconsumeTimes?: number;
  sysFlag?: number;
  defaultTopicQueueNums?: number;
}

export function sendRequest(o: SendOptions): RemotingCommand {
  const props: Record<string, string> = {};
  if (o.tags) props.TAGS = o.tags;
  if (o.keys) props.KEYS = o.keys;
  props.WAIT = 'true';
  Object.assign(props, o.props ?? {});
  const header = {
    producerGroup: o.producerGroup ?? 'test_producer',
    topic: o.topic,
    defaultTopic: 'TBW102',
    defaultTopicQueueNums: o.defaultTopicQueueNums ?? 4,
    queueId: o.queueId ?? -1,
    sysFlag: o.sysFlag ?? 0,
    bornTimestamp: Date.now(),
    flag: 0,
    properties: encodeProperties(props),
    reconsumeTimes: o.reconsumeTimes ?? 0,
    unitMode: false,
    batch: false,
    ...(o.maxReconsumeTimes !== undefined ? { maxReconsumeTimes: o.maxReconsumeTimes } : {}),
  };
  const body = typeof o.body === 'string' ? Buffer.from(o.body) : (o.body ?? Buffer.from('hello'));
  const st = o.serializeType ?? SerializeType.JSON;
  return o.v1
    ? createRequest(RequestCode.SEND_MESSAGE, SendMessageRequestHeader.encode(header), body, st)
    : createRequest(RequestCode.SEND_MESSAGE_V2, encodeSendMessageRequestHeaderV2(header), body, st);
}

export function send(client: RemotingClient, addr: string, o: SendOptions, timeoutMs = 5000): Promise<RemotingCommand> {
  return client.invoke(addr, sendRequest(o), timeoutMs);
}

export interface PullOptions {
  group: string;
  topic: string;
  queueId?: number;
  offset?: number;
  maxMsgNums?: number;
  /** The request's own expression; undefined uses the group's heartbeat subscription. */
  subscription?: string;
  suspendMs?: number;
  commitOffset?: number;
  subVersion?: number;
  serializeType?: SerializeTypeValue;
}

export function pullRequest(o: PullOptions): RemotingCommand {
  const suspend = (o.suspendMs ?? 0) > 0;
  const commit = o.commitOffset !== undefined;
  const header = {
    consumerGroup: o.group,
    topic: o.topic,
    queueId: o.queueId ?? 0,
    queueOffset: o.offset ?? 0,
    maxMsgNums: o.maxMsgNums ?? 32,
    sysFlag: buildPullSysFlag(commit, suspend, o.subscription !== undefined, false),
    commitOffset: o.commitOffset ?? 0,
    suspendTimeoutMillis: o.suspendMs ?? 0,
    subVersion: o.subVersion ?? 0,
    ...(o.subscription !== undefined ? { subscription: o.subscription, expressionType: 'TAG' } : {}),
  };
  return createRequest(RequestCode.PULL_MESSAGE, PullMessageRequestHeader.encode(header), null, o.serializeType ?? SerializeType.JSON);
}

export function pull(client: RemotingClient, addr: string, o: PullOptions, timeoutMs = 5000): Promise<RemotingCommand> {
  return client.invoke(addr, pullRequest(o), timeoutMs);
}

/** The stored messages of a PULL_MESSAGE / QUERY_MESSAGE / VIEW_MESSAGE_BY_ID response. */
export function messagesOf(res: RemotingCommand): MessageExt[] {
  if (!res.body || res.body.length === 0) return [];
  return decodeMessages(Buffer.from(res.body.buffer, res.body.byteOffset, res.body.byteLength));
}

export interface HeartbeatOptions {
  clientID: string;
  consumers?: Array<
    { group: string; topics: Array<{ topic: string; expression?: string; version?: number }>; model?: 'CLUSTERING' | 'BROADCASTING' }
  >;
  producers?: string[];
  serializeType?: SerializeTypeValue;
}

export function heartbeatRequest(o: HeartbeatOptions): RemotingCommand {
  const body = encodeHeartbeatData({
    clientID: o.clientID,
    producerDataSet: (o.producers ?? []).map((groupName) => ({ groupName })),
    consumerDataSet: (o.consumers ?? []).map((c) => ({
      groupName: c.group,
      consumeType: 'CONSUME_PASSIVELY',
      messageModel: c.model ?? 'CLUSTERING',
      consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET',
      unitMode: false,
      subscriptionDataSet: c.topics.map((s) => buildSubscriptionData(s.topic, s.expression ?? '*', 'TAG', s.version ?? 1)),
    })),
  });
  return createRequest(RequestCode.HEART_BEAT, null, body, o.serializeType ?? SerializeType.JSON);
}

/** Pulls a whole queue from `offset` until PULL_NOT_FOUND, returning every message. */
export async function drainQueue(
  client: RemotingClient,
  addr: string,
  o: Omit<PullOptions, 'offset' | 'suspendMs'>,
  from = 0,
): Promise<MessageExt[]> {
  const out: MessageExt[] = [];
  let offset = from;
  for (;;) {
    const res = await pull(client, addr, { ...o, offset, subscription: o.subscription ?? '*' });
    if (res.code !== 0) {
      if (res.code === 20) {
        offset = Number(res.extFields!.nextBeginOffset);
        continue;
      }
      return out;
    }
    out.push(...messagesOf(res));
    offset = Number(res.extFields!.nextBeginOffset);
  }
}
