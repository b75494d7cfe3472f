// Broker configuration and statistics:
//   UPDATE_BROKER_CONFIG (25)     body: Java properties text (key=value lines) of the keys to change
//   GET_BROKER_CONFIG (26)        response header version (the configuration's DataVersion as JSON);
//                                 body: every broker and store setting as properties text
//   GET_BROKER_RUNTIME_INFO (28)  response body KVTable {"table":{"<name>":"<value>"..}}
//                                 (codec shared with the name server: namesrv/lists.ts)
//   VIEW_BROKER_STATS_DATA (315)  request statsName statsKey
//     response body BrokerStatsData {"statsDay":Item,"statsHour":Item,"statsMinute":Item},
//                   Item {"avgpt":d,"sum":n,"tps":d}

import type { FJValue } from '../fastjson.js';
import { defineHeader, h, type HeaderType } from '../header.js';
import { b, type BeanType, decodeBean, defineBean, encodeBody } from './bean.js';

export { decodeKVTable, encodeKVTable } from './namesrv/lists.js';
/** Properties text both ways, as the name server's config bodies (Properties.load reads what we write). */
export { decodePropertiesBody as decodeBrokerConfigBody, encodePropertiesBody as encodeBrokerConfigBody } from './namesrv/lists.js';

export const GetBrokerConfigResponseHeader = defineHeader('GetBrokerConfigResponseHeader', {
  version: h.str(),
});
export type GetBrokerConfigResponse = HeaderType<typeof GetBrokerConfigResponseHeader>;

export const ViewBrokerStatsDataRequestHeader = defineHeader('ViewBrokerStatsDataRequestHeader', {
  statsName: h.str(),
  statsKey: h.str(),
});
export type ViewBrokerStatsDataRequest = HeaderType<typeof ViewBrokerStatsDataRequestHeader>;

/**
 * The statistics a broker keeps, by the names VIEW_BROKER_STATS_DATA takes (Java's Stats). Keys:
 * QUEUE_* "topic@queueId" (gets "topic@queueId@group"), TOPIC_* "topic", GROUP_* and SNDBCK_*
 * "topic@group", GROUP_GET_LATENCY "queueId@topic@group" (with enableDetailStat; else "topic@group"),
 * BROKER_* the cluster name.
 */
export const BrokerStatsName = {
  QUEUE_PUT_NUMS: 'QUEUE_PUT_NUMS',
  QUEUE_PUT_SIZE: 'QUEUE_PUT_SIZE',
  QUEUE_GET_NUMS: 'QUEUE_GET_NUMS',
  QUEUE_GET_SIZE: 'QUEUE_GET_SIZE',
  TOPIC_PUT_NUMS: 'TOPIC_PUT_NUMS',
  TOPIC_PUT_SIZE: 'TOPIC_PUT_SIZE',
  GROUP_GET_NUMS: 'GROUP_GET_NUMS',
  GROUP_GET_SIZE: 'GROUP_GET_SIZE',
  SNDBCK_PUT_NUMS: 'SNDBCK_PUT_NUMS',
  BROKER_PUT_NUMS: 'BROKER_PUT_NUMS',
  BROKER_GET_NUMS: 'BROKER_GET_NUMS',
  GROUP_GET_FROM_DISK_NUMS: 'GROUP_GET_FROM_DISK_NUMS',
  GROUP_GET_FROM_DISK_SIZE: 'GROUP_GET_FROM_DISK_SIZE',
  BROKER_GET_FROM_DISK_NUMS: 'BROKER_GET_FROM_DISK_NUMS',
  BROKER_GET_FROM_DISK_SIZE: 'BROKER_GET_FROM_DISK_SIZE',
  COMMERCIAL_SEND_TIMES: 'COMMERCIAL_SEND_TIMES',
  COMMERCIAL_SNDBCK_TIMES: 'COMMERCIAL_SNDBCK_TIMES',
  COMMERCIAL_RCV_TIMES: 'COMMERCIAL_RCV_TIMES',
  COMMERCIAL_RCV_EPOLLS: 'COMMERCIAL_RCV_EPOLLS',
  COMMERCIAL_SEND_SIZE: 'COMMERCIAL_SEND_SIZE',
  COMMERCIAL_RCV_SIZE: 'COMMERCIAL_RCV_SIZE',
  COMMERCIAL_PERM_FAILURES: 'COMMERCIAL_PERM_FAILURES',
  GROUP_GET_FALL_SIZE: 'GROUP_GET_FALL_SIZE',
  GROUP_GET_FALL_TIME: 'GROUP_GET_FALL_TIME',
  GROUP_GET_LATENCY: 'GROUP_GET_LATENCY',
} as const;
export type BrokerStatsNameValue = (typeof BrokerStatsName)[keyof typeof BrokerStatsName];

export const BrokerStatsItemBean = defineBean('BrokerStatsItem', {
  sum: b.num(),
  tps: b.double(),
  avgpt: b.double(),
});
export type BrokerStatsItem = BeanType<typeof BrokerStatsItemBean>;

export interface BrokerStatsData {
  statsMinute: BrokerStatsItem;
  statsHour: BrokerStatsItem;
  statsDay: BrokerStatsItem;
}

export function encodeBrokerStatsData(d: BrokerStatsData): Buffer {
  const item = BrokerStatsItemBean.toJson;
  return encodeBody({ statsDay: item(d.statsDay), statsHour: item(d.statsHour), statsMinute: item(d.statsMinute) });
}

/** A missing period reads as zeros, as the Java getters' callers treat null. */
export function decodeBrokerStatsData(body: Uint8Array): BrokerStatsData {
  const o = decodeBean(body, 'BrokerStatsData');
  const item = (v: FJValue | undefined) => BrokerStatsItemBean.fromJson(v ?? {});
  return { statsMinute: item(o.statsMinute), statsHour: item(o.statsHour), statsDay: item(o.statsDay) };
}
