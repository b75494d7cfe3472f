// Turning a message into a SEND_MESSAGE_V2 / SEND_BATCH_MESSAGE request (the header part of
// DefaultMQProducerImpl.sendKernelImpl): unique id, compression with its sysFlag bits, the
// prepared-transaction bit, the properties string, and the retry-topic fields.
//   batch body = *( totalSize i32 | magic i32 (0) | bodyCRC i32 (0) | flag i32 | bodyLength i32
//                   | body | propertiesLength i16 | properties )

import { compressBody, compressedSysFlag } from '../../common/message/compression.js';
import { encodeBatch } from '../../common/message/batch-codec.js';
import { MessageConst, RETRY_GROUP_TOPIC_PREFIX } from '../../common/message/message-const.js';
import { MessageSysFlag } from '../../common/message/sysflag.js';
import { createUniqId } from '../../common/message/unique-id.js';
import type { SendMessageRequest } from '../../remoting/protocol/send.js';
import type { MessageQueue } from '../../remoting/protocol/message-queue.js';
import { type Message, messagePropertiesToString } from '../message/message.js';
import type { ResolvedProducerSettings } from './producer-config.js';

const UNIQ_KEY = MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX;

/** MessageClientIDSetter.setUniqID: a message keeps the id it was first given. */
export function setUniqID(msg: Message): string {
  let id = msg.properties.get(UNIQ_KEY);
  if (id === undefined) {
    id = createUniqId();
    msg.properties.set(UNIQ_KEY, id);
  }
  return id;
}

/** What one send puts on the wire. */
export interface EncodedSend {
  header: SendMessageRequest;
  body: Uint8Array;
  /** UNIQ_KEY of the message, or the comma-joined keys of a batch. */
  uniqMsgId: string;
}

/** A single message. The body is compressed when it reaches the threshold; `msg` is not changed except for its UNIQ_KEY. */
export function encodeSend(msg: Message, mq: MessageQueue, s: ResolvedProducerSettings, unitMode: boolean): EncodedSend {
  const uniqMsgId = setUniqID(msg);
  let body = msg.body;
  let sysFlag = 0;
  if (body.length >= s.compressMsgBodyOverHowmuch) {
    body = compressBody(body, s.compressType, s.compressLevel);
    sysFlag = compressedSysFlag(sysFlag, s.compressType);
  }
  const props = msg.properties;
  if (props.get(MessageConst.PROPERTY_TRANSACTION_PREPARED) === 'true') sysFlag |= MessageSysFlag.TRANSACTION_PREPARED_TYPE;
  const header: SendMessageRequest = {
    producerGroup: s.producerGroup,
    topic: msg.topic,
    defaultTopic: s.createTopicKey,
    defaultTopicQueueNums: s.defaultTopicQueueNums,
    queueId: mq.queueId,
    sysFlag,
    bornTimestamp: Date.now(),
    flag: msg.flag,
    properties: messagePropertiesToString(props),
    reconsumeTimes: 0,
    unitMode,
    batch: false,
    bname: mq.brokerName,
  };
  if (msg.topic.startsWith(RETRY_GROUP_TOPIC_PREFIX)) {
    // The properties string above still carries both; the header gets them as fields too.
    const reconsume = props.get(MessageConst.PROPERTY_RECONSUME_TIME);
    if (reconsume !== undefined) {
      header.reconsumeTimes = Number.parseInt(reconsume, 10);
      props.delete(MessageConst.PROPERTY_RECONSUME_TIME);
    }
    const maxReconsume = props.get(MessageConst.PROPERTY_MAX_RECONSUME_TIMES);
    if (maxReconsume !== undefined) {
      header.maxReconsumeTimes = Number.parseInt(maxReconsume, 10);
      props.delete(MessageConst.PROPERTY_MAX_RECONSUME_TIMES);
    }
  }
  return { header, body, uniqMsgId };
}

/** A batch (MessageBatch): every message gets its own unique id; the header carries only WAIT. */
export function encodeBatchSend(msgs: readonly Message[], mq: MessageQueue, s: ResolvedProducerSettings, unitMode: boolean): EncodedSend {
  const ids: string[] = [];
  const entries = msgs.map((m) => {
    ids.push(setUniqID(m));
    return { flag: m.flag, body: m.body, propertiesString: messagePropertiesToString(m.properties) };
  });
  const first = msgs[0]!;
  const header: SendMessageRequest = {
    producerGroup: s.producerGroup,
    topic: first.topic,
    defaultTopic: s.createTopicKey,
    defaultTopicQueueNums: s.defaultTopicQueueNums,
    queueId: mq.queueId,
    sysFlag: 0,
    bornTimestamp: Date.now(),
    flag: 0,
    properties: `${MessageConst.PROPERTY_WAIT_STORE_MSG_OK}\u0001${first.waitStoreMsgOK}`,
    reconsumeTimes: 0,
    unitMode,
    batch: true,
    bname: mq.brokerName,
  };
  return { header, body: encodeBatch(entries), uniqMsgId: ids.join(',') };
}
