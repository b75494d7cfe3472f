// Who is connected to a broker:
//   GET_CONSUMER_CONNECTION_LIST (203)  request consumerGroup
//     response body ConsumerConnection {"connectionSet":[Connection..],"consumeFromWhere":..,
//       "consumeType":..,"messageModel":..,"subscriptionTable":{"<topic>":SubscriptionData..}}
//   GET_PRODUCER_CONNECTION_LIST (204)  request producerGroup
//     response body ProducerConnection {"connectionSet":[Connection..]}
//   GET_ALL_PRODUCER_INFO (328)         response body ProducerTableInfo {"data":{"<group>":[ProducerInfo..]}}
// Connection: {"clientAddr":"ip:port","clientId":..,"language":"JAVA","version":n}

import { defineHeader, h, type HeaderType } from '../header.js';
import { b, type BeanType, decodeBean, defineBean, encodeBody, list, strMap } from './bean.js';
import { type ConsumeMode, ConsumeModeBean } from './consumer-types.js';
import { type SubscriptionData, subscriptionDataFromJson, subscriptionDataToJson } from './subscription.js';

export const GetConsumerConnectionListRequestHeader = defineHeader('GetConsumerConnectionListRequestHeader', {
  consumerGroup: h.str(),
});
export type GetConsumerConnectionListRequest = HeaderType<typeof GetConsumerConnectionListRequestHeader>;

export const GetProducerConnectionListRequestHeader = defineHeader('GetProducerConnectionListRequestHeader', {
  producerGroup: h.str(),
});
export type GetProducerConnectionListRequest = HeaderType<typeof GetProducerConnectionListRequestHeader>;

export const ClientConnectionBean = defineBean('Connection', {
  clientId: b.str(),
  clientAddr: b.str(),
  /** LanguageCode name. */
  language: b.str(),
  /** MQVersion ordinal of the client. */
  version: b.num(),
});
export type ClientConnection = BeanType<typeof ClientConnectionBean>;

export interface ConsumerConnection extends ConsumeMode {
  connectionSet: ClientConnection[];
  subscriptionTable: Map<string, SubscriptionData>;
}

export function encodeConsumerConnection(c: ConsumerConnection): Buffer {
  const table = new Map<string, unknown>();
  for (const [topic, sd] of c.subscriptionTable) table.set(topic, subscriptionDataToJson(sd));
  return encodeBody({
    connectionSet: c.connectionSet.map(ClientConnectionBean.toJson),
    consumeFromWhere: c.consumeFromWhere,
    consumeType: c.consumeType,
    messageModel: c.messageModel,
    subscriptionTable: table,
  });
}

export function decodeConsumerConnection(body: Uint8Array): ConsumerConnection {
  const o = decodeBean(body, 'ConsumerConnection');
  return {
    connectionSet: list(o, 'connectionSet').map(ClientConnectionBean.fromJson),
    ...ConsumeModeBean.fromJson(o),
    subscriptionTable: strMap(o, 'subscriptionTable', subscriptionDataFromJson),
  };
}

/** ConsumerConnection.computeMinVersion: the oldest client version in the group. */
export function minClientVersion(c: ConsumerConnection): number {
  let min = Number.MAX_SAFE_INTEGER;
  for (const conn of c.connectionSet) if (conn.version < min) min = conn.version;
  return min;
}

export function encodeProducerConnection(connectionSet: readonly ClientConnection[]): Buffer {
  return encodeBody({ connectionSet: connectionSet.map(ClientConnectionBean.toJson) });
}

export function decodeProducerConnection(body: Uint8Array): ClientConnection[] {
  return list(decodeBean(body, 'ProducerConnection'), 'connectionSet').map(ClientConnectionBean.fromJson);
}

export const ProducerInfoBean = defineBean('ProducerInfo', {
  clientId: b.str(),
  remoteIP: b.str(),
  language: b.str(),
  version: b.num(),
  lastUpdateTimestamp: b.num(),
});
export type ProducerInfo = BeanType<typeof ProducerInfoBean>;

export function encodeProducerTableInfo(data: ReadonlyMap<string, readonly ProducerInfo[]>): Buffer {
  const out = new Map<string, unknown>();
  for (const [group, infos] of data) out.set(group, infos.map(ProducerInfoBean.toJson));
  return encodeBody({ data: out });
}

export function decodeProducerTableInfo(body: Uint8Array): Map<string, ProducerInfo[]> {
  return strMap(decodeBean(body, 'ProducerTableInfo'), 'data', (v) => (Array.isArray(v) ? v.map(ProducerInfoBean.fromJson) : []));
}
