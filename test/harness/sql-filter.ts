// What the SQL92 filter integration tests share, against our broker or Apache RocketMQ's: a mixed
// batch of messages with properties a and b (some without a, one whose a is not a number), the
// expression and the same rule written in plain code, a push consumer that collects what it is
// given, and a pull consumer that reads every queue of a topic to its end with a selector.

import assert from 'node:assert/strict';
import { ConsumeConcurrentlyStatus } from '../../src/client/consumer/listener.js';
import { MessageSelector } from '../../src/client/consumer/message-selector.js';
import { PullConsumer } from '../../src/client/consumer/pull-consumer.js';
import { PullStatus } from '../../src/client/consumer/pull-result.js';
import { PushConsumer } from '../../src/client/consumer/push-consumer.js';
import type { MessageExt } from '../../src/client/message/message-ext.js';
import { Message } from '../../src/client/message/message.js';
import type { Producer } from '../../src/client/producer/producer.js';
import { ConsumeFromWhere } from '../../src/remoting/protocol/consumer-types.js';
import type { MessageQueue } from '../../src/remoting/protocol/message-queue.js';
import type { TestContextLike } from './servers.js';

export const EXPR = "a BETWEEN 3 AND 5 AND b = 'x'";

/** What EXPR means, for a message's properties. */
export function wanted(props: ReadonlyMap<string, string> | Record<string, string | undefined>): boolean {
  const get = (k: string) => (props instanceof Map ? props.get(k) : (props as Record<string, string | undefined>)[k]);
  const a = get('a');
  if (a === undefined || !/^\d+$/.test(a)) return false;
  return Number(a) >= 3 && Number(a) <= 5 && get('b') === 'x';
}

/** A malformed expression and the remark Java's broker answers for it (checked in test/unit/filter/sql-cases.ts). */
export const BAD_EXPR = 'a BETWEEN 1 2';
export const BAD_EXPR_REMARK =
  'org.apache.rocketmq.filter.parser.ParseException: Encountered " <DECIMAL_LITERAL> "2 "" at line 1, column 13.\nWas expecting:\n    "AND" ...\n    ';

export interface SentMessage {
  body: string;
  props: Record<string, string>;
}

/** 40 messages with a = i % 7 and b = x or y, then one without a, one with a = "four", one without either. */
export function mixedBatch(prefix: string): SentMessage[] {
  const out: SentMessage[] = [];
  for (let i = 0; i < 40; i++) out.push({ body: `${prefix}${i}`, props: { a: String(i % 7), b: i % 3 === 1 ? 'y' : 'x' } });
  out.push({ body: `${prefix}-no-a`, props: { b: 'x' } }, { body: `${prefix}-four`, props: { a: 'four', b: 'x' } });
  out.push({ body: `${prefix}-none`, props: {} });
  return out;
}

export async function sendAll(producer: Producer, topic: string, msgs: readonly SentMessage[], mq?: MessageQueue): Promise<void> {
  for (const m of msgs) {
    const r = await producer.send(new Message(topic, m.body, { tags: 'TagA', properties: m.props }), mq ? { mq } : {});
    assert.equal(r.sendStatus, 'SEND_OK');
  }
}

export function wantedBodies(msgs: readonly SentMessage[]): string[] {
  return msgs.filter((m) => wanted(m.props)).map((m) => m.body).sort();
}

export interface Collected {
  consumer: PushConsumer;
  messages: MessageExt[];
  bodies(): Set<string>;
}

/**
 * A clustering push consumer from the first offset with `selector`; `listener` may answer
 * RECONSUME_LATER for a message (default: success). Shut down after the test.
 */
export async function collectingConsumer(
  t: TestContextLike,
  namesrvAddr: string,
  group: string,
  topic: string,
  selector: MessageSelector,
  listener: (m: MessageExt) => ConsumeConcurrentlyStatus = () => ConsumeConcurrentlyStatus.CONSUME_SUCCESS,
): Promise<Collected> {
  const consumer = new PushConsumer({ consumerGroup: group, namesrvAddr, consumeFromWhere: ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET });
  const messages: MessageExt[] = [];
  consumer.subscribe(topic, selector);
  consumer.registerMessageListener((msgs) => {
    let status: ConsumeConcurrentlyStatus = ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
    for (const m of msgs) {
      const kept = m.detach();
      messages.push(kept);
      if (listener(kept) === ConsumeConcurrentlyStatus.RECONSUME_LATER) status = ConsumeConcurrentlyStatus.RECONSUME_LATER;
    }
    return status;
  });
  await consumer.start();
  t.after(() => consumer.shutdown());
  return { consumer, messages, bodies: () => new Set(messages.map((m) => m.body.toString())) };
}

/** Every message of every queue of `topic` that `selector` lets through, read with plain pulls to the end. */
export async function pullAll(pc: PullConsumer, topic: string, selector: MessageSelector): Promise<MessageExt[]> {
  const out: MessageExt[] = [];
  for (const mq of await pc.fetchSubscribeMessageQueues(topic)) {
    const max = await pc.maxOffset(mq);
    let offset = 0;
    while (offset < max) {
      const r = await pc.pull(mq, selector, offset, 32);
      if (r.pullStatus === PullStatus.FOUND) out.push(...r.msgFoundList.map((m) => m.detach()));
      assert.ok(r.nextBeginOffset > offset || r.pullStatus === PullStatus.NO_NEW_MSG, `pull from ${offset} moved on`);
      if (r.pullStatus === PullStatus.NO_NEW_MSG) break;
      offset = r.nextBeginOffset;
    }
  }
  return out;
}

export { MessageSelector };
