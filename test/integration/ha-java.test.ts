// Replication interop with Apache RocketMQ's own HA (4.9.7 servers): our slave store and HA client
// replicate from a Java master loaded by the Java quickstart producer, and a Java SLAVE broker
// replicates from our master store and HA service. Either way the replicated range of the commit
// log must be byte-identical to the other side's files.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { requireReferees, runJavaClient, startJavaBroker, startJavaNamesrv } from '../harness/java.js';
import { PutMessageStatus } from '../../src/store/status.js';
import { bodiesOf, commitLogBytes, HAScope, msg } from '../harness/ha.js';
import { pollUntil } from '../harness/latch.js';

const SEG = 16 * 1024 * 1024; // the Java harness's mappedFileSizeCommitLog

test('our slave replicates from a Java master: identical bytes, all 1000 messages in its queues', async (t) => {
  if (!requireReferees(t)) return;
  const h = new HAScope(t);
  const ns = await startJavaNamesrv(t);
  const master = await startJavaBroker(t, ns.addr, { brokerRole: 'ASYNC_MASTER' });
  const p = await runJavaClient('mqtest.QuickProducer', ['-count', '1000', '-topic', 'HaJavaTopic'], { env: { NAMESRV_ADDR: ns.addr } });
  assert.equal(p.code, 0, p.stdout.slice(-1500) + p.stderr.slice(-1500));

  const s = await h.slave(`127.0.0.1:${master.port + 1}`, { mappedFileSizeCommitLog: SEG });
  const total = () => {
    let n = 0;
    for (const q of s.store.topicQueues().get('HaJavaTopic') ?? []) n += s.store.getMaxOffsetInQueue('HaJavaTopic', q);
    return n;
  };
  await pollUntil(() => total() === 1000, 'the slave to hold all 1000 messages', 60_000);
  const queues = Math.max(...(s.store.topicQueues().get('HaJavaTopic') ?? [0])) + 1;
  const bodies = await bodiesOf(s.store, 'HaJavaTopic', queues);
  assert.deepEqual(bodies, Array.from({ length: 1000 }, (_, i) => `Hello RocketMQ ${i}`).sort());
  const end = s.store.getMaxPhyOffset();
  assert.equal(s.store.getMinPhyOffset(), 0);
  const ours = commitLogBytes(s.store.cfg.storePathRootDir, 0, end, SEG);
  const theirs = commitLogBytes(master.storeDir, 0, end, SEG);
  assert.ok(ours.equals(theirs), "the replicated commit log equals the Java master's");
});

test('a Java SLAVE broker replicates from our master: identical bytes, acknowledged', async (t) => {
  if (!requireReferees(t)) return;
  const h = new HAScope(t);
  const m = await h.master({ mappedFileSizeCommitLog: SEG });
  const put = async (from: number, n: number) => {
    const rs = await Promise.all(
      Array.from({ length: n }, (_, i) => m.store.putMessage(msg('HaOurTopic', (from + i) % 4, `ours ${from + i}`, { TAGS: 'TagA' }))),
    );
    for (const r of rs) assert.equal(r.status, PutMessageStatus.PUT_OK);
  };
  await put(0, 500);
  const ns = await startJavaNamesrv(t);
  const slave = await startJavaBroker(t, ns.addr, {
    brokerRole: 'SLAVE',
    brokerId: 1,
    haMasterAddress: `127.0.0.1:${m.ha.port}`,
    haSendHeartbeatInterval: 1000,
  });
  await pollUntil(() => (m.ha.slaves()[0]?.ackOffset ?? -1) >= 0, 'the Java slave to report', 30_000);
  await put(500, 500);
  const end = m.store.getMaxPhyOffset();
  await pollUntil(() => m.ha.slaves()[0]?.ackOffset === end, 'the Java slave to acknowledge everything', 30_000);
  const file = path.join(slave.storeDir, 'commitlog', '0'.repeat(20));
  assert.ok(fs.existsSync(file));
  const theirs = commitLogBytes(slave.storeDir, 0, end, SEG);
  const ours = commitLogBytes(m.store.cfg.storePathRootDir, 0, end, SEG);
  assert.ok(ours.equals(theirs), "the Java slave's commit log equals ours");
});
