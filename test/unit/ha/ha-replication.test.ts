// Replication end to end inside one process: a master store with its HA service and a slave store
// with its HA client, on loopback. The slave's segment files must equal the master's byte for byte
// over the replicated range (blank markers and rolls included) and its own consume queues must
// serve every message.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PutMessageStatus } from '../../../src/store/status.js';
import type { MessageStore } from '../../../src/store/message-store.js';
import { bodiesOf, commitLogBytes, HAScope, msg } from '../../harness/ha.js';
import { pollUntil } from '../../harness/latch.js';

const SEG = 64 * 1024;

async function load(store: MessageStore, topic: string, from: number, count: number, bodySize = 900): Promise<string[]> {
  const bodies: string[] = [];
  const puts = [];
  for (let i = from; i < from + count; i++) {
    const body = `${topic}-${String(i).padStart(6, '0')}-`.padEnd(bodySize, 'x');
    bodies.push(body);
    puts.push(store.putMessage(msg(topic, i % 4, body, { TAGS: 'TagA', KEYS: `k${i}` })));
  }
  for (const r of await Promise.all(puts)) assert.equal(r.status, PutMessageStatus.PUT_OK);
  return bodies;
}

function assertSameBytes(master: MessageStore, slave: MessageStore, from: number): void {
  const to = master.getMaxPhyOffset();
  assert.equal(slave.getMaxPhyOffset(), to);
  const a = commitLogBytes(master.cfg.storePathRootDir, from, to, SEG);
  const b = commitLogBytes(slave.cfg.storePathRootDir, from, to, SEG);
  assert.ok(a.equals(b), `commit logs differ over [${from}, ${to})`);
}

test('a slave replicates every byte, across segment rolls, and serves every message from its own queues', async (t) => {
  const h = new HAScope(t);
  const m = await h.master();
  const s = await h.slave(m.addr);
  const arrivals: number[] = [];
  s.store.setMessageArrivingListener((_topic, _q, logicOffset) => arrivals.push(logicOffset));
  await pollUntil(() => (m.ha.slaves()[0]?.ackOffset ?? -1) >= 0, 'the slave to report', 5000);

  const bodies = await load(m.store, 'HaTopic', 0, 300);
  assert.ok(m.store.getMaxPhyOffset() > 4 * SEG, 'the load rolls several segments');
  await pollUntil(() => s.store.getMaxPhyOffset() === m.store.getMaxPhyOffset(), 'the slave to catch up', 10_000);
  assertSameBytes(m.store, s.store, 0);
  await pollUntil(() => s.store.dispatchBehindBytes() === 0, 'the slave to dispatch', 5000);
  assert.deepEqual(await bodiesOf(s.store, 'HaTopic', 4), bodies.slice().sort());
  for (let q = 0; q < 4; q++) assert.equal(s.store.getMaxOffsetInQueue('HaTopic', q), m.store.getMaxOffsetInQueue('HaTopic', q));
  assert.equal(arrivals.length, 300, 'the arrival hook fired for every replicated message');
  const byKey = await s.store.queryMessage('HaTopic', 'k123', 10, 0, Date.now() + 1000);
  assert.equal(byKey.messageBuffers.length, 1, 'the slave indexed the keys');
  await pollUntil(() => m.ha.slaves()[0]!.ackOffset === m.store.getMaxPhyOffset(), 'the acknowledgement', 5000);
  assert.equal(m.ha.slaveFallBehindMuch(), 0);
});

test("a fresh slave starts at the beginning of the master's last segment", async (t) => {
  const h = new HAScope(t);
  const m = await h.master();
  await load(m.store, 'Before', 0, 200);
  const max = m.store.getMaxPhyOffset();
  const lastBase = max - (max % SEG);
  assert.ok(lastBase >= 2 * SEG);
  const s = await h.slave(m.addr);
  await pollUntil(() => s.store.getMaxPhyOffset() === m.store.getMaxPhyOffset(), 'the slave to catch up', 10_000);
  assert.equal(s.store.getMinPhyOffset(), lastBase);
  assert.equal(m.ha.slaves()[0]!.requestOffset, 0);
  const more = await load(m.store, 'After', 0, 100);
  await pollUntil(() => s.store.getMaxPhyOffset() === m.store.getMaxPhyOffset(), 'the slave to follow', 10_000);
  assertSameBytes(m.store, s.store, lastBase);
  await pollUntil(() => s.store.dispatchBehindBytes() === 0, 'the slave to dispatch', 5000);
  assert.deepEqual(await bodiesOf(s.store, 'After', 4), more.slice().sort());
  // Messages of the last segment before the slave came are there too, at the master's queue offsets.
  const firstInSlave = await s.store.getMessage('g', 'Before', 0, s.store.getMinOffsetInQueue('Before', 0), 1);
  assert.equal(firstInSlave?.messageCount, 1);
});

test('the slave catches up after a restart of the slave, then of the master at a new address', async (t) => {
  const h = new HAScope(t);
  const masterDir = h.dir();
  const slaveDir = h.dir();
  let m = await h.master({}, masterDir);
  let s = await h.slave(m.addr, {}, slaveDir);
  await pollUntil(() => (m.ha.slaves()[0]?.ackOffset ?? -1) >= 0, 'the slave to report', 5000);
  const all = await load(m.store, 'Restart', 0, 100);
  await pollUntil(() => s.store.getMaxPhyOffset() === m.store.getMaxPhyOffset(), 'the first catch-up', 10_000);

  // The slave goes away; the master goes on; the slave comes back on the same store.
  await s.client.shutdown();
  await s.store.close();
  await pollUntil(() => m.ha.connectionCount === 0, 'the master to notice', 5000);
  all.push(...(await load(m.store, 'Restart', 100, 100)));
  s = await h.slave(m.addr, {}, slaveDir);
  await pollUntil(() => s.store.getMaxPhyOffset() === m.store.getMaxPhyOffset(), 'the catch-up after the slave restarted', 10_000);
  assert.ok((m.ha.slaves()[0]?.requestOffset ?? 0) > 0, 'the slave asked for what it lacked');

  // The master restarts on its store, listening elsewhere; the slave is told the new address.
  await m.ha.shutdown();
  await m.store.close();
  m = await h.master({}, masterDir);
  all.push(...(await load(m.store, 'Restart', 200, 100)));
  s.client.updateMasterAddress(m.addr);
  await pollUntil(() => s.store.getMaxPhyOffset() === m.store.getMaxPhyOffset(), 'the catch-up after the master restarted', 10_000);
  assertSameBytes(m.store, s.store, 0);
  await pollUntil(() => s.store.dispatchBehindBytes() === 0, 'the slave to dispatch', 5000);
  assert.deepEqual(await bodiesOf(s.store, 'Restart', 4), all.slice().sort());
});
