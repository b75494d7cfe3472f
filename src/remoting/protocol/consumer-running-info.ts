// GET_CONSUMER_RUNNING_INFO (307): mqadmin -> broker -> the consumer client, which answers with
// its state; the broker passes the reply back unchanged.
//   request   consumerGroup clientId jstackEnable
//   response  body ConsumerRunningInfo
//     {"jstack":..?,
//      "mqTable":{MessageQueue:ProcessQueueInfo,..}          (TreeMap: MessageQueue order)
//      "properties":{"<name>":"<value>",..}                   (java.util.Properties, all strings)
//      "statusTable":{"<topic>":ConsumeStatus,..}             (TreeMap: topic order)
//      "subscriptionSet":[SubscriptionData..]}                (TreeSet: "topic@subString" order)
//   ProcessQueueInfo {"cachedMsgCount":n,"cachedMsgMaxOffset":n,"cachedMsgMinOffset":n,"cachedMsgSizeInMiB":n,
//     "commitOffset":n,"droped":b,"lastConsumeTimestamp":ms,"lastLockTimestamp":ms,"lastPullTimestamp":ms,
//     "locked":b,"transactionMsgCount":n,"transactionMsgMaxOffset":n,"transactionMsgMinOffset":n,"tryUnlockTimes":n}
//   ConsumeStatus {"consumeFailedMsgs":n,"consumeFailedTPS":d,"consumeOKTPS":d,"consumeRT":d,"pullRT":d,"pullTPS":d}

import { defineHeader, h, type HeaderType } from '../header.js';
import { b, type BeanType, decodeBean, defineBean, encodeBody, list, str, strMap } from './bean.js';
import { MessageQueueMap } from './message-queue.js';
import { compareSubscriptionData, type SubscriptionData, subscriptionDataFromJson, subscriptionDataToJson } from './subscription.js';

export const GetConsumerRunningInfoRequestHeader = defineHeader('GetConsumerRunningInfoRequestHeader', {
  consumerGroup: h.str(),
  clientId: h.str(),
  jstackEnable: h.boolOr(false),
});
export type GetConsumerRunningInfoRequest = HeaderType<typeof GetConsumerRunningInfoRequestHeader>;

/** Well-known keys of ConsumerRunningInfo.properties. */
export const ConsumerRunningInfoProp = {
  NAMESERVER_ADDR: 'PROP_NAMESERVER_ADDR',
  THREADPOOL_CORE_SIZE: 'PROP_THREADPOOL_CORE_SIZE',
  CONSUME_ORDERLY: 'PROP_CONSUMEORDERLY',
  CONSUME_TYPE: 'PROP_CONSUME_TYPE',
  CLIENT_VERSION: 'PROP_CLIENT_VERSION',
  CONSUMER_START_TIMESTAMP: 'PROP_CONSUMER_START_TIMESTAMP',
} as const;

export const ProcessQueueInfoBean = defineBean('ProcessQueueInfo', {
  commitOffset: b.num(),
  cachedMsgMinOffset: b.num(),
  cachedMsgMaxOffset: b.num(),
  cachedMsgCount: b.num(),
  cachedMsgSizeInMiB: b.num(),
  transactionMsgMinOffset: b.num(),
  transactionMsgMaxOffset: b.num(),
  transactionMsgCount: b.num(),
  locked: b.bool(),
  tryUnlockTimes: b.num(),
  lastLockTimestamp: b.num(),
  /** Java's spelling. */
  droped: b.bool(),
  lastPullTimestamp: b.num(),
  lastConsumeTimestamp: b.num(),
});
export type ProcessQueueInfo = BeanType<typeof ProcessQueueInfoBean>;

export const ConsumeStatusBean = defineBean('ConsumeStatus', {
  pullRT: b.double(),
  pullTPS: b.double(),
  consumeRT: b.double(),
  consumeOKTPS: b.double(),
  consumeFailedTPS: b.double(),
  consumeFailedMsgs: b.num(),
});
export type ConsumeStatus = BeanType<typeof ConsumeStatusBean>;

export interface ConsumerRunningInfo {
  properties: Map<string, string>;
  subscriptionSet: SubscriptionData[];
  mqTable: MessageQueueMap<ProcessQueueInfo>;
  statusTable: Map<string, ConsumeStatus>;
  jstack?: string;
}

/** Tables are written in Java's TreeMap/TreeSet order whatever order they were filled in. */
export function encodeConsumerRunningInfo(info: ConsumerRunningInfo): Buffer {
  const status = new Map<string, unknown>();
  for (const topic of [...info.statusTable.keys()].sort()) status.set(topic, ConsumeStatusBean.toJson(info.statusTable.get(topic)!));
  return encodeBody({
    jstack: info.jstack,
    mqTable: new MessageQueueMap(info.mqTable.sorted()).toJson(ProcessQueueInfoBean.toJson),
    properties: info.properties,
    statusTable: status,
    subscriptionSet: [...info.subscriptionSet].sort(compareSubscriptionData).map(subscriptionDataToJson),
  });
}

export function decodeConsumerRunningInfo(body: Uint8Array): ConsumerRunningInfo {
  const o = decodeBean(body, 'ConsumerRunningInfo');
  const out: ConsumerRunningInfo = {
    properties: strMap(o, 'properties', (v) => (typeof v === 'string' ? v : String(v))),
    subscriptionSet: list(o, 'subscriptionSet').map(subscriptionDataFromJson),
    mqTable: MessageQueueMap.fromJson(o.mqTable, ProcessQueueInfoBean.fromJson),
    statusTable: strMap(o, 'statusTable', ConsumeStatusBean.fromJson),
  };
  const jstack = str(o, 'jstack');
  if (jstack !== undefined) out.jstack = jstack;
  return out;
}
