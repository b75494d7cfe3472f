// Peers that are wrong: a master pushing an offset the slave does not end at, frames that do not
// parse, a slave whose reports go backwards or lie beyond the master's end, a slave ahead of its
// master. Each closes only its own connection with one log line; replication of the others goes on
// and nothing stored is lost.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { encodeReport, writeFrameHeader } from '../../../src/ha/ha-codec.js';
import { PutMessageStatus } from '../../../src/store/status.js';
import { HAScope, msg } from '../../harness/ha.js';
import { pollUntil } from '../../harness/latch.js';
import { captureLogs } from '../../harness/logs.js';

/** A hand-made master: answers every connection with `reply(report)`, counting connections. */
async function fakeMaster(h: HAScope, reply: (report: number) => Buffer): Promise<{ addr: string; connections: () => number }> {
  let n = 0;
  const server = net.createServer((s) => {
    n++;
    s.on('error', () => undefined);
    s.once('data', (d: Buffer) => s.write(reply(d.readBigInt64BE(0) as unknown as number)));
  });
  h.track(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const a = server.address() as net.AddressInfo;
  return { addr: `127.0.0.1:${a.port}`, connections: () => n };
}

function frameHeader(offset: number, size: number): Buffer {
  const b = Buffer.alloc(12);
  writeFrameHeader(b, 0, offset, size);
  return b;
}

test('slave: a frame at another offset than its end closes the link and it reconnects', async (t) => {
  const h = new HAScope(t);
  const lines = captureLogs(t, 'info', true);
  const seed = await h.store({ brokerRole: 'ASYNC_MASTER' });
  await seed.putMessage(msg('Seed', 0, 'local data'));
  const dir = seed.cfg.storePathRootDir;
  await seed.close();
  const fake = await fakeMaster(h, (report) => frameHeader(Number(report) + 100, 0));
  const s = await h.slave(fake.addr, {}, dir);
  await pollUntil(() => fake.connections() >= 2, 'a reconnection', 5000);
  assert.ok(s.client.mismatches >= 1);
  assert.ok(lines.some((l) => /master pushed an offset other than this slave's commit-log end/.test(l)));
});

test('slave: a frame that does not parse closes the link; the store is untouched', async (t) => {
  const h = new HAScope(t);
  const lines = captureLogs(t, 'info', true);
  const fake = await fakeMaster(h, () => frameHeader(0, -5));
  const s = await h.slave(fake.addr);
  await pollUntil(() => fake.connections() >= 2, 'a reconnection', 5000);
  assert.equal(s.store.getMaxPhyOffset(), 0);
  assert.ok(lines.some((l) => /a frame that does not parse/.test(l)));
});

test('master: garbage from one slave closes only that connection; the real slave goes on', async (t) => {
  const h = new HAScope(t);
  const lines = captureLogs(t, 'info', true);
  const m = await h.master();
  const s = await h.slave(m.addr);
  await pollUntil(() => (m.ha.slaves()[0]?.ackOffset ?? -1) >= 0, 'the slave to report', 5000);
  for (let i = 0; i < 10; i++) await m.store.putMessage(msg('Good', 0, `m${i}`));

  const peers: Array<[string, Buffer, RegExp]> = [
    ['backwards', Buffer.concat([encodeReport(100), encodeReport(50)]), /report went backwards/],
    ['beyond the end', Buffer.concat([encodeReport(0), encodeReport(2 ** 40)]), /beyond the commit log end/],
    ['random bytes', Buffer.from('GET / HTTP/1.1\r\n\r\n'), /ahead of this master|negative offset/],
  ];
  for (const [what, bytes, line] of peers) {
    const g = net.connect({ host: '127.0.0.1', port: m.ha.port });
    h.track(g);
    g.on('error', () => undefined);
    g.on('data', () => undefined);
    const closed = new Promise((r) => g.once('close', r));
    await new Promise((r) => g.once('connect', r));
    g.write(bytes);
    await closed;
    assert.ok(lines.some((l) => line.test(l)), `a log line for ${what}`);
  }
  for (let i = 10; i < 20; i++) await m.store.putMessage(msg('Good', 0, `m${i}`));
  await pollUntil(() => s.store.getMaxPhyOffset() === m.store.getMaxPhyOffset(), 'the real slave to follow', 5000);
  assert.equal(m.ha.connectionCount, 1);
  assert.equal(s.client.connects, 1, 'the real slave was never disconnected');
});

test('master: a slave ahead of it is refused; the master keeps serving', async (t) => {
  const h = new HAScope(t);
  const lines = captureLogs(t, 'info', true);
  const ahead = await h.store({ brokerRole: 'ASYNC_MASTER' });
  for (let i = 0; i < 50; i++) await ahead.putMessage(msg('Ahead', 0, `old ${i}`));
  const aheadDir = ahead.cfg.storePathRootDir;
  const aheadMax = ahead.getMaxPhyOffset();
  await ahead.close();

  const m = await h.master();
  const r = await m.store.putMessage(msg('Master', 0, 'kept'));
  assert.equal(r.status, PutMessageStatus.PUT_OK);
  const s = await h.slave(m.addr, {}, aheadDir);
  await pollUntil(() => lines.some((l) => /slave is ahead of this master/.test(l)), 'the refusal', 5000);
  assert.equal(s.store.getMaxPhyOffset(), aheadMax, 'the slave keeps what it had');
  assert.equal((await m.store.putMessage(msg('Master', 0, 'still'))).status, PutMessageStatus.PUT_OK);
  assert.equal((await m.store.getMessage('g', 'Master', 0, 0, 10))?.messageCount, 2);
  await s.client.shutdown();
  await pollUntil(() => m.ha.connectionCount === 0, 'no connection left', 5000);
});

test('master: a slave asking for data the master no longer has is refused', async (t) => {
  const h = new HAScope(t);
  const lines = captureLogs(t, 'info', true);
  // A store that starts mid-log: a fresh slave of a master with several segments, then promoted.
  const first = await h.master();
  for (let i = 0; i < 200; i++) await first.store.putMessage(msg('Old', 0, 'o'.padEnd(900, 'o')));
  const s = await h.slave(first.addr);
  await pollUntil(() => s.store.getMaxPhyOffset() === first.store.getMaxPhyOffset(), 'the slave to catch up', 10_000);
  const dir = s.store.cfg.storePathRootDir;
  await s.client.shutdown();
  await s.store.close();
  const promoted = await h.master({}, dir);
  assert.ok(promoted.store.getMinPhyOffset() > 0);
  const g = net.connect({ host: '127.0.0.1', port: promoted.ha.port });
  h.track(g);
  g.on('error', () => undefined);
  const closed = new Promise((r) => g.once('close', r));
  await new Promise((r) => g.once('connect', r));
  g.write(encodeReport(100));
  await closed;
  assert.ok(lines.some((l) => /no longer has/.test(l)));
  assert.equal((await promoted.store.putMessage(msg('New', 0, 'after promotion'))).status, PutMessageStatus.PUT_OK);
});
