// Replies to requests (Java's MessageUtil and ClientRemotingProcessor.receiveReplyMessage). A
// responder turns the request it consumed into a reply with createReplyMessage and sends it with
// any producer: the reply goes to the request's cluster's reply topic and carries the request's
// CORRELATION_ID, REPLY_TO_CLIENT and TTL, with MSG_TYPE=reply, so the broker pushes it to the
// requester. The requester gets the pushed reply as a MessageExt (replyFromPush).

import { MQClientError } from '../../common/errors.js';
import { MessageConst } from '../../common/message/message-const.js';
import { putProperty } from '../../common/message/properties.js';
import { encodeMessage } from '../../common/message/record-codec.js';
import { encodeSocketAddress, parseSocketAddress } from '../../common/message/socket-address.js';
import type { ReplyMessageRequest } from '../../remoting/protocol/reply.js';
import { ClientErrorCode, getReplyTopic, MixAll } from '../mix-all.js';
import { decodeMessageExt } from './decode.js';
import { Message } from './message.js';
import type { MessageExt } from './message-ext.js';

/** What a reply needs of the request: a received message (MessageExt) or any message with its properties. */
export interface RequestMessageLike {
  getProperty(name: string): string | undefined;
}

/**
 * MessageUtil.createReplyMessage: the reply to `request` with `body`. The request must come from a
 * broker (it carries CLUSTER); otherwise CREATE_REPLY_MESSAGE_EXCEPTION, as in Java.
 */
export function createReplyMessage(request: RequestMessageLike | null | undefined, body: string | Uint8Array): Message {
  if (!request) {
    throw new MQClientError(ClientErrorCode.CREATE_REPLY_MESSAGE_EXCEPTION, 'create reply message fail, requestMessage cannot be null.');
  }
  const cluster = request.getProperty(MessageConst.PROPERTY_CLUSTER);
  if (cluster === undefined) {
    throw new MQClientError(
      ClientErrorCode.CREATE_REPLY_MESSAGE_EXCEPTION,
      `create reply message fail, requestMessage error, property[${MessageConst.PROPERTY_CLUSTER}] is null.`,
    );
  }
  const reply = new Message(getReplyTopic(cluster), body);
  // Java builds the reply with Message(), which has no WAIT property.
  reply.clearProperty(MessageConst.PROPERTY_WAIT_STORE_MSG_OK);
  reply.putProperty(MessageConst.PROPERTY_MESSAGE_TYPE, MixAll.REPLY_MESSAGE_FLAG);
  for (
    const name of [MessageConst.PROPERTY_CORRELATION_ID, MessageConst.PROPERTY_MESSAGE_REPLY_TO_CLIENT, MessageConst.PROPERTY_MESSAGE_TTL]
  ) {
    const v = request.getProperty(name);
    if (v !== undefined) reply.putProperty(name, v);
  }
  return reply;
}

/** MessageUtil.getReplyToClient: the client id a request's reply goes to. */
export function getReplyToClient(msg: RequestMessageLike): string | undefined {
  return msg.getProperty(MessageConst.PROPERTY_MESSAGE_REPLY_TO_CLIENT);
}

/** The 8- or 20-byte host field of "ip:port" (Java's bare IPv6 form included); 0.0.0.0:0 when it does not parse. */
function hostField(addr: string): Buffer {
  try {
    const a = parseSocketAddress(addr);
    return encodeSocketAddress(a.host, Number.isInteger(a.port) ? a.port : 0);
  } catch {
    return encodeSocketAddress('0.0.0.0', 0);
  }
}

/**
 * The reply a broker pushed (PUSH_REPLY_MESSAGE_TO_CLIENT) as a MessageExt, with ARRIVE_TIME set to
 * `arriveTime`. The body stays as sent (compressed when sysFlag says so) and is decompressed on
 * first read. Throws when the header cannot form a message (properties over 32767 bytes).
 */
export function replyFromPush(h: ReplyMessageRequest, body: Uint8Array | null | undefined, arriveTime: number): MessageExt {
  const record = encodeMessage({
    topic: h.topic,
    flag: h.flag,
    body: body ?? Buffer.alloc(0),
    propertiesString: putProperty(h.properties ?? '', MessageConst.PROPERTY_REPLY_MESSAGE_ARRIVE_TIME, String(arriveTime)),
    queueId: h.queueId,
    queueOffset: 0,
    commitLogOffset: 0,
    sysFlag: h.sysFlag,
    bornTimestamp: h.bornTimestamp,
    bornHostBytes: hostField(h.bornHost),
    storeTimestamp: h.storeTimestamp,
    storeHostBytes: hostField(h.storeHost),
    reconsumeTimes: h.reconsumeTimes ?? 0,
    preparedTransactionOffset: 0,
  });
  const m = decodeMessageExt(record);
  if (m === undefined) throw new MQClientError(-1, 'the pushed reply does not form a message');
  return m;
}
