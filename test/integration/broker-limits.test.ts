// What a bad client can take from a real broker: idle connections are closed
// (serverChannelMaxIdleTimeSeconds), a client that floods pulls answered with large bodies and never
// reads them stops being read while others are served, and frames announced at 16 MiB and never
// finished hold at most serverPartialFramesMaxBytes of the broker's memory.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import { processRss } from '../../bench/fuzz-frames.js';
import { encodeFrameToBuffer, FRAME_MAX_LENGTH, FrameDecoder } from '../../src/remoting/frame.js';
import { RemotingClient } from '../../src/remoting/client.js';
import { ResponseCode } from '../../src/remoting/response-code.js';
import { pollUntil } from '../harness/latch.js';
import { startBroker, startInProcessBroker } from '../harness/servers.js';
import { pullRequest, send } from '../harness/broker-requests.js';
import { connectRaw } from '../harness/raw-socket.js';

test('the broker closes a connection idle for serverChannelMaxIdleTimeSeconds', async (t) => {
  const b = await startInProcessBroker(t, { nettyServerConfig: { serverChannelMaxIdleTimeSeconds: 1 } });
  const started = Date.now();
  const idle = await connectRaw(t, b.addr);
  await idle.closed;
  assert.ok(Date.now() - started >= 900, `closed after ${Date.now() - started} ms`);
});

test('a client flooding pulls of large messages without reading is not read, and others are served meanwhile', async (t) => {
  const b = await startInProcessBroker(t, { remotingLimits: { serverChannelMaxPendingRequests: 16 } });
  const topic = 'BigBodies';
  for (let i = 0; i < 3; i++) {
    const r = await send(b.client, b.addr, { topic, queueId: 0, body: Buffer.alloc(100 * 1024, i) });
    assert.equal(r.code, ResponseCode.SUCCESS);
  }
  const pullAll = () => pullRequest({ group: 'greedy', topic, queueId: 0, offset: 0, maxMsgNums: 32, subscription: '*' });
  const one = await b.invoke(pullAll());
  assert.equal(one.code, ResponseCode.SUCCESS);
  assert.ok(one.body!.length >= 200 * 1024, `a pull answers ${one.body!.length} bytes`);
  const greedy = await connectRaw(t, b.addr);
  const N = 300;
  const pulls = Array.from({ length: N }, () => encodeFrameToBuffer(pullAll()));
  greedy.socket.write(Buffer.concat(pulls));
  const port = greedy.socket.localPort;
  const conn = await pollUntil(
    () => [...b.controller.server.connections].find((c) => c.socket.remotePort === port && c.readingPaused),
    'the broker to stop reading the greedy client',
    20_000,
    10,
  );
  // Queued for it: the write buffer's high water mark, then at most the pulls in progress (17).
  const queued = conn.socket.writableLength;
  t.diagnostic(`queued for the greedy client when paused: ${queued} bytes; all replies: ${N * one.body!.length}`);
  assert.ok(queued <= 64 * 1024 + 17 * (one.body!.length + 1024), `${queued} bytes queued`);
  const other = new RemotingClient();
  t.after(() => other.close());
  let slowest = 0;
  for (let i = 0; i < 20; i++) {
    const begin = Date.now();
    const r = await send(other, b.addr, { topic: 'Other', queueId: 0, body: `m${i}` });
    slowest = Math.max(slowest, Date.now() - begin);
    assert.equal(r.code, ResponseCode.SUCCESS);
  }
  t.diagnostic(`slowest send of another client while the greedy one is paused: ${slowest} ms`);
  assert.equal(conn.readingPaused, true, 'still paused: it still reads nothing');
  // Once it reads, every pull is answered.
  let replies = 0;
  const decoder = new FrameDecoder();
  greedy.socket.on('data', (chunk: Buffer) => decoder.push(chunk, () => replies++));
  await pollUntil(() => replies === N, `all ${N} pull replies`, 60_000, 20);
});

test('50 clients announcing 16 MiB frames and stopping short hold at most serverPartialFramesMaxBytes', async (t) => {
  if (!fs.existsSync('/proc/self/status')) {
    t.skip('needs /proc to read the broker process RSS');
    return;
  }
  const budget = 32 * 1024 * 1024;
  const broker = await startBroker(t, { props: { serverPartialFramesMaxBytes: budget, serverFrameReadTimeoutMillis: 60_000 } });
  const pid = broker.proc.pid!;
  const client = new RemotingClient();
  t.after(() => client.close());
  assert.equal((await send(client, broker.addr, { topic: 'Warm', queueId: 0 })).code, ResponseCode.SUCCESS);
  const before = processRss(pid);
  const head = Buffer.alloc(4);
  head.writeInt32BE(FRAME_MAX_LENGTH - 4);
  const piece = Buffer.alloc(1024 * 1024);
  let peak = before;
  let closedByBroker = 0;
  const sockets: net.Socket[] = [];
  for (let i = 0; i < 50; i++) {
    const c = await connectRaw(t, broker.addr);
    sockets.push(c.socket);
    let closed = false;
    void c.closed.then(() => {
      closed = true;
      closedByBroker++;
    });
    await new Promise<void>((r) => c.socket.write(head, () => r()));
    // 12 MiB of the 16 MiB announced, then nothing more.
    for (let k = 0; k < 12 && !closed; k++) await new Promise<void>((r) => c.socket.write(piece, () => r()));
    peak = Math.max(peak, processRss(pid));
  }
  await pollUntil(() => closedByBroker >= 45, 'the broker to drop the frames past its budget', 20_000, 20);
  peak = Math.max(peak, processRss(pid));
  const grew = peak - before;
  t.diagnostic(`broker RSS ${Math.round(before / 2 ** 20)} MiB before, peak ${Math.round(peak / 2 ** 20)} MiB; 600 MiB were sent`);
  // Unbounded, the 600 MiB would stay. What the broker keeps is the budget; what its RSS shows on
  // top is garbage its runtime has not collected yet (Node: ~70 MiB; Bun and Deno: up to ~210 MiB).
  assert.ok(grew < budget + 256 * 1024 * 1024, `RSS grew by ${Math.round(grew / 2 ** 20)} MiB`);
  assert.equal((await send(client, broker.addr, { topic: 'Warm', queueId: 0 })).code, ResponseCode.SUCCESS, 'the broker still answers');
  for (const s of sockets) s.destroy();
});
