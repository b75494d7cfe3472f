// Resetting and inspecting consumer positions through the broker:
//   INVOKE_BROKER_TO_RESET_OFFSET (222)        mqadmin -> broker: topic group timestamp isForce
//     response body ResetOffsetBody {"offsetTable":{MessageQueue:<offset>,..}}
//   RESET_CONSUMER_CLIENT_OFFSET (220)         broker -> each client, oneway: same header and body
//   INVOKE_BROKER_TO_GET_CONSUMER_STATUS (223) mqadmin -> broker: topic group clientAddr?
//     response body GetConsumerStatusBody {"consumerTable":{"<clientId>":{MessageQueue:<offset>,..}},
//                                          "messageQueueTable":{MessageQueue:<offset>,..}}
//   GET_CONSUMER_STATUS_FROM_CLIENT (221)      broker -> client: same header; the client answers
//     with messageQueueTable filled
// timestamp -1 in ResetOffsetBody offsets means "as of now" in 4.x tooling.

import type { FJValue } from '../fastjson.js';
import { defineHeader, h, type HeaderType } from '../header.js';
import { decodeBean, encodeBody, numberValue, strMap } from './bean.js';
import { MessageQueueMap } from './message-queue.js';

export const ResetOffsetRequestHeader = defineHeader('ResetOffsetRequestHeader', {
  topic: h.str(),
  group: h.str(),
  timestamp: h.longOr(0),
  isForce: h.boolOr(false),
});
export type ResetOffsetRequest = HeaderType<typeof ResetOffsetRequestHeader>;

export const GetConsumerStatusRequestHeader = defineHeader('GetConsumerStatusRequestHeader', {
  topic: h.str(),
  group: h.str(),
  clientAddr: h.optStr(),
});
export type GetConsumerStatusRequest = HeaderType<typeof GetConsumerStatusRequestHeader>;

const asNumber = (v: number): number => v;
const offsets = (v: FJValue | undefined): MessageQueueMap<number> => MessageQueueMap.fromJson(v, numberValue);

export function encodeResetOffsetBody(offsetTable: MessageQueueMap<number>): Buffer {
  return encodeBody({ offsetTable: offsetTable.toJson(asNumber) });
}

export function decodeResetOffsetBody(body: Uint8Array): MessageQueueMap<number> {
  return offsets(decodeBean(body, 'ResetOffsetBody').offsetTable);
}

export interface GetConsumerStatusBody {
  messageQueueTable: MessageQueueMap<number>;
  /** clientId -> that client's offsets. */
  consumerTable: Map<string, MessageQueueMap<number>>;
}

export function encodeGetConsumerStatusBody(b: GetConsumerStatusBody): Buffer {
  const table = new Map<string, unknown>();
  for (const [client, m] of b.consumerTable) table.set(client, m.toJson(asNumber));
  return encodeBody({ consumerTable: table, messageQueueTable: b.messageQueueTable.toJson(asNumber) });
}

export function decodeGetConsumerStatusBody(body: Uint8Array): GetConsumerStatusBody {
  const o = decodeBean(body, 'GetConsumerStatusBody');
  return { messageQueueTable: offsets(o.messageQueueTable), consumerTable: strMap(o, 'consumerTable', offsets) };
}
