// Keeping links alive and dropping dead ones: the master sends empty frames to an idle slave every
// haSendHeartbeatInterval and drops a slave silent past haHousekeepingInterval; the slave reports
// its offset every haSendHeartbeatInterval and reconnects when its master goes silent.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { encodeReport, FrameDecoder } from '../../../src/ha/ha-codec.js';
import { HAScope } from '../../harness/ha.js';
import { pollUntil } from '../../harness/latch.js';

test('master: heartbeats to an idle slave, and a silent slave is dropped', async (t) => {
  const h = new HAScope(t);
  const m = await h.master({ haSendHeartbeatInterval: 40, haHousekeepingInterval: 400 });
  const peer = net.connect({ host: '127.0.0.1', port: m.ha.port });
  h.track(peer);
  peer.on('error', () => undefined);
  const frames: Array<[number, number]> = [];
  const decoder = new FrameDecoder();
  peer.on('data', (d: Buffer) => decoder.push(d, { header: (o, s) => (frames.push([o, s]), true), body: () => undefined }));
  const closed = new Promise<number>((r) => peer.once('close', () => r(Date.now())));
  await new Promise((r) => peer.once('connect', r));
  const reportedAt = Date.now();
  peer.write(encodeReport(0));
  await pollUntil(() => frames.length >= 3, 'heartbeats', 5000);
  for (const [offset, size] of frames) assert.deepEqual([offset, size], [0, 0], 'empty frames at the next offset');
  const closedAt = await closed;
  assert.ok(closedAt - reportedAt >= 350, `dropped after the housekeeping interval (${closedAt - reportedAt} ms)`);
  assert.equal(m.ha.connectionCount, 0);
});

test('slave: reports every heartbeat interval, and reconnects when the master goes silent', async (t) => {
  const h = new HAScope(t);
  let connections = 0;
  const reports: number[] = [];
  const server = net.createServer((s) => {
    connections++;
    s.on('error', () => undefined);
    s.on('data', (d: Buffer) => {
      for (let p = 0; p + 8 <= d.length; p += 8) reports.push(Number(d.readBigInt64BE(p)));
    });
  });
  h.track(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  const s = await h.slave(`127.0.0.1:${port}`, { haSendHeartbeatInterval: 40, haHousekeepingInterval: 400 });
  await pollUntil(() => reports.length >= 4, 'periodic reports', 5000);
  assert.ok(reports.every((r) => r === 0));
  assert.equal(connections, 1);
  await pollUntil(() => connections >= 2, 'a reconnection after the master stayed silent', 5000);
  assert.ok(s.client.connects >= 2);
});
