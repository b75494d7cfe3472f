// Redelivery and broadcasting against Apache RocketMQ's broker (one cluster, delay levels of 1 s so
// retries come back fast): a listener answering RECONSUME_LATER sees the message again through the
// group's retry topic with reconsumeTimes >= 1 and its real topic; two consumers of a group split
// the queues, and the one left takes them all when the other leaves; broadcasting consumers each get
// every message and keep their offsets in Java's local file, so a restart resumes where they stopped.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { Producer } from '../../src/client/producer/producer.js';
import { PushConsumer } from '../../src/client/consumer/push-consumer.js';
import { Message } from '../../src/client/message/message.js';
import type { MessageExt } from '../../src/client/message/message-ext.js';
import { ConsumeConcurrentlyStatus } from '../../src/client/consumer/listener.js';
import { decodeOffsetFile } from '../../src/client/consumer/local-offset-store.js';
import { setLogLevel } from '../../src/common/logger.js';
import { ConsumeFromWhere, MessageModel } from '../../src/remoting/protocol/consumer-types.js';
import { requireReferees, startJavaBroker, startJavaNamesrv } from '../harness/java.js';
import { pollUntil } from '../harness/latch.js';
import { tmpDir } from '../harness/tmp.js';

setLogLevel('error');

const FAST_DELAYS = Array.from({ length: 18 }, () => '1s').join(' ');

test('Java broker: RECONSUME_LATER redelivers through %RETRY% with reconsumeTimes >= 1; a group splits and re-takes queues; broadcasting keeps local offsets', async (t) => {
  if (!requireReferees(t, 'server')) return;
  const ns = await startJavaNamesrv(t);
  await startJavaBroker(t, ns.addr, { messageDelayLevel: FAST_DELAYS });
  const producer = new Producer({ producerGroup: 'it_retry_pg', namesrvAddr: ns.addr });
  await producer.start();
  t.after(() => producer.shutdown());

  // ---- retry ----
  const topic = 'ItRetry';
  const sent = await producer.send(new Message(topic, 'fail me once', { tags: 'T', keys: 'retry-key' }));
  const deliveries: MessageExt[] = [];
  const consumer = new PushConsumer({
    consumerGroup: 'it_retry_cg',
    namesrvAddr: ns.addr,
    consumeFromWhere: ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET,
  });
  consumer.subscribe(topic, '*');
  consumer.registerMessageListener((msgs) => {
    for (const m of msgs) deliveries.push(m.detach());
    return deliveries.length === 1 ? ConsumeConcurrentlyStatus.RECONSUME_LATER : ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
  });
  await consumer.start();
  t.after(() => consumer.shutdown());
  await pollUntil(() => deliveries.length >= 2, 'the message to be delivered again', 30_000);
  const [first, again] = deliveries as [MessageExt, MessageExt];
  assert.equal(first.reconsumeTimes, 0);
  assert.ok(again.reconsumeTimes >= 1, `reconsumeTimes ${again.reconsumeTimes}`);
  assert.equal(again.body.toString(), 'fail me once');
  assert.equal(again.topic, topic, 'the real topic, not %RETRY%');
  assert.equal(again.msgId, sent.msgId, 'the same unique id');
  assert.equal(again.keys, 'retry-key');
  assert.equal(again.getProperty('RETRY_TOPIC'), topic);
  assert.ok(again.getProperty('ORIGIN_MESSAGE_ID'));
  assert.equal(first.topic, topic);

  // ---- two clustering consumers share the queues; the one left takes them all ----
  const ctopic = 'ItCluster';
  const startMember = async (instanceName: string, got: Set<string>) => {
    const c = new PushConsumer({
      consumerGroup: 'it_cluster_cg',
      namesrvAddr: ns.addr,
      instanceName,
      consumeFromWhere: ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET,
    });
    c.subscribe(ctopic, '*');
    c.registerMessageListener((msgs) => {
      for (const m of msgs) got.add(m.body.toString());
      return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
    });
    await c.start();
    return c;
  };
  await producer.send(new Message(ctopic, 'create'));
  const gotA = new Set<string>();
  const gotB = new Set<string>();
  const a = await startMember('memberA', gotA);
  const b = await startMember('memberB', gotB);
  t.after(() => a.shutdown());
  const queuesOf = (c: PushConsumer) =>
    c.rebalance.processQueueTable.keys().filter((mq) => mq.topic === ctopic).map((mq) => mq.queueId).sort();
  await pollUntil(() => queuesOf(a).length === 2 && queuesOf(b).length === 2, `two queues each (${queuesOf(a)} / ${queuesOf(b)})`, 30_000);
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
    const c = new PushConsumer({
      consumerGroup: 'it_bc_cg',
      namesrvAddr: ns.addr,
      instanceName,
      messageModel: MessageModel.BROADCASTING,
      consumeFromWhere: ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET,
      localOffsetStoreDir: dir,
    });
    c.subscribe(btopic, '*');
    c.registerMessageListener((msgs) => {
      for (const m of msgs) got.add(m.body.toString());
      return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
    });
    await c.start();
    return { c, got };
  };
  const one = await start('bc1');
  const two = await start('bc2');
  await pollUntil(
    () => one.got.size === 10 && two.got.size === 10,
    `both consumers to get all 10 (${one.got.size}, ${two.got.size})`,
    30_000,
  );
  const mqs = await one.c.instance.admin.fetchSubscribeMessageQueues(btopic);
  const max = new Map(await Promise.all(mqs.map(async (mq) => [mq.queueId, await one.c.instance.admin.maxOffset(mq)] as const)));
  await pollUntil(
    () => mqs.every((mq) => one.c.cloneOffsetTable(btopic).get(mq) === max.get(mq.queueId)),
    'consumed offsets at the end of every queue',
    10_000,
  );
  const clientId = one.c.instance.clientId;
  assert.match(clientId, /@bc1$/, 'broadcasting keeps the instance name (no pid#nanotime)');
  await one.c.shutdown();
  await two.c.shutdown();
  const file = `${dir}/${clientId}/it_bc_cg/offsets.json`;
  const stored = decodeOffsetFile(fs.readFileSync(file, 'utf8'));
  for (const mq of mqs) assert.equal(stored.get(mq), max.get(mq.queueId), `stored offset of queue ${mq.queueId}`);
  assert.match(fs.readFileSync(file, 'utf8'), /^\{\n\t"offsetTable":\{\{\n\t\t\t"brokerName":"broker-java",/);

  // Restarted with the same instance name: nothing old again, only what is new.
  const again1 = await start('bc1');
  t.after(() => again1.c.shutdown());
  for (let i = 0; i < 5; i++) await producer.send(new Message(btopic, `new${i}`));
  await pollUntil(() => again1.got.size >= 5, `the 5 new messages (${again1.got.size})`, 30_000);
  assert.deepEqual([...again1.got].sort(), ['new0', 'new1', 'new2', 'new3', 'new4']);
  // Its offsets file lives in `dir`, whose removal hook runs before the one above.
  await again1.c.shutdown();
});
