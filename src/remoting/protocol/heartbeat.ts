// Client registration with the broker:
//   HEART_BEAT (34)          body HeartbeatData
//     {"clientID":"<ip>@<pid>#<nanotime>",
//      "consumerDataSet":[{"consumeFromWhere":..,"consumeType":..,"groupName":..,"messageModel":..,
//                          "subscriptionDataSet":[SubscriptionData..],"unitMode":b}..],
//      "producerDataSet":[{"groupName":..}..]}
//   UNREGISTER_CLIENT (35)   request clientID producerGroup? consumerGroup?   response: no header
//   CHECK_CLIENT_CONFIG (46) body {"clientId":..,"group":..,"subscriptionData":SubscriptionData}

import { defineHeader, h, type HeaderType } from '../header.js';
import type { FJValue } from '../fastjson.js';
import { asObject, b, type Bean, type BeanType, bool, decodeBean, defineBean, encodeBody, list, optBean, reqStr, str } from './bean.js';
import { type ConsumeMode, ConsumeModeBean } from './consumer-types.js';
import { type SubscriptionData, subscriptionDataFromJson, subscriptionDataToJson } from './subscription.js';

export const ProducerDataBean = defineBean('ProducerData', { groupName: b.str() });
export type ProducerData = BeanType<typeof ProducerDataBean>;

export interface ConsumerData extends ConsumeMode {
  groupName: string;
  subscriptionDataSet: SubscriptionData[];
  unitMode: boolean;
}

export interface HeartbeatData {
  clientID: string;
  producerDataSet: ProducerData[];
  consumerDataSet: ConsumerData[];
}

export function consumerDataToJson(c: ConsumerData): Record<string, unknown> {
  return {
    consumeFromWhere: c.consumeFromWhere,
    consumeType: c.consumeType,
    groupName: c.groupName,
    messageModel: c.messageModel,
    subscriptionDataSet: c.subscriptionDataSet.map(subscriptionDataToJson),
    unitMode: c.unitMode,
  };
}

export function consumerDataFromJson(v: FJValue): ConsumerData {
  const o = asObject(v, 'ConsumerData');
  return {
    groupName: reqStr(o, 'groupName', 'ConsumerData'),
    ...ConsumeModeBean.fromJson(o),
    subscriptionDataSet: list(o, 'subscriptionDataSet').map(subscriptionDataFromJson),
    unitMode: bool(o, 'unitMode'),
  };
}

export function encodeHeartbeatData(hb: HeartbeatData): Buffer {
  return encodeBody({
    clientID: hb.clientID,
    consumerDataSet: hb.consumerDataSet.map(consumerDataToJson),
    producerDataSet: hb.producerDataSet.map(ProducerDataBean.toJson),
  });
}

export function decodeHeartbeatData(body: Uint8Array): HeartbeatData {
  const o = decodeBean(body, 'HeartbeatData');
  return {
    clientID: reqStr(o, 'clientID', 'HeartbeatData'),
    producerDataSet: list(o, 'producerDataSet').map(ProducerDataBean.fromJson),
    consumerDataSet: list(o, 'consumerDataSet').map(consumerDataFromJson),
  };
}

export const UnregisterClientRequestHeader = defineHeader('UnregisterClientRequestHeader', {
  clientID: h.str(),
  producerGroup: h.optStr(),
  consumerGroup: h.optStr(),
});
export type UnregisterClientRequest = HeaderType<typeof UnregisterClientRequestHeader>;

export interface CheckClientRequestBody {
  clientId?: string;
  group?: string;
  subscriptionData?: SubscriptionData;
}

export function encodeCheckClientRequestBody(b: CheckClientRequestBody): Buffer {
  return encodeBody({
    clientId: b.clientId,
    group: b.group,
    subscriptionData: b.subscriptionData ? subscriptionDataToJson(b.subscriptionData) : undefined,
  });
}

export function decodeCheckClientRequestBody(body: Uint8Array): CheckClientRequestBody {
  const o: Bean = decodeBean(body, 'CheckClientRequestBody');
  const out: CheckClientRequestBody = {};
  const clientId = str(o, 'clientId');
  if (clientId !== undefined) out.clientId = clientId;
  const group = str(o, 'group');
  if (group !== undefined) out.group = group;
  const sd = optBean(o, 'subscriptionData', 'CheckClientRequestBody');
  if (sd) out.subscriptionData = subscriptionDataFromJson(sd);
  return out;
}
