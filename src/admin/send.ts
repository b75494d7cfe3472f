// Sending from mqadmin (sendMessage, sendMsgStatus, clusterRT, queryMsgById -s): a producer with the
// admin's name servers and signature, started for the command and shut down after it.

import { Producer } from '../client/producer/producer.js';
import { Message } from '../client/message/message.js';
import type { MessageExt } from '../client/message/message-ext.js';
import type { SendResult } from '../client/producer/send-result.js';
import type { MessageQueue } from '../remoting/protocol/message-queue.js';
import { MessageConst } from '../common/message/message-const.js';
import type { AdminExt } from './admin-ext.js';

export async function withProducer<T>(admin: AdminExt, group: string, fn: (p: Producer) => Promise<T>, unitName?: string): Promise<T> {
  const p = new Producer({
    producerGroup: group,
    namesrvAddr: admin.nameServerAddressList,
    instanceName: `${group}_${Date.now()}`,
    ...(admin.config.rpcHook ? { rpcHook: admin.config.rpcHook } : {}),
    ...(unitName ? { unitName } : {}),
  });
  await p.start();
  try {
    return await fn(p);
  } finally {
    await p.shutdown();
  }
}

export interface SendMessageArgs {
  topic: string;
  body: string;
  keys?: string;
  tags?: string;
  /** With queueId: send to this queue of this broker. */
  brokerName?: string;
  queueId?: number;
}

/** sendMessage: one message, to the queue named or to one the producer picks. */
export function sendOne(admin: AdminExt, a: SendMessageArgs): Promise<SendResult> {
  const msg = new Message(a.topic, a.body, { ...(a.tags ? { tags: a.tags } : {}), ...(a.keys ? { keys: a.keys } : {}) });
  const mq: MessageQueue | undefined = a.brokerName !== undefined && a.queueId !== undefined
    ? { topic: a.topic, brokerName: a.brokerName, queueId: a.queueId }
    : undefined;
  return withProducer(admin, String(Date.now()), (p) => p.send(msg, mq ? { mq } : {}));
}

/** queryMsgById -s true: the stored message sent again, with its properties (a new unique key). */
export function resendMessage(admin: AdminExt, m: MessageExt, unitName?: string): Promise<SendResult> {
  const msg = new Message(m.topic, m.body, { flag: m.flag });
  for (const [k, v] of m.properties) {
    if (
      k === MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX || k === MessageConst.PROPERTY_MIN_OFFSET ||
      k === MessageConst.PROPERTY_MAX_OFFSET || k === MessageConst.PROPERTY_CLUSTER
    ) continue;
    msg.properties.set(k, v);
  }
  return withProducer(admin, 'ReSendMsgById', (p) => p.send(msg), unitName);
}
