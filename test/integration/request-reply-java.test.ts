// Request/reply across implementations: Apache RocketMQ's rpc examples (RequestProducer, its async
// form, and ResponseConsumer, on the 4.9.8 Java client) against our broker; mixed pairs (our
// requester with Java's responder, Java's requester with ours); and our requester and responder on
// Apache RocketMQ's 4.9.7 broker, where a reply to a client that has gone gets the same answer as
// from ours.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Message } from '../../src/client/message/message.js';
import { createReplyMessage } from '../../src/client/message/reply.js';
import { setLogLevel } from '../../src/common/logger.js';
import { MQBrokerError } from '../../src/remoting/errors.js';
import { ResponseCode } from '../../src/remoting/response-code.js';
import { startJavaCluster } from '../harness/clusters.js';
import { type JavaRun, requireReferees, runJavaClient } from '../harness/java.js';
import { pollUntil } from '../harness/latch.js';
import { createRoutedTopic, requestOfGoneClient, startedProducer, startResponder } from '../harness/request-reply.js';
import { type InProcessBroker, startInProcessBroker, startInProcessNamesrv } from '../harness/servers.js';

setLogLevel('error');

const summary = (r: JavaRun) => `exit ${r.code}\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`;

/** The "REPLY <i> <body>" lines of RequestProducer, by request number. */
function replies(r: JavaRun): Map<number, string> {
  return new Map([...r.stdout.matchAll(/^REPLY (\d+) (.*)$/gm)].map((m) => [Number(m[1]), m[2]!]));
}

/** Starts Java's ResponseConsumer and waits until its group is registered with `broker`; `done` settles when it exits. */
async function javaResponder(
  ns: string,
  broker: InProcessBroker,
  topic: string,
  group: string,
  expect: number,
): Promise<{ done: Promise<JavaRun> }> {
  const run = runJavaClient('mqtest.ResponseConsumer', [
    '-topic',
    topic,
    '-group',
    group,
    '-replyGroup',
    `${group}_reply`,
    '-expect',
    String(expect),
    '-timeout',
    '60',
  ], { env: { NAMESRV_ADDR: ns } });
  await pollUntil(() => broker.controller.consumerManager.getConsumerGroupInfo(group) !== undefined, `${group} online`, 60_000, 100);
  return { done: run };
}

test("Java's rpc examples (RequestProducer, its async form, ResponseConsumer) against our broker", async (t) => {
  if (!requireReferees(t, 'client')) return;
  const ns = await startInProcessNamesrv(t);
  const broker = await startInProcessBroker(t, { namesrvAddr: ns.addr });
  const p = await startedProducer(t, ns.addr, 'rrj_setup_pg');
  const topic = 'RequestTopicJ';
  await createRoutedTopic(p, broker.addr, topic);
  const responder = await javaResponder(ns.addr, broker, topic, 'rrj_java_resp_cg', 3);
  const env = { NAMESRV_ADDR: ns.addr };

  const sync = await runJavaClient('mqtest.RequestProducer', ['-topic', topic, '-count', '2', '-ttl', '20000', '-group', 'rrj_java_req'], {
    env,
  });
  if (sync.code !== 0) assert.fail(`${summary(sync)}\nresponder: ${summary(await responder.done)}`);
  assert.deepEqual(replies(sync), new Map([[0, 'reply:Hello world 0'], [1, 'reply:Hello world 1']]));
  assert.match(sync.stdout, /request to <RequestTopicJ> cost: \d+ replyMessage: MessageExt \[.*topic='TestCluster_REPLY_TOPIC'/);

  const async = await runJavaClient('mqtest.RequestProducer', [
    '-topic',
    topic,
    '-count',
    '1',
    '-ttl',
    '20000',
    '-async',
    'true',
    '-group',
    'rrj_java_req_async',
  ], { env });
  assert.equal(async.code, 0, summary(async));
  assert.deepEqual(replies(async), new Map([[0, 'reply:Hello world 0']]));

  const r = await responder.done;
  assert.equal(r.code, 0, summary(r));
  assert.equal([...r.stdout.matchAll(/^REPLIED .* SEND_OK$/gm)].length, 3, summary(r));
});

test('mixed: our requester with Java responder, Java requester with our responder (our broker)', async (t) => {
  if (!requireReferees(t, 'client')) return;
  const ns = await startInProcessNamesrv(t);
  const broker = await startInProcessBroker(t, { namesrvAddr: ns.addr });
  const requester = await startedProducer(t, ns.addr, 'rrm_our_req_pg');
  await createRoutedTopic(requester, broker.addr, 'RrMixedA');
  await createRoutedTopic(requester, broker.addr, 'RrMixedB');

  const javaSide = await javaResponder(ns.addr, broker, 'RrMixedA', 'rrm_java_resp_cg', 2);
  const got = await Promise.all(['a', 'b'].map((b) => requester.request(new Message('RrMixedA', b), 30_000)));
  assert.deepEqual(got.map((m) => m.body.toString()), ['reply:a', 'reply:b']);
  const jr = await javaSide.done;
  assert.equal(jr.code, 0, summary(jr));

  const ours = await startResponder(t, ns.addr, 'RrMixedB', 'rrm_our_resp_cg');
  const java = await runJavaClient('mqtest.RequestProducer', [
    '-topic',
    'RrMixedB',
    '-count',
    '2',
    '-ttl',
    '20000',
    '-group',
    'rrm_java_req',
  ], {
    env: { NAMESRV_ADDR: ns.addr },
  });
  assert.equal(java.code, 0, summary(java));
  assert.deepEqual(replies(java), new Map([[0, 'reply:Hello world 0'], [1, 'reply:Hello world 1']]));
  assert.deepEqual(ours.errors, []);
});

test("our requester and responder on Java's broker; a reply to a gone client gets the answer ours gives", async (t) => {
  if (!requireReferees(t, 'server')) return;
  const c = await startJavaCluster(t);
  const requester = c.own(await startedProducer(t, c.namesrvAddr, 'rrjb_req_pg'));
  const topic = 'RrOnJava';
  await createRoutedTopic(requester, c.brokerAddr, topic);
  await startResponder(t, c.namesrvAddr, topic, 'rrjb_resp_cg').then((r) => {
    c.own(r.consumer);
    c.own(r.producer);
  });
  const reply = await requester.request(new Message(topic, 'on java'), 30_000);
  assert.equal(reply.body.toString(), 'reply:on java');
  assert.equal(reply.topic, 'JavaCluster_REPLY_TOPIC');

  const quiet = 'RrOnJavaQuiet';
  await createRoutedTopic(requester, c.brokerAddr, quiet);
  const { request: original, clientId: goneId } = await requestOfGoneClient(t, c.namesrvAddr, requester, quiet, 'rrjb-gone');
  const mq = { topic: 'JavaCluster_REPLY_TOPIC', brokerName: c.brokerName, queueId: 0 };
  const err = await requester.send(createReplyMessage(original, 'too late'), { mq }).then(() => assert.fail('sent'), (e: unknown) => e);
  assert.ok(err instanceof MQBrokerError, String(err));
  assert.equal(err.responseCode, ResponseCode.SYSTEM_ERROR);
  assert.equal(err.remark, `push reply message fail, channel of <${goneId}> not found.`);
});
