// Consumer offsets kept by the broker:
//   QUERY_CONSUMER_OFFSET (14)    request consumerGroup topic queueId bname?  response offset
//                                 (QUERY_NOT_FOUND when the group never committed on that queue)
//   UPDATE_CONSUMER_OFFSET (15)   request consumerGroup topic queueId commitOffset bname?  (oneway from push consumers)
//   GET_ALL_CONSUMER_OFFSET (43)  body {"offsetTable":{"<topic>@<group>":{<queueId>:<offset>,..},..}}
//   GET_ALL_DELAY_OFFSET (45)     body {"offsetTable":{<delayLevel>:<offset>,..}}
//   CLONE_GROUP_OFFSET (314)      request srcGroup destGroup topic? offline
// The two tables are the broker's consumerOffset.json and delayOffset.json, integer keys unquoted.

import { RemotingCommandError } from '../errors.js';
import { type IntKeyMap, mapEntries } from '../fastjson.js';
import { defineHeader, h, type HeaderType } from '../header.js';
import { decodeBean, encodeBody, intNumberMap, toIntKeyMap } from './bean.js';

export const QueryConsumerOffsetRequestHeader = defineHeader('QueryConsumerOffsetRequestHeader', {
  consumerGroup: h.str(),
  topic: h.str(),
  queueId: h.int(),
  bname: h.optStr(),
});
export type QueryConsumerOffsetRequest = HeaderType<typeof QueryConsumerOffsetRequestHeader>;

export const QueryConsumerOffsetResponseHeader = defineHeader('QueryConsumerOffsetResponseHeader', { offset: h.long() });

export const UpdateConsumerOffsetRequestHeader = defineHeader('UpdateConsumerOffsetRequestHeader', {
  consumerGroup: h.str(),
  topic: h.str(),
  queueId: h.int(),
  commitOffset: h.long(),
  bname: h.optStr(),
});
export type UpdateConsumerOffsetRequest = HeaderType<typeof UpdateConsumerOffsetRequestHeader>;

export const CloneGroupOffsetRequestHeader = defineHeader('CloneGroupOffsetRequestHeader', {
  srcGroup: h.str(),
  destGroup: h.str(),
  topic: h.optStr(),
  offline: h.boolOr(false),
});
export type CloneGroupOffsetRequest = HeaderType<typeof CloneGroupOffsetRequestHeader>;

/** ConsumerOffsetManager's key of a (topic, group) pair. */
export const TOPIC_GROUP_SEPARATOR = '@';

export function topicGroupKey(topic: string, group: string): string {
  return topic + TOPIC_GROUP_SEPARATOR + group;
}

/** Splits "topic@group"; topics cannot contain '@', so the first one separates. */
export function splitTopicGroupKey(key: string): { topic: string; group: string } {
  const i = key.indexOf(TOPIC_GROUP_SEPARATOR);
  if (i < 0) throw new RemotingCommandError(`not a topic@group key: ${key}`);
  return { topic: key.slice(0, i), group: key.slice(i + 1) };
}

/** "topic@group" -> queueId -> offset. */
export type ConsumerOffsetTable = Map<string, Map<number, number>>;

/** ConsumerOffsetSerializeWrapper in fastjson form (stringify with `pretty` for the broker's file). */
export function consumerOffsetTableToJson(table: ConsumerOffsetTable): { offsetTable: Map<string, IntKeyMap<number>> } {
  const out = new Map<string, IntKeyMap<number>>();
  for (const [k, m] of table) out.set(k, toIntKeyMap(m));
  return { offsetTable: out };
}

export function encodeConsumerOffsetTable(table: ConsumerOffsetTable): Buffer {
  return encodeBody(consumerOffsetTableToJson(table));
}

/** Also reads consumerOffset.json as the broker writes it. */
export function decodeConsumerOffsetTable(body: Uint8Array | string): ConsumerOffsetTable {
  const o = decodeBean(body, 'ConsumerOffsetSerializeWrapper');
  const out: ConsumerOffsetTable = new Map();
  for (const [k, v] of mapEntries(o.offsetTable)) out.set(String(k), intNumberMap(v));
  return out;
}

/** delayLevel -> offset of the schedule topic's queue (level - 1). */
export type DelayOffsetTable = Map<number, number>;

export function delayOffsetTableToJson(table: DelayOffsetTable): { offsetTable: IntKeyMap<number> } {
  return { offsetTable: toIntKeyMap(table) };
}

export function encodeDelayOffsetTable(table: DelayOffsetTable): Buffer {
  return encodeBody(delayOffsetTableToJson(table));
}

/** Also reads delayOffset.json as the broker writes it. */
export function decodeDelayOffsetTable(body: Uint8Array | string): DelayOffsetTable {
  return intNumberMap(decodeBean(body, 'DelayOffsetSerializeWrapper').offsetTable);
}
