// Consumer progress:
//   GET_CONSUME_STATS (208)        request consumerGroup topic?
//     response body ConsumeStats {"consumeTps":d,"offsetTable":{MessageQueue:{"brokerOffset":n,
//                                 "consumerOffset":n,"lastTimestamp":ms},..}}   (MessageQueue objects as keys)
//   GET_BROKER_CONSUME_STATS (317) request isOrder
//     response body ConsumeStatsList {"brokerAddr":..,"consumeStatsList":[{"<group>":[ConsumeStats..]}..],"totalDiff":n}
// consumeTps is a Java double: written as 100.0, not 100.

import type { FJValue } from '../fastjson.js';
import { JavaDouble, mapEntries } from '../fastjson.js';
import { defineHeader, h, type HeaderType } from '../header.js';
import { asObject, b, type BeanType, decodeBean, defineBean, encodeBody, list, num, str } from './bean.js';
import { MessageQueueMap } from './message-queue.js';

export const GetConsumeStatsRequestHeader = defineHeader('GetConsumeStatsRequestHeader', {
  consumerGroup: h.str(),
  topic: h.optStr(),
});
export type GetConsumeStatsRequest = HeaderType<typeof GetConsumeStatsRequestHeader>;

export const GetConsumeStatsInBrokerHeader = defineHeader('GetConsumeStatsInBrokerHeader', {
  isOrder: h.boolOr(false),
});
export type GetConsumeStatsInBrokerRequest = HeaderType<typeof GetConsumeStatsInBrokerHeader>;

export const OffsetWrapperBean = defineBean('OffsetWrapper', {
  brokerOffset: b.num(),
  consumerOffset: b.num(),
  /** Store time of the last consumed message, 0 when unknown. */
  lastTimestamp: b.num(),
});
export type OffsetWrapper = BeanType<typeof OffsetWrapperBean>;

export interface ConsumeStats {
  offsetTable: MessageQueueMap<OffsetWrapper>;
  consumeTps: number;
}

/** ConsumeStats.computeTotalDiff: messages not yet consumed, summed over the queues. */
export function consumeStatsTotalDiff(cs: ConsumeStats): number {
  let diff = 0;
  for (const [, w] of cs.offsetTable) diff += w.brokerOffset - w.consumerOffset;
  return diff;
}

export function consumeStatsToJson(cs: ConsumeStats): Record<string, unknown> {
  return { consumeTps: new JavaDouble(cs.consumeTps), offsetTable: cs.offsetTable.toJson(OffsetWrapperBean.toJson) };
}

export function consumeStatsFromJson(v: FJValue | undefined): ConsumeStats {
  const o = asObject(v, 'ConsumeStats');
  return { offsetTable: MessageQueueMap.fromJson(o.offsetTable, OffsetWrapperBean.fromJson), consumeTps: num(o, 'consumeTps') };
}

export function encodeConsumeStats(cs: ConsumeStats): Buffer {
  return encodeBody(consumeStatsToJson(cs));
}

export function decodeConsumeStats(body: Uint8Array): ConsumeStats {
  return consumeStatsFromJson(decodeBean(body, 'ConsumeStats'));
}

export interface ConsumeStatsList {
  /** One map per group: group name -> the stats of each of its topics. */
  consumeStatsList: Array<Map<string, ConsumeStats[]>>;
  brokerAddr?: string;
  totalDiff: number;
}

export function encodeConsumeStatsList(l: ConsumeStatsList): Buffer {
  return encodeBody({
    brokerAddr: l.brokerAddr,
    consumeStatsList: l.consumeStatsList.map((m) => {
      const out = new Map<string, unknown>();
      for (const [group, stats] of m) out.set(group, stats.map(consumeStatsToJson));
      return out;
    }),
    totalDiff: l.totalDiff,
  });
}

export function decodeConsumeStatsList(body: Uint8Array): ConsumeStatsList {
  const o = decodeBean(body, 'ConsumeStatsList');
  const out: ConsumeStatsList = {
    consumeStatsList: list(o, 'consumeStatsList').map((m) => {
      const groups = new Map<string, ConsumeStats[]>();
      for (const [group, stats] of mapEntries(m)) {
        groups.set(String(group), Array.isArray(stats) ? stats.map(consumeStatsFromJson) : []);
      }
      return groups;
    }),
    totalDiff: num(o, 'totalDiff'),
  };
  const brokerAddr = str(o, 'brokerAddr');
  if (brokerAddr !== undefined) out.brokerAddr = brokerAddr;
  return out;
}
