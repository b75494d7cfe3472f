// Our `mq admin statsAll` and `brokerStatus` read Apache RocketMQ's own broker: after 20 messages
// sent and consumed, statsAll shows the topic's in and out rates and day totals once the Java
// broker's 10-second sample has run, and brokerStatus its put totals. A Java referee scenario that
// exercises only our admin client: it runs once, on Node.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Producer } from '../../src/client/producer/producer.js';
import { Message } from '../../src/client/message/message.js';
import { setLogLevel } from '../../src/common/logger.js';
import { runtimeName } from '../../src/common/runtime.js';
import { countingConsumer } from '../harness/consumers.js';
import { requireReferees, startJavaBroker, startJavaNamesrv } from '../harness/java.js';
import { pollUntil } from '../harness/latch.js';
import { adminRunner } from '../harness/admin.js';

setLogLevel('error');

const TOPIC = 'JavaStatsTopic';
const GROUP = 'JavaStatsGroup';
const COUNT = 20;

test("mq admin statsAll and brokerStatus against Apache RocketMQ's broker", async (t) => {
  if (runtimeName !== 'node') {
    t.skip('Java referee scenario: runs on Node only');
    return;
  }
  if (!requireReferees(t, 'server')) return;
  const ns = await startJavaNamesrv(t);
  const broker = await startJavaBroker(t, ns.addr);
  const producer = new Producer({ producerGroup: 'JavaStatsProducer', namesrvAddr: ns.addr });
  await producer.start();
  t.after(() => producer.shutdown());
  for (let i = 0; i < COUNT; i++) await producer.send(new Message(TOPIC, `m${i}`));
  const consumer = await countingConsumer(t, ns.addr, GROUP, TOPIC);
  await pollUntil(() => consumer.delivered() >= COUNT, 'every message consumed', 30_000);

  const admin = adminRunner(t, ns.addr);
  const row = await pollUntil(
    async () => {
      const out = await admin.ok(['statsAll', '-t', TOPIC]);
      const cols = out.split('\n').map((l) => l.trim().split(/\s+/)).find((c) => c[0] === TOPIC && c[1] === GROUP);
      return cols && cols[5] === String(COUNT) && cols[6] === String(COUNT) ? cols : undefined;
    },
    "the Java broker's 10 s sample",
    40_000,
    1000,
  );
  assert.ok(Number(row[3]) > 0 && Number(row[4]) > 0, `in and out rates: ${row.join(' ')}`);

  const status = await admin.ok(['brokerStatus', '-b', broker.addr]);
  const puts = /^msgPutTotalTodayNow\s+: (\d+)$/m.exec(status);
  assert.ok(puts && Number(puts[1]) >= COUNT, status);
  // Java leaves a TPS window blank until it has that many seconds of samples; the total is always a figure.
  assert.match(status, /^getTotalTps\s+: \d+\.\d+(E-?\d+)? \d+\.\d+(E-?\d+)? \d+\.\d+(E-?\d+)?$/m);
});
