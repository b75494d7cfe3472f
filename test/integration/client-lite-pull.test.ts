// The lite pull consumer against our broker and Apache RocketMQ's (the Java one on Node only):
// subscribe mode, where two consumers of a group split the queues and every message arrives once
// across the rebalance; assign mode with poll timeouts, seek (and its errors), seekToBegin/End,
// pause/resume and offsetForTimestamp; and commits: none without autoCommit until commitSync, what
// poll() returned once autoCommit's interval passed, visible on the broker once persisted.

import assert from 'node:assert/strict';
import { AdminExt } from '../../src/admin/admin-ext.js';
import { LitePullConsumer } from '../../src/client/consumer/lite-pull-consumer.js';
import type { LitePullConsumerOptions } from '../../src/client/consumer/lite-pull-config.js';
import type { MessageExt } from '../../src/client/message/message-ext.js';
import { Message } from '../../src/client/message/message.js';
import { Producer } from '../../src/client/producer/producer.js';
import { MQClientError } from '../../src/common/errors.js';
import { setLogLevel } from '../../src/common/logger.js';
import { ConsumeFromWhere } from '../../src/remoting/protocol/consumer-types.js';
import { type MessageQueue, mqKey } from '../../src/remoting/protocol/message-queue.js';
import { createTopicConfig } from '../../src/remoting/protocol/topic-config.js';
import { testOnBothBrokers } from '../harness/clusters.js';
import { pollUntil } from '../harness/latch.js';

setLogLevel('error');

const SUB_TOPIC = 'LiteSub';
const ASSIGN_TOPIC = 'LiteAssign';

/** Polls `consumers` together until `count` messages came (or the deadline passes); each message with the consumer that got it. */
async function pollAll(consumers: LitePullConsumer[], count: number, what: string): Promise<Array<[number, MessageExt]>> {
  const got: Array<[number, MessageExt]> = [];
  await pollUntil(
    async () => {
      const batches = await Promise.all(consumers.map((c) => c.poll(200)));
      batches.forEach((msgs, i) => msgs.forEach((m) => got.push([i, m])));
      return got.length >= count;
    },
    `${what} (${got.length} of ${count})`,
    30_000,
    0,
  );
  return got;
}

const bodies = (msgs: Array<[number, MessageExt]> | MessageExt[]) => msgs.map((e) => (Array.isArray(e) ? e[1] : e).body.toString()).sort();

testOnBothBrokers('lite pull consumer: subscribe and rebalance, assign, seek, pause, commits', { javaOnNodeOnly: true }, async (t, c) => {
  const producer = c.own(new Producer({ producerGroup: 'lite_pg', namesrvAddr: c.namesrvAddr }));
  await producer.start();
  const api = producer.instance.api;
  for (const topic of [SUB_TOPIC, ASSIGN_TOPIC]) {
    await api.createTopic(c.brokerAddr, 'TBW102', createTopicConfig(topic, { readQueueNums: 4, writeQueueNums: 4 }), 5000);
  }
  await pollUntil(
    async () => (await api.getTopicRouteInfoFromNameServer(ASSIGN_TOPIC, 3000).catch(() => undefined))?.queueDatas[0]?.readQueueNums === 4,
    'the topic routes',
    15_000,
  );
  const admin = new AdminExt({ namesrvAddr: c.namesrvAddr }).start();
  t.after(() => admin.shutdown());
  const lite = (group: string, extra: Partial<LitePullConsumerOptions> = {}) =>
    c.own(new LitePullConsumer({ consumerGroup: group, namesrvAddr: c.namesrvAddr, ...extra }));

  await t.test('subscribe: two consumers split the queues, and each message arrives once across the rebalance', async () => {
    const group = 'lite_sub_cg';
    const a = lite(group, { autoCommit: false, consumeFromWhere: ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET });
    a.subscribe(SUB_TOPIC, '*');
    await a.start();
    await pollUntil(() => a.assignment().length === 4, 'the first consumer to hold every queue', 20_000);
    const first = Array.from({ length: 40 }, (_, i) => `first-${i}`);
    for (const b of first) await producer.send(new Message(SUB_TOPIC, b));
    const got1 = await pollAll([a], 40, 'the first batch');
    assert.deepEqual(bodies(got1), [...first].sort(), 'every message of the first batch, once');
    assert.ok(got1.every(([, m]) => m.topic === SUB_TOPIC));

    // What the first consumer polled is committed and on the broker before the group grows.
    await a.commit(a.assignment(), true);
    const stats = await admin.examineConsumeStats(group, SUB_TOPIC);
    const wrappers = [...stats.offsetTable.values()];
    assert.equal(wrappers.reduce((n, w) => n + w.consumerOffset, 0), 40, 'the committed offsets add up to the first batch');
    assert.ok(wrappers.every((w) => w.consumerOffset === w.brokerOffset));

    const told: MessageQueue[][] = [];
    const b = lite(group, { autoCommit: false, consumeFromWhere: ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET });
    b.subscribe(SUB_TOPIC, '*', (topic, _all, mine) => {
      assert.equal(topic, SUB_TOPIC);
      told.push(mine);
    });
    await b.start();
    await pollUntil(() => a.assignment().length === 2 && b.assignment().length === 2, 'the queues to split two and two', 30_000);
    const held = new Set([...a.assignment(), ...b.assignment()].map(mqKey));
    assert.equal(held.size, 4, 'no queue is held twice');
    assert.deepEqual(told.at(-1)!.map(mqKey).sort(), b.assignment().map(mqKey).sort(), 'the listener was told the new share');

    const second = Array.from({ length: 40 }, (_, i) => `second-${i}`);
    for (const m of second) await producer.send(new Message(SUB_TOPIC, m));
    const got2 = await pollAll([a, b], 40, 'the second batch');
    assert.deepEqual(bodies(got2), [...second].sort(), 'every message of the second batch, once, and nothing of the first again');
    const owners = [new Set(a.assignment().map(mqKey)), new Set(b.assignment().map(mqKey))];
    for (const [i, m] of got2) assert.ok(owners[i]!.has(mqKey({ topic: m.topic, brokerName: m.brokerName, queueId: m.queueId })));
    assert.ok(got2.some(([i]) => i === 0) && got2.some(([i]) => i === 1), 'both consumers got messages');
  });

  await t.test('assign: poll timeout, seek and its errors, seekToBegin/End, pause/resume, offsetForTimestamp, commits', async () => {
    const group = 'lite_assign_cg';
    const consumer = lite(group, { autoCommit: false, pullBatchSize: 4 });
    await consumer.start();
    const mqs = (await consumer.fetchMessageQueues(ASSIGN_TOPIC)).sort((x, y) => x.queueId - y.queueId);
    assert.deepEqual(mqs.map((q) => q.queueId), [0, 1, 2, 3]);
    const [q0, q1, q2] = mqs as [MessageQueue, MessageQueue, MessageQueue];
    consumer.assign([q0, q1]);
    assert.throws(() => consumer.subscribe(ASSIGN_TOPIC), /Subscribe and assign are mutually exclusive/);

    // Empty queues: poll waits its timeout and returns nothing.
    const began = Date.now();
    assert.deepEqual(await consumer.poll(400), []);
    assert.ok(Date.now() - began >= 380, 'poll waited for its timeout');

    const sent: string[] = [];
    for (let i = 0; i < 10; i++) {
      for (const [q, name] of [[q0, 'q0'], [q1, 'q1']] as const) {
        await producer.send(new Message(ASSIGN_TOPIC, `${name}-${i}`), { mq: q });
        sent.push(`${name}-${i}`);
      }
    }
    // A new group's queues start at 0 while their first message is in the broker's memory (its min-offset-0 rule).
    assert.deepEqual(bodies(await pollAll([consumer], 20, 'both queues')), sent.sort());

    await consumer.seekToBegin(q0);
    const fromQ0 = (await pollAll([consumer], 10, 'queue 0 from its beginning')).map(([, m]) => m);
    assert.deepEqual(fromQ0.map((m) => m.queueOffset), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.ok(fromQ0.every((m) => m.queueId === q0.queueId && m.topic === ASSIGN_TOPIC));

    await consumer.seek(q1, 5);
    const fromQ1 = (await pollAll([consumer], 5, 'queue 1 from offset 5')).map(([, m]) => m);
    assert.deepEqual(fromQ1.map((m) => m.body.toString()), ['q1-5', 'q1-6', 'q1-7', 'q1-8', 'q1-9']);

    await assert.rejects(consumer.seek(q0, 11), (err: unknown) => {
      assert.ok(err instanceof MQClientError);
      assert.equal(err.message, 'Seek offset illegal, seek offset = 11, min offset = 0, max offset = 10');
      return true;
    });
    await assert.rejects(consumer.seek(q2, 0), (err: unknown) => {
      assert.ok(err instanceof MQClientError);
      const name = `MessageQueue [topic=${ASSIGN_TOPIC}, brokerName=${c.brokerName}, queueId=${q2.queueId}]`;
      assert.equal(err.message, `The message queue is not in assigned list, message queue: ${name}`);
      return true;
    });

    // offsetForTimestamp: before the first message the first offset; a message's own store time finds a message stored then.
    assert.equal(await consumer.offsetForTimestamp(q0, 0), 0);
    const m4 = fromQ0[4]!;
    const at = await consumer.offsetForTimestamp(q0, m4.storeTimestamp);
    assert.equal(fromQ0[at]!.storeTimestamp, m4.storeTimestamp);
    assert.equal(await consumer.offsetForTimestamp(q0, fromQ0[9]!.storeTimestamp + 3_600_000), 9, 'after the last: the last');

    await consumer.seekToEnd(q0);
    await producer.send(new Message(ASSIGN_TOPIC, 'q0-after-end'), { mq: q0 });
    assert.deepEqual(bodies(await pollAll([consumer], 1, 'the message sent after seekToEnd')), ['q0-after-end']);

    // A paused queue hands out nothing, even what its pull already had in flight, until it is resumed.
    consumer.pause([q0]);
    await producer.send(new Message(ASSIGN_TOPIC, 'paused-q0'), { mq: q0 });
    await producer.send(new Message(ASSIGN_TOPIC, 'running-q1'), { mq: q1 });
    assert.deepEqual(bodies(await pollAll([consumer], 1, 'the message of the running queue')), ['running-q1']);
    assert.deepEqual(await consumer.poll(600), [], 'nothing of the paused queue');
    consumer.resume([q0]);
    assert.deepEqual(bodies(await pollAll([consumer], 1, 'the message of the resumed queue')), ['paused-q0']);

    // Without autoCommit, polling commits nothing: the group still stands where it started (0)...
    const onBroker = (q: MessageQueue) =>
      api.queryConsumerOffset(c.brokerAddr, { consumerGroup: group, topic: ASSIGN_TOPIC, queueId: q.queueId }, 3000);
    assert.equal(await consumer.committed(q0), 0);
    await consumer.persistConsumerOffset(true);
    assert.equal(await onBroker(q0), 0);
    // ...until commitSync; persisting takes it to the broker.
    await consumer.commitSync();
    assert.equal(await consumer.committed(q0), 12);
    assert.equal(await consumer.committed(q1), 11);
    await consumer.commitSync([[q1, 7]], true);
    assert.equal(await consumer.committed(q1), 7);
    assert.equal(await onBroker(q0), 12);
    assert.equal(await onBroker(q1), 7);
    // Java's lite pull consumers name their client instance ...@STREAM (enableStreamRequestType).
    assert.match(consumer.instance.clientId, /@STREAM$/);
  });

  await t.test('autoCommit: what poll() returned is committed by a later poll() once the interval passed', async () => {
    const group = 'lite_auto_cg';
    const consumer = lite(group, { autoCommitIntervalMillis: 1000, consumeFromWhere: ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET });
    await consumer.start();
    const q3 = (await consumer.fetchMessageQueues(ASSIGN_TOPIC)).find((q) => q.queueId === 3)!;
    for (let i = 0; i < 5; i++) await producer.send(new Message(ASSIGN_TOPIC, `auto-${i}`), { mq: q3 });
    consumer.assign([q3]);
    assert.deepEqual(bodies(await pollAll([consumer], 5, 'queue 3')), ['auto-0', 'auto-1', 'auto-2', 'auto-3', 'auto-4']);
    await pollUntil(
      async () => {
        await consumer.poll(100);
        return (await consumer.committed(q3)) === 5;
      },
      'the auto-commit',
      15_000,
      0,
    );
    await consumer.persistConsumerOffset(true);
    const stats = await admin.examineConsumeStats(group, ASSIGN_TOPIC);
    const w = [...stats.offsetTable].find(([mq]) => mq.queueId === 3)![1];
    assert.equal(w.consumerOffset, 5);
    assert.equal(w.brokerOffset, 5);
  });
});
