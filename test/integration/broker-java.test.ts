// Interop with a client nobody here wrote: Apache RocketMQ's 4.9.8 Java client (our small mqtest
// programs) and mqadmin against OUR name server and broker, both started through the CLI. The
// quickstart producer and consumer move 1000 messages each way with JSON and with binary (ROCKETMQ)
// headers, the latter also over the VIP channel; the benchmark producer runs 10 s without a failure.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freeBrokerPort, type JavaRun, requireReferees, runJavaAdmin, runJavaClient } from '../harness/java.js';
import { startBroker, startNamesrv } from '../harness/servers.js';

function summary(r: JavaRun): string {
  return r.stdout.split('\n').filter((l) => l.startsWith('SUMMARY')).join(' ') ||
    `exit ${r.code}\n${r.stdout.slice(-1500)}\n${r.stderr.slice(-1500)}`;
}

test('the Java 4.9.8 client and mqadmin work against our name server and broker', async (t) => {
  if (!requireReferees(t, 'client')) return;
  const ns = await startNamesrv(t);
  const port = await freeBrokerPort();
  const broker = await startBroker(t, { namesrvAddr: ns.addr, port });
  assert.equal(broker.vipPort, port - 2, 'the VIP channel is two below the main port');
  const env = { NAMESRV_ADDR: ns.addr };

  await t.test('JSON headers: QuickProducer sends 1000 (all SEND_OK), QuickConsumer receives all 1000', async () => {
    const p = await runJavaClient('mqtest.QuickProducer', ['-count', '1000', '-topic', 'JavaJsonTopic'], { env });
    assert.equal(p.code, 0, summary(p));
    assert.match(summary(p), /SUMMARY sent=1000 ok=1000/);
    assert.match(
      p.stdout,
      /sendStatus=SEND_OK, msgId=[0-9A-F]+, offsetMsgId=7F000001[0-9A-F]{24}, messageQueue=MessageQueue \[topic=JavaJsonTopic, brokerName=broker-t, queueId=\d\], queueOffset=\d+/,
    );
    const c = await runJavaClient('mqtest.QuickConsumer', [
      '-expect',
      '1000',
      '-timeout',
      '60',
      '-topic',
      'JavaJsonTopic',
      '-group',
      'java_json_group',
    ], { env });
    assert.equal(c.code, 0, summary(c));
    assert.match(summary(c), /SUMMARY consumed=1000 expected=1000/);
  });

  await t.test('ROCKETMQ headers over the VIP channel: 1000 sent and received', async () => {
    const jvmProps = { 'rocketmq.serialize.type': 'ROCKETMQ', 'com.rocketmq.sendMessageWithVIPChannel': 'true' };
    const p = await runJavaClient('mqtest.QuickProducer', ['-count', '1000', '-topic', 'JavaBinTopic'], { env, jvmProps });
    assert.equal(p.code, 0, summary(p));
    assert.match(summary(p), /SUMMARY sent=1000 ok=1000/);
    const c = await runJavaClient('mqtest.QuickConsumer', [
      '-expect',
      '1000',
      '-timeout',
      '60',
      '-topic',
      'JavaBinTopic',
      '-group',
      'java_bin_group',
    ], { env, jvmProps });
    assert.equal(c.code, 0, summary(c));
    assert.match(summary(c), /SUMMARY consumed=1000 expected=1000/);
  });

  await t.test('BenchProducer: 16 threads for 10 s with zero failures', async () => {
    const r = await runJavaClient('mqtest.BenchProducer', ['-d', '10', '-w', '16', '-s', '128'], { env, timeoutMs: 90_000 });
    assert.equal(r.code, 0, summary(r));
    const m = /SUMMARY ok=(\d+) failed=(\d+)/.exec(r.stdout);
    assert.ok(m, summary(r));
    assert.equal(m[2], '0');
    assert.ok(Number(m[1]) > 0);
  });

  await t.test('mqadmin clusterList and brokerStatus read our broker', async () => {
    const cl = await runJavaAdmin(['clusterList', '-n', ns.addr]);
    assert.equal(cl.code, 0, cl.stderr.slice(-1500));
    assert.match(cl.stdout, /TestCluster\s+broker-t\s+0\s+127\.0\.0\.1:\d+\s+V4_9_8/);
    const bs = await runJavaAdmin(['brokerStatus', '-n', ns.addr, '-b', broker.addr]);
    assert.equal(bs.code, 0, bs.stderr.slice(-1500));
    assert.match(bs.stdout, /^brokerVersionDesc\s+: V4_9_8$/m);
    assert.match(bs.stdout, /^msgPutTotalTodayNow\s+: [1-9]\d*$/m);
  });
});
