// Subscription groups (consumer group settings kept by the broker):
//   UPDATE_AND_CREATE_SUBSCRIPTIONGROUP (200)  body SubscriptionGroupConfig
//     {"brokerId":0,"consumeBroadcastEnable":b,"consumeEnable":b,"consumeFromMinEnable":b,
//      "groupName":..,"notifyConsumerIdsChangedEnable":b,"retryMaxTimes":n,"retryQueueNums":n,
//      "whichBrokerWhenConsumeSlowly":n}
//   GET_ALL_SUBSCRIPTIONGROUP_CONFIG (201)     response body SubscriptionGroupWrapper
//     {"dataVersion":{..},"subscriptionGroupTable":{"<group>":SubscriptionGroupConfig..}}
//     (also the broker's subscriptionGroup.json, written with `pretty`)
//   DELETE_SUBSCRIPTIONGROUP (207)             request groupName removeOffset

import type { FJValue } from '../fastjson.js';
import { defineHeader, h, type HeaderType } from '../header.js';
import { asObject, b, type BeanType, decodeBean, defineBean, encodeBody, strMap } from './bean.js';
import { createDataVersion, type DataVersion, dataVersionFromJson, dataVersionToJson } from './topic-config.js';

export const SubscriptionGroupConfigBean = defineBean('SubscriptionGroupConfig', {
  groupName: b.str(),
  consumeEnable: b.bool(true),
  consumeFromMinEnable: b.bool(true),
  consumeBroadcastEnable: b.bool(true),
  // One retry queue: %RETRY%<group> has a single queue.
  retryQueueNums: b.num(1),
  // After 16 redeliveries (delay levels 3..18, about 2 hours in all) a message goes to the DLQ.
  retryMaxTimes: b.num(16),
  // MixAll.MASTER_ID.
  brokerId: b.num(0),
  // Consumers far behind read from slave 1.
  whichBrokerWhenConsumeSlowly: b.num(1),
  notifyConsumerIdsChangedEnable: b.bool(true),
});
export type SubscriptionGroupConfig = BeanType<typeof SubscriptionGroupConfigBean>;

/** A group with Java's defaults for every field not given. */
export function createSubscriptionGroupConfig(
  groupName: string,
  fields: Partial<Omit<SubscriptionGroupConfig, 'groupName'>> = {},
): SubscriptionGroupConfig {
  return Object.assign(SubscriptionGroupConfigBean.fromJson({ groupName }), fields);
}

export const subscriptionGroupConfigToJson = SubscriptionGroupConfigBean.toJson;

/** Missing fields take Java's defaults; `name` fills a missing groupName (the table key). */
export function subscriptionGroupConfigFromJson(v: FJValue | undefined, name?: string): SubscriptionGroupConfig {
  const o = asObject(v, 'SubscriptionGroupConfig');
  return SubscriptionGroupConfigBean.fromJson(name !== undefined && o.groupName == null ? { ...o, groupName: name } : o);
}

export function encodeSubscriptionGroupConfig(c: SubscriptionGroupConfig): Buffer {
  return encodeBody(subscriptionGroupConfigToJson(c));
}

export function decodeSubscriptionGroupConfig(body: Uint8Array): SubscriptionGroupConfig {
  return subscriptionGroupConfigFromJson(decodeBean(body, 'SubscriptionGroupConfig'));
}

export interface SubscriptionGroupWrapper {
  /** Group name -> config, in the order the broker listed them. */
  subscriptionGroupTable: Map<string, SubscriptionGroupConfig>;
  dataVersion: DataVersion;
}

export function subscriptionGroupWrapperToJson(w: SubscriptionGroupWrapper): Record<string, unknown> {
  const table = new Map<string, unknown>();
  for (const [k, c] of w.subscriptionGroupTable) table.set(k, subscriptionGroupConfigToJson(c));
  return { dataVersion: dataVersionToJson(w.dataVersion), subscriptionGroupTable: table };
}

export function encodeSubscriptionGroupWrapper(w: SubscriptionGroupWrapper): Buffer {
  return encodeBody(subscriptionGroupWrapperToJson(w));
}

export function decodeSubscriptionGroupWrapper(body: Uint8Array | string): SubscriptionGroupWrapper {
  const o = decodeBean(body, 'SubscriptionGroupWrapper');
  return {
    subscriptionGroupTable: strMap(o, 'subscriptionGroupTable', (v, k) => subscriptionGroupConfigFromJson(v, k)),
    dataVersion: o.dataVersion == null ? createDataVersion() : dataVersionFromJson(o.dataVersion),
  };
}

export const DeleteSubscriptionGroupRequestHeader = defineHeader('DeleteSubscriptionGroupRequestHeader', {
  groupName: h.str(),
  removeOffset: h.boolOr(false),
});
export type DeleteSubscriptionGroupRequest = HeaderType<typeof DeleteSubscriptionGroupRequestHeader>;
