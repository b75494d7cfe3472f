// SQL92 filters across implementations: Apache RocketMQ's 4.9.8 Java client subscribing with
// MessageSelector.bySql to our broker, and our push and pull consumers subscribing with SQL92 to
// Apache RocketMQ's 4.9.7 broker (enablePropertyFilter=true). Each side gets exactly the matching
// messages of a mixed batch, and a malformed expression fails a consumer's start with the same code
// and remark from either broker.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConsumeConcurrentlyStatus } from '../../src/client/consumer/listener.js';
import { PullConsumer } from '../../src/client/consumer/pull-consumer.js';
import { PushConsumer } from '../../src/client/consumer/push-consumer.js';
import { Producer } from '../../src/client/producer/producer.js';
import { setLogLevel } from '../../src/common/logger.js';
import { MQBrokerError } from '../../src/remoting/errors.js';
import { ResponseCode } from '../../src/remoting/response-code.js';
import { type JavaRun, requireReferees, runJavaClient, startJavaBroker, startJavaNamesrv } from '../harness/java.js';
import { pollUntil } from '../harness/latch.js';
import { startInProcessBroker, startInProcessNamesrv } from '../harness/servers.js';
import {
  BAD_EXPR,
  BAD_EXPR_REMARK,
  collectingConsumer,
  EXPR,
  MessageSelector,
  mixedBatch,
  pullAll,
  sendAll,
  wanted,
  wantedBodies,
} from '../harness/sql-filter.js';

setLogLevel('error');

const summary = (r: JavaRun) => `exit ${r.code}\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`;

test('Java client: MessageSelector.bySql against our broker gets exactly the matching messages; a bad expression fails its start', async (t) => {
  if (!requireReferees(t, 'client')) return;
  const ns = await startInProcessNamesrv(t);
  await startInProcessBroker(t, { namesrvAddr: ns.addr, brokerConfig: { enablePropertyFilter: true } });
  const producer = new Producer({ producerGroup: 'sql_java_pg', namesrvAddr: ns.addr });
  await producer.start();
  t.after(() => producer.shutdown());
  const topic = 'SqlJavaClient';
  const batch = mixedBatch('j');
  await sendAll(producer, topic, batch);
  const expected = wantedBodies(batch);
  const env = { NAMESRV_ADDR: ns.addr };
  const args = ['-topic', topic, '-timeout', '60', '-sql'];

  const c = await runJavaClient('mqtest.QuickConsumer', [...args, EXPR, '-group', 'java_sql_cg', '-expect', String(expected.length)], {
    env,
  });
  assert.equal(c.code, 0, summary(c));
  const bodies = [...c.stdout.matchAll(/Receive New Messages: \S+ (.*)$/gm)].map((m) => m[1]!);
  assert.deepEqual([...new Set(bodies)].sort(), expected, summary(c));

  const bad = await runJavaClient('mqtest.QuickConsumer', [...args, BAD_EXPR, '-group', 'java_bad_cg', '-expect', '1'], { env });
  assert.equal(bad.code, 2, summary(bad));
  assert.match(
    bad.stderr,
    /START FAILED: org\.apache\.rocketmq\.client\.exception\.MQClientException: CODE: 23\s+DESC: org\.apache\.rocketmq\.filter\.parser\.ParseException: Encountered " <DECIMAL_LITERAL> "2 ""/,
  );
});

test('Java broker (enablePropertyFilter=true): our push and pull consumers with SQL92 get exactly the matching messages', async (t) => {
  if (!requireReferees(t, 'server')) return;
  const ns = await startJavaNamesrv(t);
  await startJavaBroker(t, ns.addr, { enablePropertyFilter: true });
  const producer = new Producer({ producerGroup: 'sql_on_java_pg', namesrvAddr: ns.addr });
  await producer.start();
  t.after(() => producer.shutdown());
  const topic = 'SqlOnJava';
  const batch = mixedBatch('k');
  await sendAll(producer, topic, batch);

  const push = await collectingConsumer(t, ns.addr, 'sql_on_java_cg', topic, MessageSelector.bySql(EXPR));
  await pollUntil(() => wantedBodies(batch).every((x) => push.bodies().has(x)), 'every matching message', 30_000);
  // A message that does not match, then one that does, in the same queue: the first could only
  // arrive if the broker let it through.
  const [q0] = await push.consumer.instance.admin.fetchSubscribeMessageQueues(topic);
  const late = [{ body: 'late-no', props: { a: '6', b: 'x' } }, { body: 'late-yes', props: { a: '3', b: 'x' } }];
  await sendAll(producer, topic, late, q0);
  batch.push(...late);
  await pollUntil(() => push.bodies().has('late-yes'), 'the late matching message', 30_000);
  assert.deepEqual([...push.bodies()].sort(), wantedBodies(batch));
  assert.ok(push.messages.every((m) => wanted(m.properties)));

  const pc = new PullConsumer({ consumerGroup: 'sql_on_java_pull_cg', namesrvAddr: ns.addr });
  await pc.start();
  t.after(() => pc.shutdown());
  const pulled = await pullAll(pc, topic, MessageSelector.bySql(EXPR));
  assert.deepEqual(pulled.map((m) => m.body.toString()).sort(), wantedBodies(batch));

  const bad = new PushConsumer({ consumerGroup: 'sql_on_java_bad_cg', namesrvAddr: ns.addr });
  bad.subscribe(topic, MessageSelector.bySql(BAD_EXPR));
  bad.registerMessageListener(() => ConsumeConcurrentlyStatus.CONSUME_SUCCESS);
  const err = await bad.start().then(() => assert.fail('the start should fail'), (e: Error) => e);
  assert.ok(err instanceof MQBrokerError, String(err));
  assert.equal(err.responseCode, ResponseCode.SUBSCRIPTION_PARSE_FAILED);
  assert.equal(err.remark, BAD_EXPR_REMARK, "Java's broker answers the remark ours answers");
});
