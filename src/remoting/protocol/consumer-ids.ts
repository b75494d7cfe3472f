// Who is in a consumer group:
//   GET_CONSUMER_LIST_BY_GROUP (38)   request consumerGroup   response body {"consumerIdList":["<clientId>"..]}
//                                     (SYSTEM_ERROR "no consumer for this group, <group>" when empty)
//   NOTIFY_CONSUMER_IDS_CHANGED (40)  broker -> client, oneway, request consumerGroup

import { defineHeader, h, type HeaderType } from '../header.js';
import { decodeBean, encodeBody, strList } from './bean.js';

export const GetConsumerListByGroupRequestHeader = defineHeader('GetConsumerListByGroupRequestHeader', {
  consumerGroup: h.str(),
});
export type GetConsumerListByGroupRequest = HeaderType<typeof GetConsumerListByGroupRequestHeader>;

export function encodeConsumerIdList(ids: readonly string[]): Buffer {
  return encodeBody({ consumerIdList: ids });
}

export function decodeConsumerIdList(body: Uint8Array): string[] {
  return strList(decodeBean(body, 'GetConsumerListByGroupResponseBody'), 'consumerIdList');
}

export const NotifyConsumerIdsChangedRequestHeader = defineHeader('NotifyConsumerIdsChangedRequestHeader', {
  consumerGroup: h.str(),
});
export type NotifyConsumerIdsChangedRequest = HeaderType<typeof NotifyConsumerIdsChangedRequestHeader>;
