// Our producer and push consumer against a name server and broker, ours and Apache RocketMQ's (one
// cluster each for the file): sync, async, oneway, compressed and batch sends, all consumed by a
// clustering consumer from the first offset; a tag expression delivering exactly its tags; and
// the same in the ROCKETMQ serialize type over the VIP channel. Messages are checked field by field
// as received.

import assert from 'node:assert/strict';
import { Producer } from '../../src/client/producer/producer.js';
import { PushConsumer } from '../../src/client/consumer/push-consumer.js';
import { Message } from '../../src/client/message/message.js';
import type { MessageExt } from '../../src/client/message/message-ext.js';
import { ConsumeConcurrentlyStatus } from '../../src/client/consumer/listener.js';
import { type SendResult, SendStatus } from '../../src/client/producer/send-result.js';
import { setLogLevel } from '../../src/common/logger.js';
import { ConsumeFromWhere } from '../../src/remoting/protocol/consumer-types.js';
import { type Cluster, testOnBothBrokers } from '../harness/clusters.js';
import { pollUntil } from '../harness/latch.js';

setLogLevel('error');

async function producer(
  c: Cluster,
  group: string,
  extra: Partial<ConstructorParameters<typeof Producer>[0] & object> = {},
): Promise<Producer> {
  const p = c.own(new Producer({ producerGroup: group, namesrvAddr: c.namesrvAddr, ...extra }));
  await p.start();
  return p;
}

/** A consumer collecting what it receives, by body. */
async function collector(c: Cluster, group: string, topic: string, expr: string, extra: Record<string, unknown> = {}) {
  const got = new Map<string, MessageExt>();
  const consumer = c.own(
    new PushConsumer({
      consumerGroup: group,
      namesrvAddr: c.namesrvAddr,
      consumeFromWhere: ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET,
      ...extra,
    }),
  );
  consumer.subscribe(topic, expr);
  consumer.registerMessageListener((msgs) => {
    for (const m of msgs) got.set(m.body.toString('utf8'), m.detach());
    return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
  });
  await consumer.start();
  return { consumer, got };
}

function checkResult(r: SendResult, topic: string, c: Cluster): void {
  assert.equal(r.sendStatus, SendStatus.SEND_OK);
  assert.match(r.msgId, /^([0-9A-F]{32}|[0-9A-F]{56})$/);
  // Offset ids name the broker's store host: 127.0.0.1 and its port.
  assert.ok(r.offsetMsgId.startsWith('7F000001' + c.brokerPort.toString(16).toUpperCase().padStart(8, '0')), r.offsetMsgId);
  assert.equal(r.messageQueue.topic, topic);
  assert.equal(r.messageQueue.brokerName, c.brokerName);
  assert.ok(r.queueOffset >= 0);
}

testOnBothBrokers('sends and consumption', {}, async (t, c) => {
  await t.test('sync, async, oneway, compressed and batch sends are all consumed from the first offset; tags filter exactly', () =>
    sendsAndTags(c));
  await t.test('the ROCKETMQ serialize type and the VIP channel work end to end', () => rocketmqAndVip(c));
});

async function sendsAndTags(c: Cluster): Promise<void> {
  const topic = 'ItSendConsume';
  const p = await producer(c, 'it_send_pg');
  const tags = ['TagA', 'TagB', 'TagC'];
  const expected = new Map<string, { tag: string }>();
  const results: SendResult[] = [];

  for (let i = 0; i < 30; i++) {
    const body = `sync ${i}`;
    const r = await p.send(new Message(topic, body, { tags: tags[i % 3], keys: [`k${i}`, 'all'], properties: { seq: String(i) } }));
    checkResult(r, topic, c);
    results.push(r);
    expected.set(body, { tag: tags[i % 3]! });
  }
  let callbacks = 0;
  await Promise.all(Array.from({ length: 30 }, (_, i) => {
    const body = `async ${i}`;
    expected.set(body, { tag: tags[i % 3]! });
    return p.sendAsync(new Message(topic, body, { tags: tags[i % 3] }), {
      callback: { onSuccess: () => callbacks++, onException: () => undefined },
    })
      .then((r) => checkResult(r, topic, c));
  }));
  assert.equal(callbacks, 30);
  for (let i = 0; i < 30; i++) {
    const body = `oneway ${i}`;
    expected.set(body, { tag: tags[i % 3]! });
    await p.sendOneway(new Message(topic, body, { tags: tags[i % 3] }));
  }
  const big = 'big ' + 'x'.repeat(8000);
  checkResult(await p.send(new Message(topic, big, { tags: 'TagA' })), topic, c);
  expected.set(big, { tag: 'TagA' });
  const batch = [0, 1, 2].map((i) => new Message(topic, `batch ${i}`, { tags: 'TagB' }));
  const br = await p.send(batch, { mq: results[0]!.messageQueue });
  assert.equal(br.msgId.split(',').length, 3);
  assert.equal(br.offsetMsgId.split(',').length, 3);
  for (let i = 0; i < 3; i++) expected.set(`batch ${i}`, { tag: 'TagB' });
  // Unique ids differ per message and offsets grow per queue.
  assert.equal(new Set(results.map((r) => r.msgId)).size, results.length);

  const all = await collector(c, 'it_all_cg', topic, '*');
  await pollUntil(() => all.got.size >= expected.size, `all ${expected.size} messages (got ${all.got.size})`, 30_000);
  assert.deepEqual([...all.got.keys()].sort(), [...expected.keys()].sort());
  for (const [body, m] of all.got) {
    assert.equal(m.tags, expected.get(body)!.tag, body);
    assert.equal(m.topic, topic);
    assert.equal(m.brokerName, c.brokerName);
    assert.equal(m.reconsumeTimes, 0);
    assert.match(m.bornHost, /^127\.0\.0\.1:\d+$/);
  }
  const first = all.got.get('sync 7')!;
  assert.equal(first.keys, 'k7 all');
  assert.equal(first.getUserProperty('seq'), '7');
  assert.equal(first.msgId, results[7]!.msgId);
  assert.equal(first.offsetMsgId, results[7]!.offsetMsgId);
  assert.equal(first.getProperty('CLUSTER'), c.clusterName);
  assert.equal(all.got.get(big)!.sysFlag & 0x1, 1, 'stored compressed');
  assert.equal(all.got.get(big)!.body.toString(), big);

  // A tag expression: exactly TagA and TagB arrive. A TagB sentinel sent last to every queue shows
  // that everything before it was pulled (and filtered) by the time it arrives.
  const mqs = await p.fetchPublishMessageQueues(topic);
  for (const mq of mqs) await p.send(new Message(topic, `sentinel ${mq.queueId}`, { tags: 'TagB' }), { mq });
  const ab = await collector(c, 'it_ab_cg', topic, 'TagA || TagB');
  const wanted = [...[...expected].filter(([, v]) => v.tag !== 'TagC').map(([k]) => k), ...mqs.map((mq) => `sentinel ${mq.queueId}`)]
    .sort();
  await pollUntil(() => mqs.every((mq) => ab.got.has(`sentinel ${mq.queueId}`)), 'the sentinel of every queue', 30_000);
  assert.deepEqual([...ab.got.keys()].sort(), wanted);
  assert.ok([...ab.got.values()].every((m) => m.tags === 'TagA' || m.tags === 'TagB'));
}

async function rocketmqAndVip(c: Cluster): Promise<void> {
  const topic = 'ItRocketmqHeaders';
  const p = await producer(c, 'it_rmq_pg', { serializeType: 'ROCKETMQ', vipChannelEnabled: true });
  for (let i = 0; i < 20; i++) checkResult(await p.send(new Message(topic, `m${i}`, { tags: 'T' })), topic, c);
  // The sends went to listenPort - 2 (the broker's fast/VIP listener).
  const conns = [...(p.instance.invoker.remoting as unknown as { conns: Map<string, unknown> }).conns.keys()];
  assert.ok(conns.includes(`127.0.0.1:${c.brokerPort - 2}`), `connections: ${conns.join(', ')}`);
  const rc = await collector(c, 'it_rmq_cg', topic, '*', { serializeType: 'ROCKETMQ' });
  await pollUntil(() => rc.got.size >= 20, `20 messages (got ${rc.got.size})`, 30_000);
  assert.deepEqual([...rc.got.keys()].sort(), Array.from({ length: 20 }, (_, i) => `m${i}`).sort());
}
