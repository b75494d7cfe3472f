// QUERY_TOPIC_CONSUME_BY_WHO (300): the consumer groups that subscribe to, or have offsets on, a topic.
//   request   topic
//   response  body GroupList {"groupList":["<group>"..]}

import { defineHeader, h, type HeaderType } from '../header.js';
import { decodeBean, encodeBody, strList } from './bean.js';

export const QueryTopicConsumeByWhoRequestHeader = defineHeader('QueryTopicConsumeByWhoRequestHeader', {
  topic: h.str(),
});
export type QueryTopicConsumeByWhoRequest = HeaderType<typeof QueryTopicConsumeByWhoRequestHeader>;

export function encodeGroupList(groups: Iterable<string>): Buffer {
  return encodeBody({ groupList: [...groups] });
}

export function decodeGroupList(body: Uint8Array): string[] {
  return strList(decodeBean(body, 'GroupList'), 'groupList');
}
