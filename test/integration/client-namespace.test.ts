// Namespaces end to end on our broker: clients with namespace ns1 use ns1%<topic> and
// ns1%<group> on the broker (checked with the admin API, which has no namespace) while their users
// see the plain names: the producer's results, queues and selectors, the push consumer's messages
// and its retry topic %RETRY%ns1%<group>, the pull and lite pull consumers' queues, messages and
// offsets. And Apache RocketMQ's Java client with the same namespace talks to ours (on Node only).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AdminExt } from '../../src/admin/admin-ext.js';
import { LitePullConsumer } from '../../src/client/consumer/lite-pull-consumer.js';
import { ConsumeConcurrentlyStatus } from '../../src/client/consumer/listener.js';
import { PullConsumer } from '../../src/client/consumer/pull-consumer.js';
import { PullStatus } from '../../src/client/consumer/pull-result.js';
import { PushConsumer } from '../../src/client/consumer/push-consumer.js';
import type { MessageExt } from '../../src/client/message/message-ext.js';
import { Message } from '../../src/client/message/message.js';
import { Producer } from '../../src/client/producer/producer.js';
import { setLogLevel } from '../../src/common/logger.js';
import { runtimeName } from '../../src/common/runtime.js';
import { ConsumeFromWhere } from '../../src/remoting/protocol/consumer-types.js';
import type { MessageQueue } from '../../src/remoting/protocol/message-queue.js';
import { startOurCluster } from '../harness/clusters.js';
import { type JavaRun, requireReferees, runJavaClient } from '../harness/java.js';
import { pollUntil } from '../harness/latch.js';

setLogLevel('error');

const NS = 'ns1';
const TOPIC = 'NsTopic';
const COUNT = 8;

function summary(r: JavaRun): string {
  return `exit ${r.code}\n${r.stdout.slice(-1500)}\n${r.stderr.slice(-1500)}`;
}

test('namespaces: ns1%name on the broker, plain names for the user; a Java client with the same namespace interoperates', async (t) => {
  const c = await startOurCluster(t);
  const admin = new AdminExt({ namesrvAddr: c.namesrvAddr }).start();
  t.after(() => admin.shutdown());
  const producer = c.own(new Producer({ producerGroup: 'ns_pg', namesrvAddr: c.namesrvAddr, namespace: NS }));
  await producer.start();
  assert.equal(producer.groupName, 'ns1%ns_pg');

  await t.test('producer: the topic is ns1%NsTopic on the broker; results, queues and selectors name NsTopic', async () => {
    const first = new Message(TOPIC, 'm-0', { tags: 'A' });
    const r = await producer.send(first);
    assert.equal(r.messageQueue.topic, TOPIC);
    assert.equal(first.topic, TOPIC, "the caller's message keeps its topic");
    assert.equal(first.getProperty('INSTANCE_ID'), NS, 'as Java, the send marks the message with its namespace');
    const topics = await admin.fetchAllTopicList();
    assert.ok(topics.includes('ns1%NsTopic') && !topics.includes(TOPIC), topics.join(','));
    assert.equal((await admin.instance.admin.viewMessage(r.offsetMsgId)).topic, 'ns1%NsTopic', "stored under the broker's name");
    assert.equal((await producer.viewMessage(r.offsetMsgId)).topic, TOPIC, "shown under the user's");

    const mqs = await producer.fetchPublishMessageQueues(TOPIC);
    assert.ok(mqs.length > 0 && mqs.every((mq) => mq.topic === TOPIC));
    let offered: readonly MessageQueue[] = [];
    const viaSelector = await producer.send(new Message(TOPIC, 'm-1'), {
      selector: (queues, msg) => {
        offered = queues;
        assert.equal(msg.topic, TOPIC);
        return queues[queues.length - 1]!;
      },
    });
    assert.ok(offered.every((mq) => mq.topic === TOPIC));
    assert.deepEqual(viaSelector.messageQueue, offered[offered.length - 1]);
    const viaQueue = await producer.send(new Message(TOPIC, 'm-2'), { mq: mqs[0]! });
    assert.deepEqual(viaQueue.messageQueue, mqs[0]);
    const asyncResult = await producer.sendAsync(new Message(TOPIC, 'm-3'));
    assert.equal(asyncResult.messageQueue.topic, TOPIC);
    const batch = await producer.send([new Message(TOPIC, 'm-4'), new Message(TOPIC, 'm-5')]);
    assert.equal(batch.messageQueue.topic, TOPIC);
    await producer.sendOneway(new Message(TOPIC, 'm-6'));
    await producer.send(new Message(TOPIC, 'm-7'));
    await pollUntil(async () => {
      const stats = await admin.examineTopicStats('ns1%NsTopic');
      return [...stats.values()].reduce((n, o) => n + o.maxOffset, 0) === COUNT;
    }, `${COUNT} messages in ns1%NsTopic`);
  });

  const expected = Array.from({ length: COUNT }, (_, i) => `m-${i}`);

  await t.test('push consumer: group ns1%ns_cg, messages show NsTopic, a retry goes through %RETRY%ns1%ns_cg', async () => {
    const consumer = c.own(
      new PushConsumer({
        consumerGroup: 'ns_cg',
        namesrvAddr: c.namesrvAddr,
        namespace: NS,
        consumeFromWhere: ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET,
      }),
    );
    consumer.subscribe(TOPIC, '*');
    const seen: MessageExt[] = [];
    let refused = false;
    consumer.registerMessageListener((msgs, ctx) => {
      seen.push(...msgs.map((m) => m.detach()));
      if (!refused && msgs.some((m) => m.body.toString() === 'm-0')) {
        refused = true;
        ctx.delayLevelWhenNextConsume = 1;
        return ConsumeConcurrentlyStatus.RECONSUME_LATER;
      }
      return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
    });
    await consumer.start();
    assert.equal(consumer.groupName, 'ns1%ns_cg');
    await pollUntil(
      () => seen.some((m) => m.body.toString() === 'm-0' && m.reconsumeTimes === 1),
      'm-0 again, from the retry topic',
      30_000,
    );
    await pollUntil(() => expected.every((b) => seen.some((m) => m.body.toString() === b)), 'every message');
    assert.deepEqual([...new Set(seen.map((m) => m.topic))], [TOPIC], "the listener sees the user's topic, retried messages too");
    const retry = await admin.examineTopicStats('%RETRY%ns1%ns_cg');
    assert.ok([...retry.values()].some((o) => o.maxOffset > 0), 'the refused message went to %RETRY%ns1%ns_cg');
    const retried = seen.find((m) => m.reconsumeTimes === 1)!;
    assert.equal(retried.getProperty('RETRY_TOPIC'), 'ns1%NsTopic');
    await pollUntil(async () => {
      await consumer.persistConsumerOffset(true);
      const progress = await admin.examineConsumeStats('ns1%ns_cg', 'ns1%NsTopic');
      return [...progress.offsetTable.values()].reduce((n, w) => n + w.consumerOffset, 0) === COUNT;
    }, "the group's offsets under ns1%ns_cg and ns1%NsTopic");
  });

  await t.test('pull consumer: queues and messages show NsTopic, offsets belong to ns1%ns_pull_cg', async () => {
    const consumer = c.own(new PullConsumer({ consumerGroup: 'ns_pull_cg', namesrvAddr: c.namesrvAddr, namespace: NS }));
    await consumer.start();
    const mqs = await consumer.fetchSubscribeMessageQueues(TOPIC);
    assert.ok(mqs.every((mq) => mq.topic === TOPIC));
    const bodies: string[] = [];
    for (const mq of mqs) {
      const r = await consumer.pull(mq, '*', 0, 32);
      if (r.pullStatus !== PullStatus.FOUND) continue;
      assert.ok(r.msgFoundList.every((m) => m.topic === TOPIC));
      bodies.push(...r.msgFoundList.map((m) => m.body.toString()));
      await consumer.commitConsumeOffset(mq, r.nextBeginOffset);
      const stored = await consumer.instance.api.queryConsumerOffset(
        c.brokerAddr,
        { consumerGroup: 'ns1%ns_pull_cg', topic: 'ns1%NsTopic', queueId: mq.queueId },
        3000,
      );
      assert.equal(stored, r.nextBeginOffset);
    }
    assert.deepEqual(bodies.sort(), expected);
  });

  await t.test("lite pull consumer: subscribe, poll, assignment, seek and commits by the user's names", async () => {
    const consumer = c.own(
      new LitePullConsumer({
        consumerGroup: 'ns_lite_cg',
        namesrvAddr: c.namesrvAddr,
        namespace: NS,
        autoCommit: false,
        consumeFromWhere: ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET,
      }),
    );
    consumer.subscribe(TOPIC);
    await consumer.start();
    const got: MessageExt[] = [];
    await pollUntil(
      async () => {
        got.push(...await consumer.poll(200));
        return got.length >= COUNT;
      },
      'every message',
      20_000,
      0,
    );
    assert.deepEqual(got.map((m) => m.body.toString()).sort(), expected);
    assert.ok(got.every((m) => m.topic === TOPIC));
    const held = consumer.assignment();
    assert.ok(held.length > 0 && held.every((mq) => mq.topic === TOPIC));
    await consumer.commit(held, true);
    const progress = await admin.examineConsumeStats('ns1%ns_lite_cg', 'ns1%NsTopic');
    assert.equal([...progress.offsetTable.values()].reduce((n, w) => n + w.consumerOffset, 0), COUNT);
    const q = got[0]!;
    const mq = { topic: q.topic, brokerName: q.brokerName, queueId: q.queueId };
    await consumer.seek(mq, q.queueOffset);
    const again = await consumer.poll(5000);
    assert.equal(again[0]?.body.toString(), q.body.toString(), "seek by the user's queue name");
    assert.equal(await consumer.committed(mq), progress.offsetTable.get(consumer.config.queueWithNamespace(mq))!.consumerOffset);
  });

  if (runtimeName === 'node') {
    await t.test('Java client with namespace ns1: its messages reach ours and ours reach it, both under ns1', async (st) => {
      if (!requireReferees(st, 'client')) return;
      const env = { NAMESRV_ADDR: c.namesrvAddr };
      const p = await runJavaClient('mqtest.QuickProducer', ['-count', '10', '-topic', 'JavaNsTopic', '-group', 'java_ns_pg', '-ns', NS], {
        env,
      });
      assert.equal(p.code, 0, summary(p));
      assert.match(
        p.stdout,
        /messageQueue=MessageQueue \[topic=JavaNsTopic, brokerName=broker-ours/,
        'Java shows its user the plain topic',
      );
      assert.ok((await admin.fetchAllTopicList()).includes('ns1%JavaNsTopic'));
      const lite = c.own(
        new LitePullConsumer({
          consumerGroup: 'ns_java_in_cg',
          namesrvAddr: c.namesrvAddr,
          namespace: NS,
          consumeFromWhere: ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET,
        }),
      );
      lite.subscribe('JavaNsTopic');
      await lite.start();
      const got: MessageExt[] = [];
      await pollUntil(
        async () => {
          got.push(...await lite.poll(200));
          return got.length >= 10;
        },
        "the Java producer's messages",
        20_000,
        0,
      );
      assert.deepEqual(
        got.map((m) => m.body.toString()).sort(),
        Array.from({ length: 10 }, (_, i) => `Hello RocketMQ ${i}`).sort(),
      );
      assert.ok(got.every((m) => m.topic === 'JavaNsTopic' && m.getProperty('INSTANCE_ID') === NS));

      const j = await runJavaClient('mqtest.QuickConsumer', [
        '-expect',
        String(COUNT),
        '-timeout',
        '60',
        '-topic',
        TOPIC,
        '-group',
        'java_ns_cg',
        '-ns',
        NS,
      ], { env });
      assert.equal(j.code, 0, summary(j));
      assert.match(j.stdout, new RegExp(`^TOPICS ${TOPIC}$`, 'm'), 'the Java listener sees the plain topic');
      assert.match(j.stdout, new RegExp(`^SUMMARY consumed=${COUNT} expected=${COUNT}$`, 'm'));
      const progress = await admin.examineConsumeStats('ns1%java_ns_cg', 'ns1%NsTopic');
      assert.ok(progress.offsetTable.size > 0, 'the Java group is ns1%java_ns_cg on the broker');
    });
  }
});
