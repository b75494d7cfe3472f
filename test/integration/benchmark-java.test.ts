// `mq tools benchmark producer` and `consumer` against Apache RocketMQ's name server and broker:
// the benchmark tools work with the Java servers too (ROCKETMQ headers, the topic auto-created
// through TBW102), and the consumer gets what the producer sent.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { requireReferees, startJavaBroker, startJavaNamesrv } from '../harness/java.js';
import { runMq } from '../harness/servers.js';

test('mq tools benchmark producer and consumer against the Java name server and broker', async (t) => {
  if (!requireReferees(t, 'server')) return;
  const ns = await startJavaNamesrv(t);
  await startJavaBroker(t, ns.addr);
  const env = { MQ_LOG_LEVEL: '' };

  const prod = await runMq(['tools', 'benchmark', 'producer', '-n', ns.addr, '-t', 'BenchJava', '-w', '8', '--duration', '3'], {
    timeoutMs: 60_000,
    env,
  });
  assert.equal(prod.code, 0, prod.stderr);
  const lines = prod.stdout.trimEnd().split('\n');
  const perSecond = lines.filter((l) => l.startsWith('Current Time:'));
  assert.ok(perSecond.length >= 2, prod.stdout);
  for (const l of perSecond) {
    assert.match(l, /Send TPS: \d+ Max RT\(ms\): [\d.]+ Average RT\(ms\): +[\d.]+ Send Failed: 0 Response Failed: 0$/);
  }
  const summary = JSON.parse(lines[lines.length - 1]!) as {
    sent: number;
    sendFailed: number;
    responseFailed: number;
    rtMs: { p50: number; p99: number; max: number };
  };
  assert.ok(summary.sent > 0, prod.stdout);
  assert.equal(summary.sendFailed, 0);
  assert.equal(summary.responseFailed, 0);
  assert.ok(summary.rtMs.p50 <= summary.rtMs.p99 && summary.rtMs.p99 <= summary.rtMs.max);

  const cons = await runMq([
    'tools',
    'benchmark',
    'consumer',
    '-n',
    ns.addr,
    '-t',
    'BenchJava',
    '-g',
    'bench_java_cg',
    '--from',
    'first',
    '--duration',
    '5',
  ], { timeoutMs: 60_000, env });
  assert.equal(cons.code, 0, cons.stderr);
  const clines = cons.stdout.trimEnd().split('\n');
  const got = JSON.parse(clines[clines.length - 1]!) as { consumed: number; failed: number };
  assert.equal(got.consumed, summary.sent);
  assert.equal(got.failed, 0);
});
