// Redelivery and broadcasting with our client against a broker, ours and Apache RocketMQ's (one
// cluster each, delay levels of 1 s so retries come back fast): a listener answering RECONSUME_LATER
// sees the message again through the group's retry topic with reconsumeTimes 1 and its real topic,
// and one that always fails is delivered exactly maxReconsumeTimes + 1 times, then lands in the
// group's %DLQ% topic; two consumers of a group split the queues, and the one left takes them all
// when the other leaves; broadcasting consumers each get every message and keep their offsets in
// Java's local file, so a restart resumes where they stopped.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { Producer } from '../../src/client/producer/producer.js';
import { PushConsumer } from '../../src/client/consumer/push-consumer.js';
import { PullConsumer } from '../../src/client/consumer/pull-consumer.js';
import { PullStatus } from '../../src/client/consumer/pull-result.js';
import { Message } from '../../src/client/message/message.js';
import type { MessageExt } from '../../src/client/message/message-ext.js';
import { ConsumeConcurrentlyStatus } from '../../src/client/consumer/listener.js';
import { decodeOffsetFile } from '../../src/client/consumer/local-offset-store.js';
import { setLogLevel } from '../../src/common/logger.js';
import { ConsumeFromWhere, MessageModel } from '../../src/remoting/protocol/consumer-types.js';
import { testOnBothBrokers } from '../harness/clusters.js';
import { pollUntil } from '../harness/latch.js';
import { tmpDir } from '../harness/tmp.js';

setLogLevel('error');

const FAST_DELAYS = Array.from({ length: 18 }, () => '1s').join(' ');

testOnBothBrokers(
  'RECONSUME_LATER redelivers through %RETRY%, maxReconsumeTimes ends in %DLQ%; a group splits and re-takes queues; broadcasting keeps local offsets',
  { props: { messageDelayLevel: FAST_DELAYS } },
  async (t, c) => {
    const producer = c.own(new Producer({ producerGroup: 'it_retry_pg', namesrvAddr: c.namesrvAddr }));
    await producer.start();

    // ---- retry, then the dead-letter queue ----
    const topic = 'ItRetry';
    const once = await producer.send(new Message(topic, 'fail me once', { tags: 'T', keys: 'retry-key' }));
    const always = await producer.send(new Message(topic, 'fail me always', { tags: 'T', keys: 'dead-key' }));
    const deliveries = new Map<string, MessageExt[]>();
    const consumer = c.own(
      new PushConsumer({
        consumerGroup: 'it_retry_cg',
        namesrvAddr: c.namesrvAddr,
        consumeFromWhere: ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET,
        maxReconsumeTimes: 2,
      }),
    );
    consumer.subscribe(topic, '*');
    consumer.registerMessageListener((msgs) => {
      let status: ConsumeConcurrentlyStatus = ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
      for (const m of msgs) {
        const body = m.body.toString();
        const seen = deliveries.get(body) ?? [];
        seen.push(m.detach());
        deliveries.set(body, seen);
        if (body === 'fail me always' || seen.length === 1) status = ConsumeConcurrentlyStatus.RECONSUME_LATER;
      }
      return status;
    });
    await consumer.start();
    await pollUntil(() => (deliveries.get('fail me once')?.length ?? 0) >= 2, 'the message to be delivered again', 30_000);
    const [first, again] = deliveries.get('fail me once') as [MessageExt, MessageExt];
    assert.equal(first.reconsumeTimes, 0);
    assert.equal(again.reconsumeTimes, 1);
    assert.equal(again.body.toString(), 'fail me once');
    assert.equal(again.topic, topic, 'the real topic, not %RETRY%');
    assert.equal(again.msgId, once.msgId, 'the same unique id');
    assert.equal(again.keys, 'retry-key');
    assert.equal(again.getProperty('RETRY_TOPIC'), topic);
    assert.ok(again.getProperty('ORIGIN_MESSAGE_ID'));
    assert.equal(first.topic, topic);

    // Refused at reconsumeTimes 0, 1 and 2, the message goes to %DLQ%it_retry_cg on the third refusal.
    const dlqTopic = '%DLQ%it_retry_cg';
    const puller = c.own(new PullConsumer({ consumerGroup: 'it_dlq_reader', namesrvAddr: c.namesrvAddr }));
    await puller.start();
    const dlq = await pollUntil(
      async () => {
        const [mq] = await puller.fetchSubscribeMessageQueues(dlqTopic).catch(() => []);
        const r = mq && (await puller.pull(mq, '*', 0, 8));
        return r?.pullStatus === PullStatus.FOUND ? r.msgFoundList : undefined;
      },
      'the message in the dead-letter queue',
      30_000,
      200,
    );
    assert.deepEqual(dlq.map((m) => [m.body.toString(), m.keys, m.msgId, m.reconsumeTimes]), [[
      'fail me always',
      'dead-key',
      always.msgId,
      3,
    ]]);
    assert.equal(dlq[0]!.getProperty('RETRY_TOPIC'), topic);
    assert.deepEqual(deliveries.get('fail me always')!.map((m) => m.reconsumeTimes), [0, 1, 2], 'delivered maxReconsumeTimes + 1 times');
    assert.deepEqual(deliveries.get('fail me once')!.map((m) => m.reconsumeTimes), [0, 1], 'a consumed message is not delivered again');

    // ---- two clustering consumers share the queues; the one left takes them all ----
    const ctopic = 'ItCluster';
    const startMember = async (instanceName: string, got: Set<string>) => {
      const member = c.own(
        new PushConsumer({
          consumerGroup: 'it_cluster_cg',
          namesrvAddr: c.namesrvAddr,
          instanceName,
          consumeFromWhere: ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET,
        }),
      );
      member.subscribe(ctopic, '*');
      member.registerMessageListener((msgs) => {
        for (const m of msgs) got.add(m.body.toString());
        return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
      });
      await member.start();
      return member;
    };
    await producer.send(new Message(ctopic, 'create'));
    const gotA = new Set<string>();
    const gotB = new Set<string>();
    const a = await startMember('memberA', gotA);
    const b = await startMember('memberB', gotB);
    const queuesOf = (member: PushConsumer) =>
      member.rebalance.processQueueTable.keys().filter((mq) => mq.topic === ctopic).map((mq) => mq.queueId).sort();
    await pollUntil(
      () => queuesOf(a).length === 2 && queuesOf(b).length === 2,
      `two queues each (${queuesOf(a)} / ${queuesOf(b)})`,
      30_000,
    );
    assert.deepEqual([...queuesOf(a), ...queuesOf(b)].sort(), [0, 1, 2, 3]);
    for (let i = 0; i < 40; i++) await producer.send(new Message(ctopic, `c${i}`));
    await pollUntil(() => new Set([...gotA, ...gotB].filter((x) => x !== 'create')).size === 40, 'all 40 between the two', 30_000);
    assert.ok(gotA.size > 0 && gotB.size > 0, 'both consumed some');
    await b.shutdown();
    // The broker tells memberA the group changed (NOTIFY_CONSUMER_IDS_CHANGED): it rebalances at once.
    await pollUntil(() => queuesOf(a).length === 4, `memberA to take every queue (${queuesOf(a)})`, 15_000);
    for (let i = 40; i < 60; i++) await producer.send(new Message(ctopic, `c${i}`));
    await pollUntil(
      () => Array.from({ length: 20 }, (_, i) => `c${i + 40}`).every((x) => gotA.has(x)),
      'memberA to get the 20 sent after memberB left',
      30_000,
    );

    // ---- broadcasting ----
    const btopic = 'ItBroadcast';
    const dir = tmpDir('mq-bc-offsets-', t);
    for (let i = 0; i < 10; i++) await producer.send(new Message(btopic, `b${i}`));
    const start = async (instanceName: string) => {
      const got = new Set<string>();
      const bc = c.own(
        new PushConsumer({
          consumerGroup: 'it_bc_cg',
          namesrvAddr: c.namesrvAddr,
          instanceName,
          messageModel: MessageModel.BROADCASTING,
          consumeFromWhere: ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET,
          localOffsetStoreDir: dir,
        }),
      );
      bc.subscribe(btopic, '*');
      bc.registerMessageListener((msgs) => {
        for (const m of msgs) got.add(m.body.toString());
        return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
      });
      await bc.start();
      return { bc, got };
    };
    const one = await start('bc1');
    const two = await start('bc2');
    await pollUntil(
      () => one.got.size === 10 && two.got.size === 10,
      `both consumers to get all 10 (${one.got.size}, ${two.got.size})`,
      30_000,
    );
    const mqs = await one.bc.instance.admin.fetchSubscribeMessageQueues(btopic);
    const max = new Map(await Promise.all(mqs.map(async (mq) => [mq.queueId, await one.bc.instance.admin.maxOffset(mq)] as const)));
    await pollUntil(
      () => mqs.every((mq) => one.bc.cloneOffsetTable(btopic).get(mq) === max.get(mq.queueId)),
      'consumed offsets at the end of every queue',
      10_000,
    );
    const clientId = one.bc.instance.clientId;
    assert.match(clientId, /@bc1$/, 'broadcasting keeps the instance name (no pid#nanotime)');
    await one.bc.shutdown();
    await two.bc.shutdown();
    const file = `${dir}/${clientId}/it_bc_cg/offsets.json`;
    const stored = decodeOffsetFile(fs.readFileSync(file, 'utf8'));
    for (const mq of mqs) assert.equal(stored.get(mq), max.get(mq.queueId), `stored offset of queue ${mq.queueId}`);
    assert.ok(fs.readFileSync(file, 'utf8').startsWith(`{\n\t"offsetTable":{{\n\t\t\t"brokerName":"${c.brokerName}",`), "Java's layout");

    // Restarted with the same instance name: nothing old again, only what is new.
    const again1 = await start('bc1');
    for (let i = 0; i < 5; i++) await producer.send(new Message(btopic, `new${i}`));
    await pollUntil(() => again1.got.size >= 5, `the 5 new messages (${again1.got.size})`, 30_000);
    assert.deepEqual([...again1.got].sort(), ['new0', 'new1', 'new2', 'new3', 'new4']);
  },
);
