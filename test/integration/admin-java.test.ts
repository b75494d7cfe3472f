// `mq admin` and Apache RocketMQ, both ways:
//   - our CLI against Apache RocketMQ's name server and broker (4.9.7): clusterList, topicList,
//     topicRoute, topicStatus, consumerProgress and queryMsgById report the state the test built
//     (a topic created through `mq admin`, messages sent and consumed with our client);
//   - Apache's mqadmin (MQAdminStartup 4.9.8) against our name server and two brokers: clusterList,
//     topicStatus and consumerProgress are right, and print the same tables as `mq admin`.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Producer } from '../../src/client/producer/producer.js';
import { PushConsumer } from '../../src/client/consumer/push-consumer.js';
import { Message } from '../../src/client/message/message.js';
import { ConsumeConcurrentlyStatus } from '../../src/client/consumer/listener.js';
import type { SendResult } from '../../src/client/producer/send-result.js';
import { ConsumeFromWhere } from '../../src/remoting/protocol/consumer-types.js';
import { setLogLevel } from '../../src/common/logger.js';
import { pollUntil } from '../harness/latch.js';
import { requireReferees, runJavaAdmin, startJavaBroker, startJavaNamesrv } from '../harness/java.js';
import type { TestContextLike } from '../harness/servers.js';
import { type AdminRunner, adminRunner, startTwoBrokerCluster, tableRows } from '../harness/admin.js';

setLogLevel('error');

/** Sends `n` messages with keys to `topic` and consumes them all as `group`, committing the offsets. */
async function sendAndConsume(t: TestContextLike, namesrvAddr: string, topic: string, group: string, n: number): Promise<SendResult[]> {
  const p = new Producer({ producerGroup: `${group}_pg`, namesrvAddr });
  await p.start();
  t.after(() => p.shutdown());
  const results: SendResult[] = [];
  for (let i = 0; i < n; i++) results.push(await p.send(new Message(topic, `body ${i}`, { tags: 'TagJ', keys: `key${i}` })));
  const got = new Set<string>();
  const c = new PushConsumer({ consumerGroup: group, namesrvAddr, consumeFromWhere: ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET });
  c.subscribe(topic, '*');
  c.registerMessageListener((msgs) => {
    for (const m of msgs) got.add(m.body.toString());
    return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
  });
  await c.start();
  t.after(() => c.shutdown());
  await pollUntil(() => got.size >= n, `${n} messages consumed (got ${got.size})`, 60_000);
  await pollUntil(
    async () => {
      await c.persistConsumerOffset();
      return c.cloneOffsetTable(topic).size > 0;
    },
    'offsets committed',
    10_000,
    200,
  );
  return results;
}

/** consumerProgress -g until the group has caught up (offsets reach the brokers a moment after consumption). */
async function caughtUp(run: () => Promise<string | undefined>): Promise<string> {
  return pollUntil(
    async () => {
      const out = await run();
      return out !== undefined && /^Diff Total: 0$/m.test(out) ? out : undefined;
    },
    'the group to catch up',
    30_000,
    500,
  );
}

test("mq admin against Apache RocketMQ's name server and broker", async (t) => {
  if (!requireReferees(t, 'server')) return;
  const ns = await startJavaNamesrv(t);
  const broker = await startJavaBroker(t, ns.addr);
  const admin: AdminRunner = adminRunner(t, ns.addr);
  const topic = 'AdmJavaTopic';

  // A Java broker fails GET_BROKER_RUNTIME_INFO for its first seconds (no stats snapshot yet), and
  // clusterList then shows the row without figures, as mqadmin does: wait for the figures.
  const cluster = await pollUntil(
    async () => {
      const rows = tableRows(await admin.ok(['clusterList']), /^#Cluster Name +#Broker Name/);
      return rows[0]?.[4] === 'V4_9_7' ? rows : undefined;
    },
    "the Java broker's runtime figures",
    30_000,
    500,
  );
  assert.deepEqual(cluster.map((r) => r.slice(0, 5)), [['JavaCluster', 'broker-java', '0', broker.addr, 'V4_9_7']]);

  assert.match(
    await admin.ok(['updateTopic', '-b', broker.addr, '-t', topic, '-r', '4', '-w', '4']),
    new RegExp(`create topic to ${broker.addr} success\\.`),
  );
  const sent = await sendAndConsume(t, ns.addr, topic, 'AdmJavaGroup', 12);

  assert.ok((await admin.ok(['topicList'])).split('\n').includes(topic));
  const route = JSON.parse(await admin.ok(['topicRoute', '-t', topic, '--json'])) as {
    brokerDatas: Array<{ brokerName: string; brokerAddrs: Record<string, string> }>;
    queueDatas: Array<{ readQueueNums: number }>;
  };
  assert.deepEqual(route.brokerDatas.map((b) => [b.brokerName, b.brokerAddrs['0']]), [['broker-java', broker.addr]]);
  assert.equal(route.queueDatas[0]!.readQueueNums, 4);

  const status = tableRows(await admin.ok(['topicStatus', '-t', topic]), /^#Broker Name +#QID +#Min Offset +#Max Offset/);
  assert.deepEqual(status.map((r) => r[1]), ['0', '1', '2', '3']);
  assert.equal(status.reduce((s, r) => s + Number(r[3]), 0), 12);

  const progress = await caughtUp(async () => {
    const r = await admin.run(['consumerProgress', '-g', 'AdmJavaGroup']);
    return r.code === 0 ? r.stdout : undefined;
  });
  const rows = tableRows(progress, /^#Topic +#Broker Name/).filter((r) => r[0] === topic);
  assert.equal(rows.length, 4);
  assert.equal(rows.reduce((s, r) => s + Number(r[4]), 0), 12);
  const groups = tableRows(await admin.ok(['consumerProgress']), /^#Group +#Count/);
  assert.deepEqual(groups.find((r) => r[0] === 'AdmJavaGroup')?.slice(0, 5), ['AdmJavaGroup', '1', 'V4_9_8', 'PUSH', 'CLUSTERING']);

  const s3 = sent[3]!;
  const byId = await admin.ok(['queryMsgById', '-i', s3.offsetMsgId]);
  assert.match(byId, new RegExp(`^OffsetID: {12}${s3.offsetMsgId}$`, 'm'));
  assert.match(byId, new RegExp(`^Topic: {15}${topic}$`, 'm'));
  assert.match(byId, /^Keys: {16}\[key3\]$/m);
  assert.match(byId, new RegExp(`^Queue Offset: {8}${s3.queueOffset}$`, 'm'));
  assert.match(byId, new RegExp(`^Properties: .*UNIQ_KEY=${s3.msgId}.*CLUSTER=JavaCluster`, 'm'));
  assert.match(byId, /MessageTrack \[consumerGroup=AdmJavaGroup, trackType=CONSUMED, exceptionDesc=null\]/);
});

test("Apache's mqadmin against our name server and two brokers: clusterList, topicStatus, consumerProgress", async (t) => {
  if (!requireReferees(t, 'client')) return;
  const c = await startTwoBrokerCluster(t, 'OurCluster');
  const ns = c.namesrv.addr;
  const admin = adminRunner(t, ns);
  const topic = 'JavaAdmTopic';
  const group = 'JavaAdmGroup';
  await admin.ok(['updateTopic', '-c', c.cluster, '-t', topic, '-r', '3', '-w', '3']);
  await sendAndConsume(t, ns, topic, group, 12);

  const java = async (args: string[]): Promise<string> => {
    const r = await runJavaAdmin([...args, '-n', ns]);
    assert.equal(r.code, 0, `mqadmin ${args.join(' ')}: ${r.stdout}\n${r.stderr}`);
    assert.doesNotMatch(r.stdout, /Exception|command failed/, r.stdout);
    return r.stdout;
  };

  const cluster = tableRows(await java(['clusterList']), /^#Cluster Name +#Broker Name +#BID +#Addr/);
  assert.deepEqual(cluster.map((r) => r.slice(0, 5)), [['OurCluster', 'broker-a', '0', c.a.addr, 'V4_9_8'], [
    'OurCluster',
    'broker-b',
    '0',
    c.b.addr,
    'V4_9_8',
  ]]);

  const javaStatus = await java(['topicStatus', '-t', topic]);
  const statusRows = tableRows(javaStatus, /^#Broker Name +#QID/);
  assert.deepEqual(statusRows.map((r) => `${r[0]}:${r[1]}`), [
    'broker-a:0',
    'broker-a:1',
    'broker-a:2',
    'broker-b:0',
    'broker-b:1',
    'broker-b:2',
  ]);
  assert.equal(statusRows.reduce((s, r) => s + Number(r[3]), 0), 12);
  // The same data through `mq admin` prints the same table, character for character.
  assert.equal((await admin.ok(['topicStatus', '-t', topic])).trimEnd(), javaStatus.trimEnd());

  const javaProgress = await caughtUp(async () => {
    const r = await runJavaAdmin(['consumerProgress', '-g', group, '-n', ns]);
    return r.code === 0 ? r.stdout : undefined;
  });
  const rows = tableRows(javaProgress, /^#Topic +#Broker Name +#QID/).filter((r) => r[0] === topic);
  assert.equal(rows.length, 6);
  assert.equal(rows.reduce((s, r) => s + Number(r[4]), 0), 12);
  const ours = await admin.ok(['consumerProgress', '-g', group]);
  const tableOnly = (s: string) => s.split('\n').filter((l) => l.startsWith('#') || l.startsWith(topic)).join('\n');
  assert.equal(tableOnly(ours), tableOnly(javaProgress));
});
