// SYNC_MASTER: a put is answered once a slave acknowledged it (Java's GroupTransferService),
// FLUSH_SLAVE_TIMEOUT when none does in time, SLAVE_NOT_AVAILABLE at once without a slave in sync;
// WAIT=false and ASYNC_MASTER never wait.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { encodeReport } from '../../../src/ha/ha-codec.js';
import { PutMessageStatus } from '../../../src/store/status.js';
import { HAScope, msg } from '../../harness/ha.js';
import { pollUntil } from '../../harness/latch.js';

/** A hand-made slave that sends one report and then says nothing. */
async function mutePeer(h: HAScope, port: number, report: number): Promise<net.Socket> {
  const s = net.connect({ host: '127.0.0.1', port });
  h.track(s);
  s.on('error', () => undefined);
  s.on('data', () => undefined);
  await new Promise((r) => s.once('connect', r));
  s.write(encodeReport(report));
  return s;
}

test('SYNC_MASTER: puts are answered when the slave acknowledged them, many per acknowledgement', async (t) => {
  const h = new HAScope(t);
  const m = await h.master({ brokerRole: 'SYNC_MASTER', slaveTimeout: 10_000 });
  const s = await h.slave(m.addr);
  await pollUntil(() => m.ha.connectionCount === 1 && m.ha.slaves()[0]!.ackOffset >= 0, 'the slave to connect', 5000);
  for (let i = 0; i < 5; i++) {
    const r = await m.store.putMessage(msg('Sync', 0, `one ${i}`));
    assert.equal(r.status, PutMessageStatus.PUT_OK);
    assert.ok(s.store.getMaxPhyOffset() >= r.wroteOffset + r.wroteBytes, 'the slave had the message when the put was answered');
  }
  const results = await Promise.all(Array.from({ length: 200 }, (_, i) => m.store.putMessage(msg('Sync', i % 4, `many ${i}`))));
  for (const r of results) assert.equal(r.status, PutMessageStatus.PUT_OK);
  assert.ok(m.ha.ackedOffset >= m.store.getMaxPhyOffset());
  assert.equal(m.ha.waits.waiting, 0);

  // Under SYNC_FLUSH too: the flush first, then the slave.
  const batch = await m.store.putMessages([msg('Batch', 0, 'a'), msg('Batch', 0, 'b')]);
  assert.equal(batch.status, PutMessageStatus.PUT_OK);
  assert.ok(s.store.getMaxPhyOffset() >= batch.wroteOffset + batch.wroteBytes);
});

test('SYNC_MASTER with SYNC_FLUSH waits for the disk and then for the slave', async (t) => {
  const h = new HAScope(t);
  const m = await h.master({ brokerRole: 'SYNC_MASTER', flushDiskType: 'SYNC_FLUSH', slaveTimeout: 10_000 });
  const s = await h.slave(m.addr);
  await pollUntil(() => m.ha.connectionCount === 1 && m.ha.slaves()[0]!.ackOffset >= 0, 'the slave to connect', 5000);
  const results = await Promise.all(Array.from({ length: 50 }, (_, i) => m.store.putMessage(msg('SyncFlush', 0, `m ${i}`))));
  for (const r of results) {
    assert.equal(r.status, PutMessageStatus.PUT_OK);
    assert.ok(s.store.getMaxPhyOffset() >= r.wroteOffset + r.wroteBytes);
    assert.ok(m.store.flushProgress().flushedOffset >= r.wroteOffset + r.wroteBytes);
  }
});

test('SYNC_MASTER: FLUSH_SLAVE_TIMEOUT when the slave stops acknowledging; the message stays stored', async (t) => {
  const h = new HAScope(t);
  const m = await h.master({ brokerRole: 'SYNC_MASTER', slaveTimeout: 200 });
  await mutePeer(h, m.ha.port, 0);
  await pollUntil(() => m.ha.slaves()[0]?.ackOffset === 0, 'the mute slave to report', 5000);
  const t0 = Date.now();
  const results = await Promise.all([m.store.putMessage(msg('Late', 0, 'x')), m.store.putMessage(msg('Late', 0, 'y'))]);
  for (const r of results) assert.equal(r.status, PutMessageStatus.FLUSH_SLAVE_TIMEOUT);
  assert.ok(Date.now() - t0 >= 150, 'it waited for the slave');
  assert.equal((await m.store.getMessage('g', 'Late', 0, 0, 10))?.messageCount, 2);
  assert.equal(m.ha.waits.waiting, 0);
});

test('SYNC_MASTER: SLAVE_NOT_AVAILABLE at once without a slave, or with one too far behind', async (t) => {
  const h = new HAScope(t);
  const m = await h.master({ brokerRole: 'SYNC_MASTER', slaveTimeout: 60_000, haSlaveFallbehindMax: 4096 });
  const r = await m.store.putMessage(msg('NoSlave', 0, 'x'));
  assert.equal(r.status, PutMessageStatus.SLAVE_NOT_AVAILABLE);
  assert.equal((await m.store.getMessage('g', 'NoSlave', 0, 0, 10))?.messageCount, 1, 'stored all the same');
  // WAIT=false does not wait for anyone.
  assert.equal((await m.store.putMessage(msg('NoSlave', 0, 'y', { WAIT: 'false' }))).status, PutMessageStatus.PUT_OK);
  assert.equal((await m.store.putMessage(msg('NoSlave', 0, 'z', {}, { waitStoreMsgOK: false }))).status, PutMessageStatus.PUT_OK);

  // A slave that acknowledged nothing while the master holds more than haSlaveFallbehindMax.
  for (let i = 0; i < 20; i++) await m.store.putMessage(msg('NoSlave', 1, 'p'.padEnd(500, 'p'), { WAIT: 'false' }));
  await mutePeer(h, m.ha.port, 0);
  await pollUntil(() => m.ha.connectionCount === 1 && m.ha.slaves()[0]!.ackOffset === 0, 'the slave to report', 5000);
  assert.equal((await m.store.putMessage(msg('NoSlave', 2, 'far'))).status, PutMessageStatus.SLAVE_NOT_AVAILABLE);
});

test('ASYNC_MASTER never waits for a slave', async (t) => {
  const h = new HAScope(t);
  const m = await h.master({ brokerRole: 'ASYNC_MASTER' });
  await mutePeer(h, m.ha.port, 0);
  await pollUntil(() => m.ha.connectionCount === 1, 'the slave to connect', 5000);
  assert.equal((await m.store.putMessage(msg('Async', 0, 'x'))).status, PutMessageStatus.PUT_OK);
  assert.equal(m.ha.waits.waiting, 0);
});
