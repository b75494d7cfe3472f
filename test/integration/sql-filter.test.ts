// SQL92 property filters end to end on our broker (enablePropertyFilter and filterSupportRetry on,
// delay levels of 1 s): a push consumer with MessageSelector.bySql gets exactly the matching
// messages of a mixed batch, a redelivery through its retry topic, and from that retry topic only
// what matches; a long-polled pull is not answered for a message that does not match; the pull
// consumer reads exactly the matching ones; bad expressions are refused at start and on pulls with
// RocketMQ's codes and Java's remarks while others keep consuming; with the flag off SQL92 is
// refused as Java refuses it; `mq tools consumer --sql` and `mq tools benchmark consumer -f SQL92`
// filter too; consumerFilter.json is written at shutdown.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ConsumeConcurrentlyStatus } from '../../src/client/consumer/listener.js';
import { PullConsumer } from '../../src/client/consumer/pull-consumer.js';
import { PullStatus } from '../../src/client/consumer/pull-result.js';
import { PushConsumer } from '../../src/client/consumer/push-consumer.js';
import { Producer } from '../../src/client/producer/producer.js';
import { MQClientError } from '../../src/common/errors.js';
import { setLogLevel } from '../../src/common/logger.js';
import { MQBrokerError } from '../../src/remoting/errors.js';
import { ResponseCode } from '../../src/remoting/response-code.js';
import { pollUntil } from '../harness/latch.js';
import { runMq, startInProcessBroker, startInProcessNamesrv } from '../harness/servers.js';
import { tmpDir } from '../harness/tmp.js';
import { send } from '../harness/broker-requests.js';
import {
  BAD_EXPR,
  BAD_EXPR_REMARK,
  collectingConsumer,
  EXPR,
  MessageSelector,
  mixedBatch,
  pullAll,
  sendAll,
  type SentMessage,
  wanted,
  wantedBodies,
} from '../harness/sql-filter.js';

setLogLevel('error');

const FAST_DELAYS = Array.from({ length: 18 }, () => '1s').join(' ');
const NOT_SUPPORTED = 'The broker does not support consumer to filter message by SQL92';

async function rejection(p: Promise<unknown>): Promise<Error> {
  return p.then(() => assert.fail('expected a failure'), (err: Error) => err);
}

test('SQL92 filters on our broker: push and pull consumers, retry, long polling, bad expressions, the flag off, the CLI', async (t) => {
  const ns = await startInProcessNamesrv(t);
  const b = await startInProcessBroker(t, {
    namesrvAddr: ns.addr,
    brokerConfig: { enablePropertyFilter: true, filterSupportRetry: true },
    messageStoreConfig: { messageDelayLevel: FAST_DELAYS },
  });
  const producer = new Producer({ producerGroup: 'sql_pg', namesrvAddr: ns.addr });
  await producer.start();
  t.after(() => producer.shutdown());
  const topic = 'SqlTopic';
  const onTopic: SentMessage[] = mixedBatch('m');
  await sendAll(producer, topic, onTopic);
  const pc = new PullConsumer({ consumerGroup: 'sql_pull_cg', namesrvAddr: ns.addr });
  await pc.start();
  t.after(() => pc.shutdown());
  const pushGroup = 'sql_push_cg';
  let push!: Awaited<ReturnType<typeof collectingConsumer>>;

  await t.test('push consumer: exactly the matching messages, a redelivery, and only matching retry messages', async () => {
    const expected = wantedBodies(onTopic);
    const failOnce = expected[0]!;
    let failed = false;
    push = await collectingConsumer(t, ns.addr, pushGroup, topic, MessageSelector.bySql(EXPR), (m) => {
      if (m.body.toString() !== failOnce || failed) return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
      failed = true;
      return ConsumeConcurrentlyStatus.RECONSUME_LATER;
    });
    const redelivered = () => push.messages.some((m) => m.body.toString() === failOnce && m.reconsumeTimes >= 1);
    await pollUntil(
      () => expected.every((x) => push.bodies().has(x)) && redelivered(),
      'every matching message and the redelivery',
      30_000,
    );
    const again = push.messages.find((m) => m.body.toString() === failOnce && m.reconsumeTimes >= 1)!;
    assert.equal(again.topic, topic, 'the redelivery shows its real topic');

    // filterSupportRetry: messages in the group's retry topic are judged by the group's filter on
    // their original topic. One that does not match goes first in the retry queue, then one that does.
    const retryTopic = `%RETRY%${pushGroup}`;
    for (const [body, a] of [['r-no', '9'], ['r-yes', '4']] as const) {
      const r = await send(b.client, b.addr, { topic: retryTopic, queueId: 0, body, props: { a, b: 'x', RETRY_TOPIC: topic } });
      assert.equal(r.code, ResponseCode.SUCCESS, r.remark ?? '');
    }
    // Long polling: the consumer's pull of queue 0 is held at the end of the queue; a message that
    // does not match is stored before one that does, so the first can only arrive if it was let through.
    const q0 = (await pc.fetchSubscribeMessageQueues(topic)).find((mq) => mq.queueId === 0)!;
    const late = [{ body: 'late-no', props: { a: '1', b: 'x' } }, { body: 'late-yes', props: { a: '5', b: 'x' } }];
    await sendAll(producer, topic, late, q0);
    onTopic.push(...late);
    await pollUntil(() => push.bodies().has('r-yes') && push.bodies().has('late-yes'), 'the matching retry and late messages', 30_000);
    assert.deepEqual([...push.bodies()].sort(), [...expected, 'late-yes', 'r-yes'].sort());
    assert.ok(push.messages.every((m) => wanted(m.properties)), 'nothing that does not match');
  });

  await t.test('pull consumer: plain pulls get exactly the matching messages; a held pull waits for one that matches', async () => {
    const got = await pullAll(pc, topic, MessageSelector.bySql(EXPR));
    assert.deepEqual(got.map((m) => m.body.toString()).sort(), wantedBodies(onTopic));
    assert.ok(got.every((m) => wanted(m.properties)));

    // A topic of its own, so that no other consumer's pulls are held on its queue.
    const heldTopic = 'SqlHeld';
    await sendAll(producer, heldTopic, [{ body: 'held-first', props: { a: '1' } }]);
    const mq = (await pc.fetchSubscribeMessageQueues(heldTopic))[0]!;
    const end = await pc.maxOffset(mq);
    const pending = pc.pullBlockIfNotFound(mq, MessageSelector.bySql(EXPR), end, 32);
    await pollUntil(() => b.controller.pullHold.heldOn(heldTopic, mq.queueId) === 1, 'the pull to be held');
    await sendAll(producer, heldTopic, [{ body: 'held-no', props: { a: '2', b: 'x' } }], mq);
    // A put is answered after its dispatch, so the broker has seen this arrival already.
    assert.equal(b.controller.pullHold.heldOn(heldTopic, mq.queueId), 1, 'a message that does not match leaves the pull held');
    await sendAll(producer, heldTopic, [{ body: 'held-yes', props: { a: '3', b: 'x' } }], mq);
    const r = await pending;
    assert.equal(r.pullStatus, PullStatus.FOUND);
    assert.deepEqual(r.msgFoundList.map((m) => m.body.toString()), ['held-yes']);
  });

  await t.test('bad expressions: refused at start and on pulls with the code and remark; others keep consuming', async () => {
    const bad = new PushConsumer({ consumerGroup: 'sql_bad_cg', namesrvAddr: ns.addr });
    bad.subscribe(topic, MessageSelector.bySql(BAD_EXPR));
    bad.registerMessageListener(() => ConsumeConcurrentlyStatus.CONSUME_SUCCESS);
    const err = await rejection(bad.start());
    assert.ok(err instanceof MQBrokerError, String(err));
    assert.equal(err.responseCode, ResponseCode.SUBSCRIPTION_PARSE_FAILED);
    assert.equal(err.remark, BAD_EXPR_REMARK);

    const tooLong = new PushConsumer({ consumerGroup: 'sql_long_cg', namesrvAddr: ns.addr });
    tooLong.subscribe(topic, MessageSelector.bySql(`a = 1${' OR a = 1'.repeat(8000)}`));
    tooLong.registerMessageListener(() => ConsumeConcurrentlyStatus.CONSUME_SUCCESS);
    const long = await rejection(tooLong.start());
    assert.ok(long instanceof MQBrokerError);
    assert.equal(long.responseCode, ResponseCode.SUBSCRIPTION_PARSE_FAILED);
    assert.equal(long.remark, 'java.lang.RuntimeException: Expression is longer than 65536 characters');

    const empty = await rejection(Promise.resolve().then(() => bad.subscribe(topic, MessageSelector.bySql(''))));
    assert.ok(empty instanceof MQClientError);
    assert.match(empty.message, /Expression can't be null! SQL92/);

    const [mq] = await pc.fetchSubscribeMessageQueues(topic);
    const pullErr = await rejection(pc.pull(mq!, MessageSelector.bySql(BAD_EXPR), 0, 32));
    assert.ok(pullErr instanceof MQBrokerError);
    assert.equal(pullErr.responseCode, ResponseCode.SUBSCRIPTION_PARSE_FAILED);
    assert.equal(pullErr.remark, "parse the consumer's subscription failed");

    await sendAll(producer, topic, [{ body: 'after-bad', props: { a: '4', b: 'x' } }]);
    onTopic.push({ body: 'after-bad', props: { a: '4', b: 'x' } });
    await pollUntil(() => push.bodies().has('after-bad'), 'the good consumer to keep consuming');
  });

  await t.test('enablePropertyFilter=false: SQL92 is refused at start and on pulls, as Java refuses it', async () => {
    const admin = pc.instance.api.admin;
    await admin.updateBrokerConfig(b.addr, [['enablePropertyFilter', 'false']], 5000);
    try {
      const off = new PushConsumer({ consumerGroup: 'sql_off_cg', namesrvAddr: ns.addr });
      off.subscribe(topic, MessageSelector.bySql(EXPR));
      off.registerMessageListener(() => ConsumeConcurrentlyStatus.CONSUME_SUCCESS);
      const err = await rejection(off.start());
      assert.ok(err instanceof MQBrokerError);
      assert.equal(err.responseCode, ResponseCode.SYSTEM_ERROR);
      assert.equal(err.remark, NOT_SUPPORTED);
      const [mq] = await pc.fetchSubscribeMessageQueues(topic);
      const pullErr = await rejection(pc.pull(mq!, MessageSelector.bySql(EXPR), 0, 32));
      assert.ok(pullErr instanceof MQBrokerError);
      assert.equal(pullErr.responseCode, ResponseCode.SYSTEM_ERROR);
      assert.equal(pullErr.remark, NOT_SUPPORTED);
      const tags = await pc.pull(mq!, MessageSelector.byTag('TagA'), 0, 32);
      assert.equal(tags.pullStatus, PullStatus.FOUND, 'tag subscriptions are not affected');
    } finally {
      await admin.updateBrokerConfig(b.addr, [['enablePropertyFilter', 'true']], 5000);
    }
  });

  await t.test('mq tools consumer --sql prints exactly the matching messages; a bad expression is one line and exit 1', async () => {
    const expected = wantedBodies(onTopic);
    const argv = ['tools', 'consumer', '-n', ns.addr, '-t', topic, '-g', 'sql_cli_cg'];
    const r = await runMq([...argv, '--json', '--sql', EXPR, '-c', String(expected.length)], { timeoutMs: 60_000 });
    assert.equal(r.code, 0, r.stderr);
    const printed = r.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { body: string });
    assert.deepEqual(printed.map((m) => m.body).sort(), expected);
    const bad = await runMq([...argv, '--sql', BAD_EXPR], { timeoutMs: 60_000 });
    assert.equal(bad.code, 1);
    const lines = bad.stderr.split('\n').filter((l) => l.trim() !== '');
    assert.equal(lines.length, 1, bad.stderr);
    assert.match(lines[0]!, /^mq: CODE: 23 .*ParseException/);
  });

  await t.test('mq tools benchmark consumer -f SQL92 -e <file> consumes exactly the matching messages', async () => {
    const file = path.join(tmpDir('mq-sql-expr-', t), 'expr.sql');
    fs.writeFileSync(file, `${EXPR}\n`);
    const argv = ['tools', 'benchmark', 'consumer', '-n', ns.addr, '-t', topic, '-g', 'sql_bench_cg', '-f', 'SQL92', '-e', file];
    const r = await runMq([...argv, '--from', 'first', '--duration', '3', '--json'], { timeoutMs: 60_000 });
    assert.equal(r.code, 0, r.stderr);
    const summary = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { expression: string; consumed: number };
    assert.equal(summary.expression, EXPR);
    assert.equal(summary.consumed, wantedBodies(onTopic).length);
  });

  await t.test('consumerFilter.json holds the group filter after shutdown, in Java layout', async () => {
    await push.consumer.shutdown();
    await b.controller.shutdown();
    const file = path.join(b.storeDir, 'config', 'consumerFilter.json');
    const json = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      filterDataByTopic: Record<string, { groupFilterData: Record<string, { expression: string; expressionType: string; dead: boolean }> }>;
    };
    const d = json.filterDataByTopic[topic]!.groupFilterData[pushGroup]!;
    assert.equal(d.expression, EXPR);
    assert.equal(d.expressionType, 'SQL92');
    assert.equal(d.dead, true, 'its consumer left before the broker stopped');
  });
});
