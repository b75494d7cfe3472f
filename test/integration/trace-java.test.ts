// Message traces across implementations: Apache RocketMQ's 4.9.8 Java producer and consumer with
// tracing on (DefaultMQProducer(group, true)) write traces to our broker that our reader decodes
// record for record and that `mq admin queryMsgTraceById` and Java's mqadmin print alike; and our
// traced clients on Apache RocketMQ's 4.9.7 broker (traceTopicEnable=true) write traces both
// mqadmins read.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConsumeConcurrentlyStatus } from '../../src/client/consumer/listener.js';
import { PushConsumer } from '../../src/client/consumer/push-consumer.js';
import { Message } from '../../src/client/message/message.js';
import { decodeTraceData } from '../../src/client/trace/trace-data-encoder.js';
import { setLogLevel } from '../../src/common/logger.js';
import { ConsumeFromWhere } from '../../src/remoting/protocol/consumer-types.js';
import { adminRunner } from '../harness/admin.js';
import { startJavaCluster } from '../harness/clusters.js';
import { type JavaRun, requireReferees, runJavaAdmin, runJavaClient } from '../harness/java.js';
import { pollUntil } from '../harness/latch.js';
import { createRoutedTopic, startedProducer } from '../harness/request-reply.js';
import { startInProcessBroker, startInProcessNamesrv } from '../harness/servers.js';

setLogLevel('error');

const ROW = /^(#?\w+)\s+(\S+)\s+(\S+)\s+(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d|#\w+)\s+(\S+)\s+(\S+)\s*$/;
const summary = (r: JavaRun) => `exit ${r.code}\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`;

/** [type, group, status] of each table row. */
function rows(stdout: string): string[][] {
  return stdout.split('\n').map((l) => ROW.exec(l)).filter((m) => m !== null && !m[1]!.startsWith('#')).map((
    m,
  ) => [m![1]!, m![2]!, m![6]!]);
}

function tableOf(stdout: string): string {
  return stdout.split('\n').filter((l) => ROW.test(l) || l === '').join('\n').trim();
}

/** Both mqadmins on `msgId` until the send and one consume show, then the same table from each. */
async function bothAdminsShow(run: ReturnType<typeof adminRunner>, ns: string, msgId: string, pg: string, cg: string): Promise<void> {
  const ours = await pollUntil(
    async () => {
      const r = await run.run(['queryMsgTraceById', '-i', msgId]);
      const got = rows(r.stdout);
      return got.some((x) => x[0] === 'Pub') && got.some((x) => x[0] === 'Sub') ? r.stdout : undefined;
    },
    `the traces of ${msgId}`,
    30_000,
    500,
  );
  assert.deepEqual(rows(ours), [['Pub', pg, 'success'], ['Sub', cg, 'success']]);
  const java = await runJavaAdmin(['queryMsgTraceById', '-i', msgId, '-n', ns]);
  assert.equal(java.code, 0, summary(java));
  assert.equal(tableOf(java.stdout), tableOf(ours), `Java:\n${java.stdout}\nours:\n${ours}`);
}

test("Java's traced producer and consumer on our broker: our reader and both mqadmins read the traces", async (t) => {
  if (!requireReferees(t, 'client')) return;
  const ns = await startInProcessNamesrv(t);
  const broker = await startInProcessBroker(t, { namesrvAddr: ns.addr, brokerConfig: { traceTopicEnable: true } });
  const viewer = await startedProducer(t, ns.addr, 'trace_java_viewer_pg');
  const topic = 'TraceJava';
  await createRoutedTopic(viewer, broker.addr, topic);
  const env = { NAMESRV_ADDR: ns.addr };

  const p = await runJavaClient('mqtest.QuickProducer', ['-count', '2', '-topic', topic, '-group', 'java_trace_pg', '-trace', 'true'], {
    env,
  });
  assert.equal(p.code, 0, summary(p));
  const ids = [...p.stdout.matchAll(/msgId=([0-9A-F]+)/g)].map((m) => m[1]!);
  assert.equal(ids.length, 2);
  const c = await runJavaClient('mqtest.QuickConsumer', [
    '-topic',
    topic,
    '-group',
    'java_trace_cg',
    '-expect',
    '2',
    '-timeout',
    '60',
    '-trace',
    'true',
  ], { env });
  assert.equal(c.code, 0, summary(c));

  // Every record Java wrote reads; the send of the first message is Java's 14-field Pub.
  const msgs = await pollUntil(
    async () => {
      const found = await viewer.instance.admin.queryMessage('RMQ_SYS_TRACE_TOPIC', ids[0]!, 64, 0, Date.now()).catch(() => []);
      return found.length >= 2 ? found : undefined;
    },
    'the trace messages of the first message',
    30_000,
    200,
  );
  const bad: string[] = [];
  const contexts = msgs.flatMap((m) => decodeTraceData(m.body.toString('utf8'), (r) => bad.push(r)));
  assert.deepEqual(bad, []);
  const pubRecord = msgs.map((m) => m.body.toString('utf8').split('\u0002')).flat().find((r) =>
    r.startsWith(`Pub\u0001`) && r.includes(ids[0]!)
  )!;
  const f = pubRecord.split('\u0001');
  assert.equal(f.length, 14, pubRecord);
  assert.deepEqual([f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[11], f[13]], [
    'DefaultRegion',
    'java_trace_pg',
    topic,
    ids[0],
    'TagA',
    'null',
    broker.addr,
    '0',
    'true',
  ]);
  const kinds = contexts.filter((x) => x.traceBeans[0]!.msgId === ids[0]).map((x) => `${x.traceType} ${x.groupName}`).sort();
  assert.deepEqual(kinds, ['Pub java_trace_pg', 'SubAfter java_trace_cg', 'SubBefore java_trace_cg']);

  const admin = adminRunner(t, ns.addr);
  for (const id of ids) await bothAdminsShow(admin, ns.addr, id, 'java_trace_pg', 'java_trace_cg');
});

test("our traced producer and consumer on Java's broker (traceTopicEnable=true): both mqadmins read the traces", async (t) => {
  if (!requireReferees(t, 'both')) return;
  const c = await startJavaCluster(t, { traceTopicEnable: true });
  const producer = c.own(await startedProducer(t, c.namesrvAddr, 'trace_on_java_pg', { enableMsgTrace: true }));
  const topic = 'TraceOnJava';
  await createRoutedTopic(producer, c.brokerAddr, topic);
  const sent = await producer.send(new Message(topic, 'traced on java', { tags: 'TagJ', keys: 'kj' }));
  const got = new Set<string>();
  const consumer = c.own(
    new PushConsumer({
      consumerGroup: 'trace_on_java_cg',
      namesrvAddr: c.namesrvAddr,
      consumeFromWhere: ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET,
      enableMsgTrace: true,
    }),
  );
  consumer.subscribe(topic, '*');
  consumer.registerMessageListener((msgs) => {
    for (const m of msgs) got.add(m.msgId);
    return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
  });
  await consumer.start();
  await pollUntil(() => got.has(sent.msgId), 'the message consumed', 60_000);
  await producer.shutdown();
  await consumer.shutdown();
  await bothAdminsShow(adminRunner(t, c.namesrvAddr), c.namesrvAddr, sent.msgId, 'trace_on_java_pg', 'trace_on_java_cg');
});
