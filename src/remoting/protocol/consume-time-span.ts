// Time spans and offset corrections of a consumer group, for mqadmin:
//   QUERY_CONSUME_TIME_SPAN (303)  request topic group
//     response body QueryConsumeTimeSpanBody {"consumeTimeSpanSet":[QueueTimeSpan..]}
//     QueueTimeSpan {"consumeTimeStamp":ms,"consumeTimeStampStr":s,"delayTime":ms,"maxTimeStamp":ms,
//                    "maxTimeStampStr":s,"messageQueue":MessageQueue,"minTimeStamp":ms,"minTimeStampStr":s}
//     (the *Str properties come from Java getters: local time as yyyy-MM-dd#HH:mm:ss:SSS; readers ignore them)
//   QUERY_CORRECTION_OFFSET (308)  request filterGroups? compareGroup topic
//     response body QueryCorrectionOffsetBody {"correctionOffsets":{<queueId>:<offset>,..}}

import { formatDate, YYYY_MM_DD_HH_MM_SS_SSS } from '../../common/time-format.js';
import type { FJValue } from '../fastjson.js';
import { defineHeader, h, type HeaderType } from '../header.js';
import { asObject, decodeBean, encodeBody, intNumberMap, list, num, toIntKeyMap } from './bean.js';
import { type MessageQueue, messageQueueFromJson, messageQueueToJson } from './message-queue.js';

export const QueryConsumeTimeSpanRequestHeader = defineHeader('QueryConsumeTimeSpanRequestHeader', {
  topic: h.str(),
  group: h.str(),
});
export type QueryConsumeTimeSpanRequest = HeaderType<typeof QueryConsumeTimeSpanRequestHeader>;

export interface QueueTimeSpan {
  messageQueue: MessageQueue;
  minTimeStamp: number;
  maxTimeStamp: number;
  consumeTimeStamp: number;
  delayTime: number;
}

function formatTimeSpanDate(ms: number): string {
  return formatDate(ms, YYYY_MM_DD_HH_MM_SS_SSS);
}

function queueTimeSpanToJson(s: QueueTimeSpan): Record<string, unknown> {
  return {
    consumeTimeStamp: s.consumeTimeStamp,
    consumeTimeStampStr: formatTimeSpanDate(s.consumeTimeStamp),
    delayTime: s.delayTime,
    maxTimeStamp: s.maxTimeStamp,
    maxTimeStampStr: formatTimeSpanDate(s.maxTimeStamp),
    messageQueue: messageQueueToJson(s.messageQueue),
    minTimeStamp: s.minTimeStamp,
    minTimeStampStr: formatTimeSpanDate(s.minTimeStamp),
  };
}

function queueTimeSpanFromJson(v: FJValue): QueueTimeSpan {
  const o = asObject(v, 'QueueTimeSpan');
  return {
    messageQueue: messageQueueFromJson(o.messageQueue),
    minTimeStamp: num(o, 'minTimeStamp'),
    maxTimeStamp: num(o, 'maxTimeStamp'),
    consumeTimeStamp: num(o, 'consumeTimeStamp'),
    delayTime: num(o, 'delayTime'),
  };
}

export function encodeQueryConsumeTimeSpanBody(spans: readonly QueueTimeSpan[]): Buffer {
  return encodeBody({ consumeTimeSpanSet: spans.map(queueTimeSpanToJson) });
}

export function decodeQueryConsumeTimeSpanBody(body: Uint8Array): QueueTimeSpan[] {
  return list(decodeBean(body, 'QueryConsumeTimeSpanBody'), 'consumeTimeSpanSet').map(queueTimeSpanFromJson);
}

export const QueryCorrectionOffsetHeader = defineHeader('QueryCorrectionOffsetHeader', {
  filterGroups: h.optStr(),
  compareGroup: h.str(),
  topic: h.str(),
});
export type QueryCorrectionOffsetRequest = HeaderType<typeof QueryCorrectionOffsetHeader>;

/** queueId -> corrected offset. */
export function encodeQueryCorrectionOffsetBody(correctionOffsets: ReadonlyMap<number, number>): Buffer {
  return encodeBody({ correctionOffsets: toIntKeyMap(correctionOffsets) });
}

export function decodeQueryCorrectionOffsetBody(body: Uint8Array): Map<number, number> {
  return intNumberMap(decodeBean(body, 'QueryCorrectionOffsetBody').correctionOffsets);
}
