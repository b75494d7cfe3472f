// QUERY_MESSAGE (12) and VIEW_MESSAGE_BY_ID (33): looking messages up by key or by commit-log offset.
//   QUERY_MESSAGE       request  topic key maxNum beginTimestamp endTimestamp (_UNIQUE_KEY_QUERY?)
//                       response indexLastUpdateTimestamp indexLastUpdatePhyoffset;
//                       body: the found messages, concatenated as stored
//   VIEW_MESSAGE_BY_ID  request  offset (commit-log offset, from the offsetMsgId)
//                       response no header; body: the stored message
// Both replies are written by the zero-copy path, in JSON whatever the request's serialize type.

import { defineHeader, h, type HeaderType } from '../header.js';

export const QueryMessageRequestHeader = defineHeader('QueryMessageRequestHeader', {
  topic: h.str(),
  key: h.str(),
  maxNum: h.int(),
  beginTimestamp: h.long(),
  endTimestamp: h.long(),
  /** Set by clients looking a message up by its unique key (MixAll.UNIQUE_MSG_QUERY_FLAG): stop at the first hit. */
  uniqueKeyQuery: h.optBool('_UNIQUE_KEY_QUERY'),
});
export type QueryMessageRequest = HeaderType<typeof QueryMessageRequestHeader>;

export const QueryMessageResponseHeader = defineHeader('QueryMessageResponseHeader', {
  indexLastUpdateTimestamp: h.long(),
  indexLastUpdatePhyoffset: h.long(),
});
export type QueryMessageResponse = HeaderType<typeof QueryMessageResponseHeader>;

export const ViewMessageRequestHeader = defineHeader('ViewMessageRequestHeader', {
  offset: h.long(),
});
export type ViewMessageRequest = HeaderType<typeof ViewMessageRequestHeader>;
