// Request/reply messages:
//   SEND_REPLY_MESSAGE (324), SEND_REPLY_MESSAGE_V2 (325)  responder -> broker: the send header of
//       send.ts (V1 names, or V2's a..n) and the reply body; answered like a send (msgId queueId
//       queueOffset, TRACE_ON, MSG_REGION), or SYSTEM_ERROR when the requester cannot be reached
//   PUSH_REPLY_MESSAGE_TO_CLIENT (326)  broker -> requester, on the requester's own connection:
//       producerGroup topic defaultTopic defaultTopicQueueNums queueId sysFlag bornTimestamp flag
//       properties? reconsumeTimes? unitMode bornHost storeHost storeTimestamp; body: the reply body
//       as the responder sent it (compressed when sysFlag says so). bornHost and storeHost are
//       "ip:port" (Java writes the IP without brackets).

import { defineHeader, h, type HeaderType } from '../header.js';
import { SendMessageRequestHeader } from './send.js';

// The send header's fields up to unitMode, in the same order, then the hosts and the store time.
const { batch: _batch, maxReconsumeTimes: _max, bname: _bname, ...sendFields } = SendMessageRequestHeader.spec;

export const ReplyMessageRequestHeader = defineHeader('ReplyMessageRequestHeader', {
  ...sendFields,
  bornHost: h.str(),
  storeHost: h.str(),
  storeTimestamp: h.longOr(0),
});
export type ReplyMessageRequest = HeaderType<typeof ReplyMessageRequestHeader>;
