// Timer messages (RocketMQ 5's arbitrary delay) through a broker process started by the CLI: our
// producer's deliverTimeMs, delayTimeMs and delayTimeSec reach our consumer at their time and not
// before; bad values are answered MESSAGE_ILLEGAL with Java's remark while the broker carries on;
// timer messages acknowledged before a SIGKILL are delivered after the restart, each once, and a
// 3-day one is still pending in the wheel. Referee (Node only): the Java RocketMQ 5.x client in
// remoting mode sends with Message.setDeliverTimeMs and our consumer gets each message at its time.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Producer } from '../../src/client/producer/producer.js';
import { PushConsumer } from '../../src/client/consumer/push-consumer.js';
import { Message } from '../../src/client/message/message.js';
import { ConsumeConcurrentlyStatus } from '../../src/client/consumer/listener.js';
import { SendStatus } from '../../src/client/producer/send-result.js';
import { setLogLevel } from '../../src/common/logger.js';
import { RemotingClient } from '../../src/remoting/client.js';
import { createRequest } from '../../src/remoting/command.js';
import { RequestCode } from '../../src/remoting/request-code.js';
import { ResponseCode } from '../../src/remoting/response-code.js';
import { decodeKVTable } from '../../src/remoting/protocol/broker-admin.js';
import { ConsumeFromWhere } from '../../src/remoting/protocol/consumer-types.js';
import { runtimeName } from '../../src/common/runtime.js';
import { type Cluster, startOurCluster } from '../harness/clusters.js';
import { requireReferees, runJavaClient } from '../harness/java.js';
import { pollUntil } from '../harness/latch.js';
import { startBroker, startNamesrv } from '../harness/servers.js';
import { tmpDir } from '../harness/tmp.js';
import { drainQueue, send } from '../harness/broker-requests.js';

setLogLevel('error');

/** Small timer-log segments: the 100 MiB default is not needed for a few messages. */
const TIMER_PROPS = { mappedFileSizeTimerLog: 52 * 1000 + 16 };

/** Our producer, and a consumer of `topic` (created by a first plain send) noting when each body arrives. */
async function producerAndConsumer(c: Cluster, topic: string) {
  const producer = c.own(new Producer({ producerGroup: 'timer_pg', namesrvAddr: c.namesrvAddr }));
  await producer.start();
  // The first send creates the topic, so the consumer finds its route when it starts.
  const plain = await producer.send(new Message(topic, 'plain'));
  assert.equal(plain.sendStatus, SendStatus.SEND_OK);
  const arrived = new Map<string, { at: number; props: ReadonlyMap<string, string> }>();
  const consumer = c.own(
    new PushConsumer({
      consumerGroup: 'timer_cg',
      namesrvAddr: c.namesrvAddr,
      consumeFromWhere: ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET,
    }),
  );
  consumer.subscribe(topic, '*');
  consumer.registerMessageListener((msgs) => {
    const at = Date.now();
    for (const m of msgs) arrived.set(m.body.toString('utf8'), { at, props: new Map(m.properties) });
    return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
  });
  await consumer.start();
  return { producer, arrived };
}

test("our producer's timer messages reach our consumer at their time; bad values get MESSAGE_ILLEGAL and a remark", async (t) => {
  const c = await startOurCluster(t, TIMER_PROPS);
  const topic = 'TimerTopic';
  const { producer, arrived } = await producerAndConsumer(c, topic);

  const before = Date.now();
  const due = { at: before + 1500, ms: before + 1000, sec: before + 1000 };
  for (
    const m of [
      new Message(topic, 'at', { deliverTimeMs: due.at }),
      new Message(topic, 'ms', { delayTimeMs: 1000 }),
      new Message(topic, 'sec', { delayTimeSec: 1 }),
    ]
  ) {
    assert.equal((await producer.send(m)).sendStatus, SendStatus.SEND_OK);
  }
  for (
    const [init, what] of [[{ delayTimeMs: -1 }, 'negative'], [{ deliverTimeMs: Date.now() + 4 * 24 * 3600 * 1000 }, 'four days']] as const
  ) {
    await assert.rejects(producer.send(new Message(topic, what, init)), (err: Error & { responseCode?: number; code?: number }) => {
      assert.equal(err.responseCode ?? err.code, ResponseCode.MESSAGE_ILLEGAL, `${what}: ${err.message}`);
      assert.match(err.message, /timer message illegal, the delay time should not be bigger than the max delay 259200000ms/);
      return true;
    });
  }
  await pollUntil(() => arrived.size === 4, 'the plain and the three timer messages', 10_000, 10);
  for (const k of ['at', 'ms', 'sec'] as const) {
    assert.ok(arrived.get(k)!.at >= due[k], `${k} arrived ${arrived.get(k)!.at - due[k]} ms after its time, not before`);
    assert.equal(arrived.get(k)!.props.get('REAL_TOPIC'), topic);
  }
  assert.equal(arrived.get('at')!.props.get('TIMER_DELIVER_MS'), String(due.at));
  assert.ok(!arrived.has('negative') && !arrived.has('four days'));
});

test('timer messages acknowledged before a SIGKILL, due while the broker is down, are delivered once after the restart; a 3-day one stays pending', async (t) => {
  const home = tmpDir('mq-timer-kill-', t);
  const client = new RemotingClient();
  t.after(() => client.close());
  const ns = await startNamesrv(t);
  // No timer checkpoint is written before the kill: the restart has only the timer log and the queue.
  const first = await startBroker(t, { home, namesrvAddr: ns.addr, props: { ...TIMER_PROPS, timerFlushIntervalMs: 600_000 } });
  const due = Date.now() + 3000;
  const acked: string[] = [];
  for (let i = 0; i < 20; i++) {
    const body = `m${i}`;
    const r = await send(client, first.addr, { topic: 'KillTopic', body, queueId: 0, props: { TIMER_DELIVER_MS: String(due + i * 10) } });
    assert.equal(r.code, ResponseCode.SUCCESS, r.remark ?? '');
    acked.push(body);
  }
  const far = await send(client, first.addr, {
    topic: 'KillTopic',
    body: 'three-days',
    queueId: 0,
    props: { TIMER_DELAY_SEC: String(3 * 24 * 3600) },
  });
  assert.equal(far.code, ResponseCode.SUCCESS);
  const runtimeInfo = async (addr: string) =>
    decodeKVTable((await client.invoke(addr, createRequest(RequestCode.GET_BROKER_RUNTIME_INFO, null), 5000)).body!);
  await pollUntil(async () => (await runtimeInfo(first.addr)).get('timerOffsetBehind') === '0', 'all taken into the wheel', 5000, 20);
  assert.equal((await first.kill()).signal, 'SIGKILL');
  assert.ok(Date.now() < due, 'killed before any was due');
  // The scenario: their time passes while no broker runs.
  await pollUntil(() => Date.now() > due + 300, 'the messages to fall due with the broker down', 5000, 50);

  const second = await startBroker(t, { home, storeDir: first.storeDir, namesrvAddr: ns.addr, props: TIMER_PROPS });
  const drain = () => drainQueue(client, second.addr, { group: 'kill_cg', topic: 'KillTopic', queueId: 0 });
  await pollUntil(async () => (await drain()).length >= 20, 'the 20 deliveries after the restart', 15_000, 50);
  const got = await drain();
  assert.deepEqual(got.map((m) => m.body.toString()), acked, 'each once, in order of their times');
  for (const m of got) assert.ok(m.storeTimestamp >= Number(m.getProperty('TIMER_DELIVER_MS')), 'not early');
  await pollUntil(
    async () => {
      const res = await client.invoke(second.addr, createRequest(RequestCode.GET_BROKER_RUNTIME_INFO, null), 5000);
      return decodeKVTable(res.body!).get('timerCongestNum') === '1';
    },
    'the 3-day message alone in the wheel',
    5000,
    50,
  );
});

test('referee: the Java 5.x client sends with setDeliverTimeMs to our broker; our consumer gets each at its time', async (t) => {
  if (runtimeName !== 'node') return t.skip('Java referee interop runs once, on Node');
  if (!requireReferees(t, 'client5')) return;
  const c = await startOurCluster(t, TIMER_PROPS);
  const topic = 'JavaTimerTopic';
  const { arrived } = await producerAndConsumer(c, topic);
  const env = { NAMESRV_ADDR: c.namesrvAddr };
  const run = await runJavaClient('mqtest5.TimerProducer', ['-topic', topic, '-count', '3', '-delayMs', '2000'], {
    env,
    referee: 'client5',
  });
  assert.equal(run.code, 0, run.stdout + run.stderr);
  const sent = [...run.stdout.matchAll(/^SENT (\S+) (\d+) SEND_OK$/gm)].map((m) => Number(m[2]));
  assert.equal(sent.length, 3, run.stdout);
  await pollUntil(() => ['timer 0', 'timer 1', 'timer 2'].every((b) => arrived.has(b)), 'the Java timer messages', 15_000, 10);
  for (let i = 0; i < 3; i++) {
    const got = arrived.get(`timer ${i}`)!;
    assert.equal(got.props.get('TIMER_DELIVER_MS'), String(sent[i]));
    assert.ok(got.at >= sent[i]!, `timer ${i} arrived ${got.at - sent[i]!} ms after its time, not before`);
  }
  t.diagnostic(
    `Java timer messages arrived ${[0, 1, 2].map((i) => arrived.get(`timer ${i}`)!.at - sent[i]!).join(', ')} ms after their time`,
  );
  const bad = await runJavaClient('mqtest5.TimerProducer', ['-topic', topic, '-delayMs', String(4 * 24 * 3600 * 1000)], {
    env,
    referee: 'client5',
  });
  assert.equal(bad.code, 2, bad.stdout + bad.stderr);
  assert.match(
    bad.stdout,
    /^SEND_FAILED code=13 .*timer message illegal, the delay time should not be bigger than the max delay 259200000ms/m,
  );
});
