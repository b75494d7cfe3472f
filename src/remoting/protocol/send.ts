// SEND_MESSAGE (10), SEND_MESSAGE_V2 (310), SEND_BATCH_MESSAGE (320).
//   request   V1 extFields: producerGroup topic defaultTopic defaultTopicQueueNums queueId sysFlag
//             bornTimestamp flag properties? reconsumeTimes? unitMode batch maxReconsumeTimes? bname?
//             V2 / batch: the same fields under one-letter keys, in this order:
//             a=producerGroup b=topic c=defaultTopic d=defaultTopicQueueNums e=queueId f=sysFlag
//             g=bornTimestamp h=flag i=properties j=reconsumeTimes k=unitMode l=maxReconsumeTimes
//             m=batch n=brokerName
//             body: the message body (SEND_BATCH_MESSAGE: the batch encoding of common/message/batch-codec)
//   response  msgId (offsetMsgId; comma-separated for a batch) queueId queueOffset transactionId?
//             plus TRACE_ON and MSG_REGION added by the broker
// properties is "key\u0001value\u0002..." (common/message/properties.ts).

import { defineHeader, h, type HeaderType } from '../header.js';
import { RequestCode } from '../request-code.js';
import type { RemotingCommand } from '../command.js';

export const SendMessageRequestHeader = defineHeader('SendMessageRequestHeader', {
  producerGroup: h.str(),
  topic: h.str(),
  defaultTopic: h.str(),
  defaultTopicQueueNums: h.int(),
  queueId: h.int(),
  sysFlag: h.int(),
  bornTimestamp: h.long(),
  flag: h.int(),
  properties: h.optStr(),
  reconsumeTimes: h.optInt(),
  unitMode: h.boolOr(false),
  batch: h.boolOr(false),
  maxReconsumeTimes: h.optInt(),
  bname: h.optStr(),
});
export type SendMessageRequest = HeaderType<typeof SendMessageRequestHeader>;

/** The V2 header with Java's one-letter field names. */
export const SendMessageRequestHeaderV2 = defineHeader('SendMessageRequestHeaderV2', {
  a: h.str(),
  b: h.str(),
  c: h.str(),
  d: h.int(),
  e: h.int(),
  f: h.int(),
  g: h.long(),
  h: h.int(),
  i: h.optStr(),
  j: h.optInt(),
  k: h.boolOr(false),
  l: h.optInt(),
  m: h.boolOr(false),
  n: h.optStr(),
});
export type SendMessageRequestV2 = HeaderType<typeof SendMessageRequestHeaderV2>;

// The V1 shape read from / written to the V2 keys in one pass, for the send hot path. Field order
// is Java's fast-encode order, so a ROCKETMQ request we write matches Java's bytes.
const SendMessageRequestHeaderV2Named = defineHeader('SendMessageRequestHeaderV2', {
  producerGroup: h.str('a'),
  topic: h.str('b'),
  defaultTopic: h.str('c'),
  defaultTopicQueueNums: h.int('d'),
  queueId: h.int('e'),
  sysFlag: h.int('f'),
  bornTimestamp: h.long('g'),
  flag: h.int('h'),
  properties: h.optStr('i'),
  reconsumeTimes: h.optInt('j'),
  unitMode: h.boolOr(false, 'k'),
  maxReconsumeTimes: h.optInt('l'),
  batch: h.boolOr(false, 'm'),
  bname: h.optStr('n'),
});

// Java's one-letter names and the V1 names they stand for.
const V2_TO_V1 = Object.entries(SendMessageRequestHeaderV2Named.spec).map(([v1, f]) => [f.wire!, v1] as const);

/** SendMessageRequestHeaderV2.createSendMessageRequestHeaderV1. */
export function toV1(v2: SendMessageRequestV2): SendMessageRequest {
  const src = v2 as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [short, long] of V2_TO_V1) if (src[short] !== undefined) out[long] = src[short];
  return out as SendMessageRequest;
}

/** SendMessageRequestHeaderV2.createSendMessageRequestHeaderV2. */
export function fromV1(v1: SendMessageRequest): SendMessageRequestV2 {
  const src = v1 as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [short, long] of V2_TO_V1) if (src[long] !== undefined) out[short] = src[long];
  return out as SendMessageRequestV2;
}

/**
 * Reads the send header of SEND_MESSAGE, SEND_MESSAGE_V2 or SEND_BATCH_MESSAGE (and of the reply
 * sends, SEND_REPLY_MESSAGE with V1 names and SEND_REPLY_MESSAGE_V2) into the V1 shape.
 */
export function decodeSendMessageRequestHeader(cmd: RemotingCommand): SendMessageRequest {
  return cmd.code === RequestCode.SEND_MESSAGE || cmd.code === RequestCode.SEND_REPLY_MESSAGE
    ? SendMessageRequestHeader.decode(cmd.extFields)
    : SendMessageRequestHeaderV2Named.decode(cmd.extFields);
}

/** The V2 extFields (a..n) of a send header, as Java clients send it. */
export function encodeSendMessageRequestHeaderV2(header: SendMessageRequest): Record<string, string> {
  return SendMessageRequestHeaderV2Named.encode(header);
}

/** Field order is Java's fast-encode order, then the two fields the broker adds. */
export const SendMessageResponseHeader = defineHeader('SendMessageResponseHeader', {
  msgId: h.str(),
  queueId: h.int(),
  queueOffset: h.long(),
  transactionId: h.optStr(),
  traceOn: h.optBool('TRACE_ON'),
  msgRegion: h.optStr('MSG_REGION'),
});
export type SendMessageResponse = HeaderType<typeof SendMessageResponseHeader>;
