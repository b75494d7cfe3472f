// Broker statistics and Prometheus metrics after real traffic, on one in-process cluster (name
// server and broker on loopback, both serving /metrics on port 0): 30 single sends and a batch of 10
// to one topic, all consumed by one group. Then:
//   - VIEW_BROKER_STATS_DATA answers Java's items once the 10-second sample has run: put and get
//     counts and sizes per topic and group, broker totals, pull latency per queue, and the remark
//     Java gives for an unknown item;
//   - the broker's /metrics, parsed as exposition text, counts exactly what was sent and consumed
//     under RocketMQ 5's names and labels (and its rpc latency, lag, connections, storage and
//     process metrics); the name server's counts the broker's registrations; other paths are 404;
//   - `mq admin statsAll` shows the topic's rates and day totals, and so does Apache RocketMQ's own
//     mqadmin, figure for figure;
//   - `mq admin brokerStatus` shows the store's put and get rates after fresh traffic.
// `mq start` serves both endpoints and prints where, on free ports when asked for port 0.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Producer } from '../../src/client/producer/producer.js';
import { Message } from '../../src/client/message/message.js';
import { setLogLevel } from '../../src/common/logger.js';
import { createRequest } from '../../src/remoting/command.js';
import { type BrokerStatsData, decodeBrokerStatsData, decodeKVTable } from '../../src/remoting/protocol/broker-admin.js';
import { RequestCode } from '../../src/remoting/request-code.js';
import { ResponseCode } from '../../src/remoting/response-code.js';
import { countingConsumer } from '../harness/consumers.js';
import { requireReferees, runJavaAdmin } from '../harness/java.js';
import { pollUntil } from '../harness/latch.js';
import { parsePromText, type PromText, sampleOf, samplesOf } from '../harness/prom-text.js';
import { startInProcessBroker, startInProcessNamesrv, startMqAll } from '../harness/servers.js';
import { adminRunner } from '../harness/admin.js';

setLogLevel('error');

const CLUSTER = 'StatsCluster';
const TOPIC = 'StatsTopic';
const GROUP = 'StatsGroup';
const SINGLES = 30;
const BATCH = 10;
const SENT = SINGLES + BATCH;
const PROM = { metricsExporterType: 'PROM' as const, metricsPromExporterPort: 0 };

async function scrape(url: string): Promise<PromText> {
  const res = await fetch(url);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  return parsePromText(await res.text());
}

/** The row of `topic` in statsAll output, as printed (columns split on blanks). */
function statsRow(stdout: string, topic: string): string[] | undefined {
  return stdout.split('\n').map((l) => l.trim().split(/\s+/)).find((cols) => cols[0] === topic);
}

test('broker statistics, statsAll, brokerStatus and /metrics after traffic', async (t) => {
  const ns = await startInProcessNamesrv(t, { namesrvConfig: PROM });
  const broker = await startInProcessBroker(t, { namesrvAddr: ns.addr, brokerConfig: { brokerClusterName: CLUSTER, ...PROM } });
  const b = broker.controller;
  assert.ok(b.metrics && ns.controller.metrics, 'both servers serve /metrics');

  const producer = new Producer({ producerGroup: 'StatsProducer', namesrvAddr: ns.addr });
  await producer.start();
  t.after(() => producer.shutdown());
  for (let i = 0; i < SINGLES; i++) await producer.send(new Message(TOPIC, `single ${i}`, { tags: 'TagA' }));
  const batch = Array.from({ length: BATCH }, (_, i) => new Message(TOPIC, `batch ${i}`, { tags: 'TagA' }));
  await producer.send(batch);

  const { bodies: consumed } = await countingConsumer(t, ns.addr, GROUP, TOPIC);
  await pollUntil(() => consumed.size === SENT, 'every message consumed', 30_000);

  const view = async (statsName: string, statsKey: string): Promise<BrokerStatsData | string> => {
    const res = await broker.invoke(createRequest(RequestCode.VIEW_BROKER_STATS_DATA, { statsName, statsKey }));
    return res.code === ResponseCode.SUCCESS ? decodeBrokerStatsData(res.body!) : `${res.code} ${res.remark}`;
  };
  const minute = async (statsName: string, statsKey: string) => {
    const d = await view(statsName, statsKey);
    assert.ok(typeof d !== 'string', `${statsName} ${statsKey}: ${d}`);
    return d.statsMinute;
  };

  await t.test('VIEW_BROKER_STATS_DATA: Java items after the 10-second sample', async () => {
    // Sampled every 10 s from broker start: wait for the first sample that saw the traffic.
    await pollUntil(async () => (await minute('GROUP_GET_NUMS', `${TOPIC}@${GROUP}`)).sum === SENT, 'the 10 s sample', 25_000, 200);
    const puts = await minute('TOPIC_PUT_NUMS', TOPIC);
    assert.equal(puts.sum, SENT);
    // One addition per request: 30 singles and one batch.
    assert.equal(puts.avgpt, SENT / (SINGLES + 1));
    assert.ok(puts.tps > 0 && puts.tps <= SENT / 10, `tps ${puts.tps}`);
    const putSize = await minute('TOPIC_PUT_SIZE', TOPIC);
    assert.ok(putSize.sum > SENT * 100, `${putSize.sum} bytes stored`);
    assert.equal((await minute('BROKER_PUT_NUMS', CLUSTER)).sum, SENT);
    assert.equal((await minute('BROKER_GET_NUMS', CLUSTER)).sum, SENT);
    const getSize = await minute('GROUP_GET_SIZE', `${TOPIC}@${GROUP}`);
    assert.equal(getSize.sum, putSize.sum, 'every stored byte was pulled once');
    // enableDetailStat keys pull latency by queueId@topic@group; some queue of the four was pulled.
    const latencies = await Promise.all([0, 1, 2, 3].map((q) => view('GROUP_GET_LATENCY', `${q}@${TOPIC}@${GROUP}`)));
    assert.ok(latencies.some((d) => typeof d !== 'string' && d.statsMinute.sum >= 0 && d.statsMinute.avgpt >= 0));
    assert.equal(
      await view('TOPIC_PUT_NUMS', 'NoSuchTopic'),
      `${ResponseCode.SYSTEM_ERROR} The stats <TOPIC_PUT_NUMS> <NoSuchTopic> not exist`,
    );
    assert.equal(await view('NO_SUCH_STATS', TOPIC), `${ResponseCode.SYSTEM_ERROR} The stats <NO_SUCH_STATS> <${TOPIC}> not exist`);
  });

  await t.test('/metrics: RocketMQ 5 names and labels, counts equal to what was sent and consumed', async () => {
    const node = { cluster: CLUSTER, node_type: 'broker', node_id: 'broker-t' };
    const p = await scrape(b.metrics!.url);
    assert.equal(p.types.get('rocketmq_messages_in_total'), 'counter');
    assert.equal(p.types.get('rocketmq_rpc_latency'), 'histogram');
    assert.equal(p.types.get('rocketmq_consumer_lag_messages'), 'gauge');
    const labels = { ...node, topic: TOPIC, is_system: 'false' };
    assert.equal(sampleOf(p, 'rocketmq_messages_in_total', { ...labels, message_type: 'normal' }).value, SENT);
    const putSize = await minute('TOPIC_PUT_SIZE', TOPIC);
    assert.equal(sampleOf(p, 'rocketmq_throughput_in_total', { ...labels, message_type: 'normal' }).value, putSize.sum);
    assert.equal(sampleOf(p, 'rocketmq_messages_out_total', { ...labels, consumer_group: GROUP }).value, SENT);
    assert.equal(sampleOf(p, 'rocketmq_throughput_out_total', { ...labels, consumer_group: GROUP }).value, putSize.sum);
    // The size histogram: one observation per send request, cumulative buckets ending at +Inf = count.
    const sizeLabels = { ...labels, message_type: 'normal' };
    const count = sampleOf(p, 'rocketmq_message_size_count', sizeLabels).value;
    assert.equal(count, SINGLES + 1);
    const buckets = samplesOf(p, 'rocketmq_message_size_bucket', sizeLabels);
    assert.deepEqual(buckets.map((s) => s.labels.le), ['1024', '4096', '524288', '1048576', '2097152', '4194304', '+Inf']);
    assert.ok(buckets.every((s, i) => i === 0 || s.value >= buckets[i - 1]!.value));
    assert.equal(buckets.at(-1)!.value, count);
    // rpc latency per request code; every send and at least one pull were answered.
    const rpcCount = (code: string) =>
      samplesOf(p, 'rocketmq_rpc_latency_count', { ...node, protocol_type: 'remoting', request_code: code, result: 'success' })
        .reduce((n, s) => n + s.value, 0);
    assert.equal(rpcCount('send_message_v2') + rpcCount('send_batch_message'), SINGLES + 1);
    assert.ok(rpcCount('pull_message') >= 1);
    assert.ok(rpcCount('heart_beat') >= 1);
    assert.equal(sampleOf(p, 'rocketmq_consumer_connections', { ...node, consumer_group: GROUP, consume_mode: 'push' }).value, 1);
    assert.ok(sampleOf(p, 'rocketmq_producer_connections', { ...node, protocol_type: 'remoting' }).value >= 1);
    assert.equal(sampleOf(p, 'rocketmq_broker_permission', node).value, 6);
    assert.ok(sampleOf(p, 'rocketmq_topic_number', node).value >= 1);
    const storage = { ...node, storage_type: 'local', storage_medium: 'disk' };
    assert.ok(sampleOf(p, 'rocketmq_storage_size', storage).value > 0);
    assert.equal(sampleOf(p, 'rocketmq_storage_dispatch_behind_bytes', storage).value, 0);
    assert.ok(sampleOf(p, 'rocketmq_storage_message_reserve_time', storage).value >= 0);
    assert.ok(sampleOf(p, 'process_resident_memory_bytes', node).value > 0);
    assert.equal(samplesOf(p, 'nodejs_eventloop_lag_seconds', node).length, 1);
    // Everything was consumed: no lag once the group's offsets are committed, nothing in flight or ready.
    const lagLabels = { ...node, consumer_group: GROUP, topic: TOPIC, is_retry: 'false', is_system: 'false' };
    await pollUntil(async () => sampleOf(await scrape(b.metrics!.url), 'rocketmq_consumer_lag_messages', lagLabels).value === 0, 'lag 0');
    const after = await scrape(b.metrics!.url);
    assert.equal(sampleOf(after, 'rocketmq_consumer_inflight_messages', lagLabels).value, 0);
    assert.equal(sampleOf(after, 'rocketmq_consumer_ready_messages', lagLabels).value, 0);
    assert.equal(sampleOf(after, 'rocketmq_consumer_lag_latency', lagLabels).value, 0);

    const nsp = await scrape(ns.controller.metrics!.url);
    const reg = sampleOf(nsp, 'rocketmq_rpc_latency_count', {
      node_type: 'nameserver',
      request_code: 'register_broker',
      response_code: 'success',
      result: 'success',
    });
    assert.ok(reg.value >= 1);
    assert.ok(samplesOf(nsp, 'rocketmq_rpc_latency_count', { request_code: 'get_routeinfo_by_topic' }).length >= 1);
    assert.equal((await fetch(b.metrics!.url.replace(/\/metrics$/, '/nope'))).status, 404);
  });

  const admin = adminRunner(t, ns.addr);
  await t.test("statsAll: our mqadmin and Apache RocketMQ's print the same figures for the topic", async (st) => {
    const ours = statsRow(await admin.ok(['statsAll', '-t', TOPIC]), TOPIC);
    assert.ok(ours, 'a row for the topic');
    assert.equal(ours[1], GROUP);
    assert.equal(ours[2], '0', 'nothing left to consume');
    assert.ok(Number(ours[3]) > 0 && Number(ours[4]) > 0, `in and out rates: ${ours.join(' ')}`);
    assert.deepEqual(ours.slice(5), [String(SENT), String(SENT)]);
    if (!requireReferees(st, 'client')) return;
    // The minute rates move at each 10 s sample: compare runs no sample fell between.
    for (let attempt = 0;; attempt++) {
      const before = await minute('TOPIC_PUT_NUMS', TOPIC);
      const [java, again] = await Promise.all([
        runJavaAdmin(['statsAll', '-n', ns.addr, '-t', TOPIC]),
        admin.ok(['statsAll', '-t', TOPIC]),
      ]);
      const sameSample = (await minute('TOPIC_PUT_NUMS', TOPIC)).tps === before.tps;
      assert.equal(java.code, 0, java.stderr);
      if (!sameSample && attempt < 3) continue;
      assert.deepEqual(statsRow(java.stdout, TOPIC), statsRow(again, TOPIC), `Java:\n${java.stdout}\nours:\n${again}`);
      break;
    }
  });

  await t.test("brokerStatus: the store's put and get rates after fresh traffic", async () => {
    // putTps is "<10 s> <1 min> <10 min>": only windows the broker has been up for have a figure.
    const runtime = async () => decodeKVTable((await broker.invoke(createRequest(RequestCode.GET_BROKER_RUNTIME_INFO))).body!);
    await pollUntil(async () => /^[\d.E-]+ /.test((await runtime()).get('putTps') ?? ''), 'ten seconds of samples', 15_000, 200);
    for (let i = 0; i < 10; i++) await producer.send(new Message(TOPIC, `fresh ${i}`));
    await pollUntil(async () => Number((await runtime()).get('putTps')!.split(' ')[0]) > 0, 'a put rate', 5000, 100);
    const out = await admin.ok(['brokerStatus', '-b', broker.addr]);
    const field = (k: string) => new RegExp(`^${k}\\s+: (.*)$`, 'm').exec(out)?.[1];
    assert.ok(Number(field('putTps')!.split(' ')[0]) > 0, out);
    assert.match(field('getTotalTps')!, /^\d+\.\d+(E-?\d+)? \d+\.\d+(E-?\d+)? \d+\.\d+(E-?\d+)?$/);
    assert.equal(field('msgPutTotalTodayNow'), String(SENT + 10));
    // The consumer is still running: the fresh messages may be got already.
    assert.ok(Number(field('msgGetTotalTodayNow')) >= SENT, out);
  });
});

test('mq start serves both /metrics endpoints and prints where (free ports with port 0)', async (t) => {
  const mq = await startMqAll(t);
  const line = await mq.stdout.waitFor(/^\s+metrics\s+(\S+) \(broker\), (\S+) \(name server\)$/, 10_000);
  const brokerText = await scrape(line[1]!);
  assert.equal(sampleOf(brokerText, 'rocketmq_broker_permission', { cluster: 'DefaultCluster', node_id: 'broker-a' }).value, 6);
  const nsText = await scrape(line[2]!);
  const reg = { node_type: 'nameserver', request_code: 'register_broker', result: 'success' };
  assert.ok(sampleOf(nsText, 'rocketmq_rpc_latency_count', reg).value >= 1);
  assert.notEqual(line[1], line[2]);
});
