// CONSUMER_SEND_MSG_BACK (36): a consumer returns a message it failed to consume, for redelivery
// through the retry topic (or the DLQ once maxReconsumeTimes is reached).
//   request   offset (commit-log offset of the message) group delayLevel (0: the broker picks
//             3 + reconsumeTimes; < 0: straight to the DLQ) originMsgId? originTopic? unitMode
//             maxReconsumeTimes? bname?
//   response  no header

import { defineHeader, h, type HeaderType } from '../header.js';

export const ConsumerSendMsgBackRequestHeader = defineHeader('ConsumerSendMsgBackRequestHeader', {
  offset: h.long(),
  group: h.str(),
  delayLevel: h.int(),
  originMsgId: h.optStr(),
  originTopic: h.optStr(),
  unitMode: h.boolOr(false),
  maxReconsumeTimes: h.optInt(),
  bname: h.optStr(),
});
export type ConsumerSendMsgBackRequest = HeaderType<typeof ConsumerSendMsgBackRequestHeader>;
