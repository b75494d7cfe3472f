// Our client against a broker with autoCreateTopicEnable=false, ours and Apache RocketMQ's (one
// cluster each): a send to a missing topic fails with Java's clear error; a topic created through
// UPDATE_AND_CREATE_TOPIC; ordered sends with a selector keep each order on one queue and an orderly
// consumer sees each order in sequence, from its queue; and the pull consumer: queues, offsets,
// pulls, blocking pulls, committed offsets.

import assert from 'node:assert/strict';
import { Producer } from '../../src/client/producer/producer.js';
import { PushConsumer } from '../../src/client/consumer/push-consumer.js';
import { PullConsumer } from '../../src/client/consumer/pull-consumer.js';
import { PullStatus } from '../../src/client/consumer/pull-result.js';
import { Message } from '../../src/client/message/message.js';
import { ConsumeOrderlyStatus } from '../../src/client/consumer/listener.js';
import { selectMessageQueueByHash } from '../../src/client/producer/selectors.js';
import { MQClientError } from '../../src/common/errors.js';
import { setLogLevel } from '../../src/common/logger.js';
import { ConsumeFromWhere } from '../../src/remoting/protocol/consumer-types.js';
import { createTopicConfig } from '../../src/remoting/protocol/topic-config.js';
import { createSubscriptionGroupConfig } from '../../src/remoting/protocol/subscription-group.js';
import { testOnBothBrokers } from '../harness/clusters.js';
import { pollUntil } from '../harness/latch.js';

setLogLevel('error');

testOnBothBrokers('without auto-create: missing topic error, created topic, ordered sends and orderly consumption, pull consumer', {
  props: { autoCreateTopicEnable: false },
}, async (_t, c) => {
  const producer = c.own(new Producer({ producerGroup: 'it_order_pg', namesrvAddr: c.namesrvAddr }));
  await producer.start();

  // ---- a topic nobody created ----
  await assert.rejects(producer.send(new Message('ItNoSuchTopic', 'x')), (err: unknown) => {
    assert.ok(err instanceof MQClientError);
    assert.equal(err.message, `No route info of this topic: ItNoSuchTopic, name servers: ${c.namesrvAddr}`);
    return true;
  });

  // ---- create topic and group on the broker ----
  const topic = 'ItOrdered';
  const api = producer.instance.api;
  await api.createTopic(c.brokerAddr, 'TBW102', createTopicConfig(topic, { readQueueNums: 4, writeQueueNums: 4 }), 5000);
  await api.createSubscriptionGroup(c.brokerAddr, createSubscriptionGroupConfig('it_order_cg'), 5000);
  await pollUntil(
    async () => (await api.getTopicRouteInfoFromNameServer(topic, 3000).catch(() => undefined))?.queueDatas[0]?.writeQueueNums === 4,
    'the new topic route',
    15_000,
  );

  // ---- ordered sends ----
  const orders = ['order-1', 'order-2', 'order-3', 'order-4', 'order-5'];
  const queueOf = new Map<string, number>();
  for (let step = 0; step < 20; step++) {
    for (const order of orders) {
      const r = await producer.send(new Message(topic, `${order}:${step}`, { tags: 'Ord', keys: order }), {
        selector: selectMessageQueueByHash,
        arg: order,
      });
      const q = queueOf.get(order);
      if (q === undefined) queueOf.set(order, r.messageQueue.queueId);
      else assert.equal(r.messageQueue.queueId, q, `${order} stays on queue ${q}`);
    }
  }
  const seen = new Map<string, number[]>();
  const fromQueue = new Map<string, Set<number>>();
  let total = 0;
  const orderly = c.own(
    new PushConsumer({
      consumerGroup: 'it_order_cg',
      namesrvAddr: c.namesrvAddr,
      consumeFromWhere: ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET,
      consumeMessageBatchMaxSize: 3,
    }),
  );
  orderly.subscribe(topic, 'Ord');
  let failedOnce = false;
  orderly.registerMessageListenerOrderly((msgs) => {
    // The first batch is refused once: it must come back, in the same order, before anything after it.
    if (!failedOnce) {
      failedOnce = true;
      return ConsumeOrderlyStatus.SUSPEND_CURRENT_QUEUE_A_MOMENT;
    }
    for (const m of msgs) {
      const [order, step] = m.body.toString().split(':') as [string, string];
      const list = seen.get(order) ?? [];
      list.push(Number(step));
      seen.set(order, list);
      fromQueue.set(order, (fromQueue.get(order) ?? new Set()).add(m.queueId));
      total++;
    }
    return ConsumeOrderlyStatus.SUCCESS;
  });
  await orderly.start();
  await pollUntil(() => total >= 100, `100 ordered messages (${total})`, 30_000);
  for (const order of orders) {
    assert.deepEqual(seen.get(order), Array.from({ length: 20 }, (_, i) => i), `${order} in order`);
    assert.deepEqual([...fromQueue.get(order)!], [queueOf.get(order)], `${order} consumed from its queue`);
  }
  // The orderly consumer holds the broker locks of its queues.
  const locked = await api.lockBatchMQ(c.brokerAddr, {
    consumerGroup: 'it_order_cg',
    clientId: orderly.instance.clientId,
    mqSet: await producer.fetchPublishMessageQueues(topic),
  }, 3000);
  assert.equal(locked.length, 4);

  // ---- pull consumer ----
  const puller = c.own(new PullConsumer({ consumerGroup: 'it_pull_cg', namesrvAddr: c.namesrvAddr }));
  await puller.start();
  const mqs = await puller.fetchSubscribeMessageQueues(topic);
  assert.deepEqual(mqs.map((m) => m.queueId), [0, 1, 2, 3]);
  const mq = mqs.find((m) => m.queueId === queueOf.get('order-1'))!;
  const max = await puller.maxOffset(mq);
  assert.ok(max >= 20);
  assert.equal(await puller.minOffset(mq), 0);
  const firstPull = await puller.pull(mq, '*', 0, 8);
  assert.equal(firstPull.pullStatus, PullStatus.FOUND);
  assert.equal(firstPull.msgFoundList.length, 8);
  assert.equal(firstPull.nextBeginOffset, 8);
  assert.deepEqual(firstPull.msgFoundList.map((m) => m.queueOffset), [0, 1, 2, 3, 4, 5, 6, 7]);
  assert.equal(firstPull.maxOffset, max);
  // Search by time finds a message stored at that millisecond (several may share it: any of them).
  const storeTime = firstPull.msgFoundList[3]!.storeTimestamp;
  const atTime = await puller.pull(mq, '*', await puller.searchOffset(mq, storeTime), 1);
  assert.equal(atTime.msgFoundList[0]?.storeTimestamp, storeTime);
  assert.equal(await puller.earliestMsgStoreTime(mq), firstPull.msgFoundList[0]!.storeTimestamp);
  const none = await puller.pull(mq, 'NoSuchTag', 0, 8);
  assert.ok(none.msgFoundList.length === 0, 'a tag nobody sent matches nothing');
  const atEnd = await puller.pull(mq, '*', max, 8);
  assert.equal(atEnd.pullStatus, PullStatus.NO_NEW_MSG);
  // A blocking pull returns as soon as a message arrives.
  const waiting = puller.pullBlockIfNotFound(mq, '*', max, 8);
  await producer.send(new Message(topic, 'late', { tags: 'Ord' }), { mq });
  const late = await waiting;
  assert.equal(late.pullStatus, PullStatus.FOUND);
  assert.equal(late.msgFoundList[0]!.body.toString(), 'late');
  // Offsets: none committed yet. A broker answers 0 (not QUERY_NOT_FOUND) for a group that never
  // committed while the queue still starts at offset 0 in memory (Java's rule, which ours keeps), so
  // a new group's CONSUME_FROM_LAST_OFFSET starts from the beginning of such a queue.
  assert.equal(await puller.fetchConsumeOffset(mq, true), 0);
  await puller.commitConsumeOffset(mq, 8);
  assert.equal(await puller.fetchConsumeOffset(mq, true), 8);
  puller.updateConsumeOffset(mq, 9);
  await puller.persistConsumerOffset();
  await pollUntil(async () => (await puller.fetchConsumeOffset(mq, true)) === 9, 'the persisted offset', 5000);
  // viewMessage by offset id.
  const viewed = await puller.viewMessage(firstPull.msgFoundList[0]!.offsetMsgId);
  assert.equal(viewed.body.toString(), firstPull.msgFoundList[0]!.body.toString());
});
