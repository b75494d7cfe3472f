// GET_TOPIC_STATS_INFO (202): the offsets of every queue of a topic on one broker.
//   request   topic
//   response  body TopicStatsTable
//             {"offsetTable":{{"brokerName":..,"queueId":n,"topic":..}:
//                              {"lastUpdateTimestamp":ms,"maxOffset":n,"minOffset":n},..}}
//             (MessageQueue objects as keys, as fastjson writes a HashMap<MessageQueue, TopicOffset>)

import { defineHeader, h, type HeaderType } from '../header.js';
import { b, type BeanType, decodeBean, defineBean, encodeBody } from './bean.js';
import { MessageQueueMap } from './message-queue.js';

export const GetTopicStatsInfoRequestHeader = defineHeader('GetTopicStatsInfoRequestHeader', {
  topic: h.str(),
});
export type GetTopicStatsInfoRequest = HeaderType<typeof GetTopicStatsInfoRequestHeader>;

export const TopicOffsetBean = defineBean('TopicOffset', {
  minOffset: b.num(),
  maxOffset: b.num(),
  /** Store time of the last message in the queue, 0 when empty. */
  lastUpdateTimestamp: b.num(),
});
export type TopicOffset = BeanType<typeof TopicOffsetBean>;

export interface TopicStatsTable {
  offsetTable: MessageQueueMap<TopicOffset>;
}

export function encodeTopicStatsTable(t: TopicStatsTable): Buffer {
  return encodeBody({ offsetTable: t.offsetTable.toJson(TopicOffsetBean.toJson) });
}

export function decodeTopicStatsTable(body: Uint8Array): TopicStatsTable {
  return { offsetTable: MessageQueueMap.fromJson(decodeBean(body, 'TopicStatsTable').offsetTable, TopicOffsetBean.fromJson) };
}
