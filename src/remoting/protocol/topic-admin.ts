// Topic administration on a broker:
//   UPDATE_AND_CREATE_TOPIC (17)  request topic defaultTopic readQueueNums writeQueueNums perm
//                                 topicFilterType topicSysFlag? order; no body
//   DELETE_TOPIC_IN_BROKER (215)  request topic
//   GET_ALL_TOPIC_CONFIG (21)     no header; response body TopicConfigSerializeWrapper
//                                 {"dataVersion":{..},"topicConfigTable":{"<topic>":TopicConfig..}}
// The TopicConfig and wrapper codecs live in topic-config.ts, shared with the name server.
// (GET_TOPIC_CONFIG_LIST 22 and GET_TOPIC_NAME_LIST 23 have no handler in 4.9.8.)

import { defineHeader, h, type HeaderType } from '../header.js';

export { decodeTopicConfigWrapper, encodeTopicConfigWrapper } from './topic-config.js';

export const CreateTopicRequestHeader = defineHeader('CreateTopicRequestHeader', {
  topic: h.str(),
  defaultTopic: h.str(),
  readQueueNums: h.int(),
  writeQueueNums: h.int(),
  perm: h.int(),
  topicFilterType: h.str(),
  topicSysFlag: h.optInt(),
  order: h.boolOr(false),
});
export type CreateTopicRequest = HeaderType<typeof CreateTopicRequestHeader>;

export const DeleteTopicRequestHeader = defineHeader('DeleteTopicRequestHeader', {
  topic: h.str(),
});
export type DeleteTopicRequest = HeaderType<typeof DeleteTopicRequestHeader>;
