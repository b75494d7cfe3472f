// QUERY_CONSUME_QUEUE (321): raw consume-queue entries, for mqadmin queryCq.
//   request   topic queueId index count consumerGroup?
//   response  body QueryConsumeQueueResponseBody
//     {"filterData":..?,"maxQueueIndex":n,"minQueueIndex":n,
//      "queueData":[{"bitMap":..?,"eval":b,"extendDataJson":..?,"msg":..?,"physicOffset":n,
//                    "physicSize":n,"tagsCode":n}..],
//      "subscriptionData":SubscriptionData?}

import { defineHeader, h, type HeaderType } from '../header.js';
import { b, type BeanType, decodeBean, defineBean, encodeBody, list, num, optBean, str } from './bean.js';
import { type SubscriptionData, subscriptionDataFromJson, subscriptionDataToJson } from './subscription.js';

export const QueryConsumeQueueRequestHeader = defineHeader('QueryConsumeQueueRequestHeader', {
  topic: h.optStr(),
  queueId: h.intOr(0),
  index: h.longOr(0),
  count: h.intOr(0),
  consumerGroup: h.optStr(),
});
export type QueryConsumeQueueRequest = HeaderType<typeof QueryConsumeQueueRequestHeader>;

export const ConsumeQueueDataBean = defineBean('ConsumeQueueData', {
  physicOffset: b.num(),
  physicSize: b.num(),
  tagsCode: b.num(),
  extendDataJson: b.optStr(),
  bitMap: b.optStr(),
  eval: b.bool(),
  msg: b.optStr(),
});
export type ConsumeQueueData = BeanType<typeof ConsumeQueueDataBean>;

export interface QueryConsumeQueueResponseBody {
  subscriptionData?: SubscriptionData;
  filterData?: string;
  queueData: ConsumeQueueData[];
  maxQueueIndex: number;
  minQueueIndex: number;
}

export function encodeQueryConsumeQueueResponseBody(body: QueryConsumeQueueResponseBody): Buffer {
  return encodeBody({
    filterData: body.filterData,
    maxQueueIndex: body.maxQueueIndex,
    minQueueIndex: body.minQueueIndex,
    queueData: body.queueData.map(ConsumeQueueDataBean.toJson),
    subscriptionData: body.subscriptionData ? subscriptionDataToJson(body.subscriptionData) : undefined,
  });
}

export function decodeQueryConsumeQueueResponseBody(body: Uint8Array): QueryConsumeQueueResponseBody {
  const o = decodeBean(body, 'QueryConsumeQueueResponseBody');
  const out: QueryConsumeQueueResponseBody = {
    queueData: list(o, 'queueData').map(ConsumeQueueDataBean.fromJson),
    maxQueueIndex: num(o, 'maxQueueIndex'),
    minQueueIndex: num(o, 'minQueueIndex'),
  };
  const filterData = str(o, 'filterData');
  if (filterData !== undefined) out.filterData = filterData;
  const sd = optBean(o, 'subscriptionData', 'QueryConsumeQueueResponseBody');
  if (sd) out.subscriptionData = subscriptionDataFromJson(sd);
  return out;
}
