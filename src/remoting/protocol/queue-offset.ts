// Queue offset lookups, each on one (topic, queueId):
//   SEARCH_OFFSET_BY_TIMESTAMP (29)  request topic queueId timestamp bname?  response offset
//   GET_MAX_OFFSET (30)              request topic queueId bname?            response offset
//   GET_MIN_OFFSET (31)              request topic queueId bname?            response offset
//   GET_EARLIEST_MSG_STORETIME (32)  request topic queueId bname?            response timestamp
// None has a body.

import { defineHeader, h, type HeaderType } from '../header.js';

export const SearchOffsetRequestHeader = defineHeader('SearchOffsetRequestHeader', {
  topic: h.str(),
  queueId: h.int(),
  timestamp: h.long(),
  bname: h.optStr(),
});
export type SearchOffsetRequest = HeaderType<typeof SearchOffsetRequestHeader>;

export const SearchOffsetResponseHeader = defineHeader('SearchOffsetResponseHeader', { offset: h.long() });

// The three lookups that name only a queue share one field list.
const queueFields = { topic: h.str(), queueId: h.int(), bname: h.optStr() };

export const GetMaxOffsetRequestHeader = defineHeader('GetMaxOffsetRequestHeader', queueFields);
export type GetMaxOffsetRequest = HeaderType<typeof GetMaxOffsetRequestHeader>;
export const GetMaxOffsetResponseHeader = defineHeader('GetMaxOffsetResponseHeader', { offset: h.long() });

export const GetMinOffsetRequestHeader = defineHeader('GetMinOffsetRequestHeader', queueFields);
export type GetMinOffsetRequest = HeaderType<typeof GetMinOffsetRequestHeader>;
export const GetMinOffsetResponseHeader = defineHeader('GetMinOffsetResponseHeader', { offset: h.long() });

export const GetEarliestMsgStoretimeRequestHeader = defineHeader('GetEarliestMsgStoretimeRequestHeader', queueFields);
export type GetEarliestMsgStoretimeRequest = HeaderType<typeof GetEarliestMsgStoretimeRequestHeader>;
export const GetEarliestMsgStoretimeResponseHeader = defineHeader('GetEarliestMsgStoretimeResponseHeader', { timestamp: h.long() });
