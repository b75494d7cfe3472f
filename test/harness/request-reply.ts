// Helpers of the request/reply and trace tests: creating a topic and waiting until the name server
// routes it (a consumer that starts first would otherwise wait a whole rebalance period), a
// responder as RocketMQ's rpc example ResponseConsumer is (a push consumer answering every request
// with createReplyMessage through a second producer), shut down when the test ends, and a request
// whose requester has gone.

import assert from 'node:assert/strict';
import { ConsumeConcurrentlyStatus } from '../../src/client/consumer/listener.js';
import { PushConsumer } from '../../src/client/consumer/push-consumer.js';
import type { MessageExt } from '../../src/client/message/message-ext.js';
import { createReplyMessage } from '../../src/client/message/reply.js';
import { Message } from '../../src/client/message/message.js';
import { Producer } from '../../src/client/producer/producer.js';
import { RequestTimeoutError } from '../../src/client/producer/request-response.js';
import type { SendResult } from '../../src/client/producer/send-result.js';
import { ConsumeFromWhere } from '../../src/remoting/protocol/consumer-types.js';
import { createTopicConfig } from '../../src/remoting/protocol/topic-config.js';
import { pollUntil } from './latch.js';

interface After {
  after(fn: () => unknown): void;
}

/** Creates `topic` (4 queues) on the broker at `brokerAddr` through `producer`'s client and waits for its route. */
export async function createRoutedTopic(producer: Producer, brokerAddr: string, topic: string): Promise<void> {
  const api = producer.instance.api;
  await api.createTopic(brokerAddr, 'TBW102', createTopicConfig(topic, { readQueueNums: 4, writeQueueNums: 4 }), 5000);
  await pollUntil(
    async () => (await api.getTopicRouteInfoFromNameServer(topic, 3000).catch(() => undefined))?.queueDatas[0]?.writeQueueNums === 4,
    `the route of ${topic}`,
    20_000,
  );
}

/** A started producer, shut down after the test. */
export async function startedProducer(
  t: After,
  namesrvAddr: string,
  group: string,
  extra: Record<string, unknown> = {},
): Promise<Producer> {
  const p = new Producer({ producerGroup: group, namesrvAddr, ...extra });
  await p.start();
  t.after(() => p.shutdown());
  return p;
}

export interface Responder {
  consumer: PushConsumer;
  producer: Producer;
  /** The requests answered, in order. */
  requests: MessageExt[];
  replies: SendResult[];
  errors: unknown[];
}

/** Answers every request on `topic` with `answer(body)` (default "reply:<body>"), its clients in `clientOptions.namespace` if given. */
export async function startResponder(
  t: After,
  namesrvAddr: string,
  topic: string,
  group: string,
  answer: (body: string) => string = (b) => `reply:${b}`,
  clientOptions: { namespace?: string } = {},
): Promise<Responder> {
  const producer = await startedProducer(t, namesrvAddr, `${group}_reply_pg`, clientOptions);
  const consumer = new PushConsumer({
    ...clientOptions,
    consumerGroup: group,
    namesrvAddr,
    consumeFromWhere: ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET,
    pullTimeDelayMillsWhenException: 0,
  });
  const r: Responder = { consumer, producer, requests: [], replies: [], errors: [] };
  consumer.subscribe(topic, '*');
  consumer.registerMessageListener(async (msgs) => {
    for (const m of msgs) {
      r.requests.push(m.detach());
      try {
        r.replies.push(await producer.send(createReplyMessage(m, answer(m.body.toString('utf8'))), { timeout: 3000 }));
      } catch (err) {
        r.errors.push(err);
      }
    }
    return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
  });
  await consumer.start();
  t.after(() => consumer.shutdown());
  return r;
}

/**
 * A request sent to `topic` (which nobody answers) by a client that then shut down, as a responder
 * would consume it (found through `viewer` by its key), and the gone client's id.
 */
export async function requestOfGoneClient(
  t: After,
  namesrvAddr: string,
  viewer: Producer,
  topic: string,
  key: string,
): Promise<{ request: MessageExt; clientId: string }> {
  const gone = await startedProducer(t, namesrvAddr, `${key}_gone_pg`);
  const clientId = gone.instance.clientId;
  await gone.request(new Message(topic, 'are you there', { keys: key }), 300).then(
    () => assert.fail('nobody should answer'),
    (err: unknown) => assert.ok(err instanceof RequestTimeoutError, String(err)),
  );
  await gone.shutdown();
  const request = await pollUntil(
    async () => {
      const found = await viewer.instance.admin.queryMessage(topic, key, 1, 0, Date.now()).catch(() => []);
      return found[0];
    },
    'the stored request',
    20_000,
    100,
  );
  return { request, clientId };
}
