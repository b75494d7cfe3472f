// What one client may hold of a RemotingServer (server-limits.ts), over real loopback TCP: frames
// announced and never finished, connections, replies it does not read, requests in progress and
// idle time. Each time the other clients keep being served.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { RemotingServer } from '../../../src/remoting/server.js';
import { RemotingClient } from '../../../src/remoting/client.js';
import type { Connection } from '../../../src/remoting/connection.js';
import { createRequest, createResponse, type RemotingCommand } from '../../../src/remoting/command.js';
import { decodeFrameContent, encodeFrameToBuffer, FRAME_MAX_LENGTH, FrameDecoder } from '../../../src/remoting/frame.js';
import { ResponseCode } from '../../../src/remoting/response-code.js';
import { type ServerLimits, serverLimits } from '../../../src/remoting/server-limits.js';
import { setLogLevel } from '../../../src/common/logger.js';
import { pollUntil } from '../../harness/latch.js';
import { connectRaw } from '../../harness/raw-socket.js';

setLogLevel('silent');

type Ctx = { after(fn: () => void | Promise<void>): void };

const ECHO = 1000;
const BIG = 1001;
const SLOW = 1002;
const PARK = 1003;
const BIG_BODY = Buffer.alloc(256 * 1024, 7);

interface Harness {
  server: RemotingServer;
  addr: string;
  port: number;
  /** Calls of the BIG processor. */
  bigCalls: number;
  /** Resolvers of the SLOW and PARK requests in progress. */
  slow: Array<() => void>;
  conns: Connection[];
}

async function startServer(t: Ctx, limits: Partial<ServerLimits>): Promise<Harness> {
  const server = new RemotingServer('test');
  server.setLimits({ ...serverLimits(), ...limits });
  const hs: Harness = { server, addr: '', port: 0, bigCalls: 0, slow: [], conns: [] };
  server.registerProcessor(ECHO, (req) => createResponse(req, ResponseCode.SUCCESS, 'echo'));
  server.registerProcessor(BIG, (req) => {
    hs.bigCalls++;
    return createResponse(req, ResponseCode.SUCCESS, null, null, BIG_BODY);
  });
  server.registerProcessor(SLOW, (req) => new Promise((resolve) => hs.slow.push(() => resolve(createResponse(req, ResponseCode.SUCCESS)))));
  server.registerProcessor(PARK, (req, conn) => {
    conn.park(req);
    return new Promise((resolve) => hs.slow.push(() => resolve(createResponse(req, ResponseCode.SUCCESS))));
  });
  server.onConnect((c) => hs.conns.push(c));
  hs.port = await server.listen(0, '127.0.0.1');
  hs.addr = `127.0.0.1:${hs.port}`;
  t.after(() => server.close());
  return hs;
}

function write(socket: net.Socket, data: Buffer): Promise<void> {
  return new Promise((resolve) => socket.write(data, () => resolve()));
}

function echoOver(t: Ctx, addr: string): Promise<RemotingCommand> {
  const client = new RemotingClient();
  t.after(() => client.close());
  return client.invoke(addr, createRequest(ECHO, null), 5000);
}

test('FrameDecoder: held frames stay buffered, and resume() goes on where it stopped', () => {
  const d = new FrameDecoder();
  const frames = [1, 2, 3, 4].map((i) => encodeFrameToBuffer(createRequest(ECHO, { i: String(i) })));
  const got: string[] = [];
  const onFrame = (c: Buffer) => {
    got.push(decodeFrameContent(c).extFields!.i!);
    if (got.length === 2) d.held = true;
  };
  d.push(Buffer.concat(frames.slice(0, 3)), onFrame);
  assert.deepEqual(got, ['1', '2']);
  assert.equal(d.buffered, frames[2]!.length);
  d.push(frames[3]!, onFrame);
  assert.deepEqual(got, ['1', '2'], 'nothing delivered while held');
  d.resume(onFrame);
  assert.deepEqual(got, ['1', '2', '3', '4']);
  assert.equal(d.buffered, 0);
  assert.equal(d.frames, 4);
});

test('frames never finished: held within serverPartialFramesMaxBytes together, and closed after serverFrameReadTimeoutMillis', async (t) => {
  const max = 2 * 1024 * 1024;
  const hs = await startServer(t, { partialFramesMaxBytes: max, frameReadTimeoutMs: 1000 });
  const part = Buffer.alloc(512 * 1024);
  const head = Buffer.alloc(4);
  head.writeInt32BE(FRAME_MAX_LENGTH - 4);
  const peers: Array<{ socket: net.Socket; closed: Promise<void>; isClosed: () => boolean }> = [];
  let peak = 0;
  // Ten peers announce 16 MiB frames and send 512 KiB of each: 5 MiB, where 2 MiB are allowed.
  for (let i = 0; i < 10; i++) {
    const p = await connectRaw(t, hs.addr);
    let closed = false;
    void p.closed.then(() => (closed = true));
    await write(p.socket, head);
    for (let k = 0; k < 8 && !closed; k++) {
      await write(p.socket, part.subarray(0, part.length / 8));
      peak = Math.max(peak, hs.server.unfinishedFrameBytes);
    }
    peers.push({ ...p, isClosed: () => closed });
  }
  await pollUntil(() => peers.filter((p) => p.isClosed()).length >= 6, 'peers past the budget to be closed', 5000, 10);
  assert.ok(peak <= max + 64 * 1024, `at most the budget and one read held (${peak})`);
  assert.equal((await echoOver(t, hs.addr)).remark, 'echo', 'other clients are served');
  // The rest stall: their frames are dropped once they are older than the deadline.
  await Promise.all(peers.map((p) => p.closed));
  assert.equal(hs.server.unfinishedFrameBytes, 0);
  // A frame that keeps arriving and completes in time is not affected.
  const ok = await connectRaw(t, hs.addr);
  const frame = encodeFrameToBuffer(createRequest(ECHO, null, Buffer.alloc(1024 * 1024)));
  const reply = new Promise<Buffer>((resolve) => ok.socket.once('data', resolve));
  for (let off = 0; off < frame.length; off += 64 * 1024) await write(ok.socket, frame.subarray(off, off + 64 * 1024));
  assert.ok((await reply).length > 8);
});

test('a connection past serverMaxConnections is closed at once; a freed place is taken again', async (t) => {
  const hs = await startServer(t, { maxConnections: 2 });
  const a = await connectRaw(t, hs.addr);
  await connectRaw(t, hs.addr);
  await pollUntil(() => hs.server.connections.size === 2, 'two connections', 5000, 5);
  const third = await connectRaw(t, hs.addr);
  await third.closed;
  assert.equal(hs.server.connections.size, 2);
  a.socket.destroy();
  await pollUntil(() => hs.server.connections.size === 1, 'the first to go', 5000, 5);
  assert.equal((await echoOver(t, hs.addr)).remark, 'echo');
});

test('a peer that does not read its replies is not read either; others are served, and it gets every reply once it reads', async (t) => {
  const hs = await startServer(t, {});
  const greedy = await connectRaw(t, hs.addr);
  const N = 400;
  const requests = Buffer.concat(Array.from({ length: N }, () => encodeFrameToBuffer(createRequest(BIG, null))));
  greedy.socket.write(requests);
  // The peer reads nothing: the server stops reading it once its replies pile up.
  const conn = await pollUntil(() => hs.conns.find((c) => c.readingPaused), 'the server to stop reading the greedy peer', 10_000, 10);
  const held = hs.bigCalls;
  assert.ok(held < N, `answered ${held} of ${N} before pausing`);
  assert.ok(conn.socket.writableLength <= 64 * 1024 + BIG_BODY.length + 1024, `queued ${conn.socket.writableLength} bytes`);
  assert.equal((await echoOver(t, hs.addr)).remark, 'echo', 'another client is served meanwhile');
  assert.equal(hs.bigCalls, held, 'still not read');
  // Once it reads, it gets every reply, in order.
  const decoder = new FrameDecoder();
  let replies = 0;
  greedy.socket.on('data', (chunk: Buffer) => decoder.push(chunk, () => replies++));
  await pollUntil(() => replies === N, `all ${N} replies`, 20_000, 10);
  assert.equal(hs.bigCalls, N);
});

test('past serverChannelMaxPendingRequests requests in progress, reading pauses until some end; parked ones do not count', async (t) => {
  const hs = await startServer(t, { maxPendingRequests: 5 });
  const peer = await connectRaw(t, hs.addr);
  let replies = 0;
  const decoder = new FrameDecoder();
  peer.socket.on('data', (chunk: Buffer) => decoder.push(chunk, () => replies++));
  const parked = Array.from({ length: 10 }, () => encodeFrameToBuffer(createRequest(PARK, null)));
  await write(peer.socket, Buffer.concat(parked));
  await pollUntil(() => hs.slow.length === 10, 'ten parked requests', 5000, 5);
  const conn = hs.conns[0]!;
  assert.equal(conn.readingPaused, false, 'parked requests do not count');
  await write(peer.socket, Buffer.concat(Array.from({ length: 20 }, () => encodeFrameToBuffer(createRequest(SLOW, null)))));
  await pollUntil(() => hs.slow.length === 16, 'six slow requests: one past the limit', 5000, 5);
  assert.equal(conn.readingPaused, true);
  assert.equal(conn.pendingRequests, 6);
  assert.equal((await echoOver(t, hs.addr)).remark, 'echo', 'another client is served meanwhile');
  assert.equal(hs.slow.length, 16, 'nothing more read from the busy peer');
  for (let answered = 0; answered < 30; answered++) {
    await pollUntil(() => hs.slow.length > 0 && hs.slow, 'a request to answer', 5000, 2);
    hs.slow.shift()!();
  }
  await pollUntil(() => replies === 30, 'all thirty replies', 5000, 5);
  assert.equal(conn.pendingRequests, 0);
  assert.equal(conn.readingPaused, false);
});

test('a connection with no traffic for serverChannelMaxIdleTimeSeconds is closed', async (t) => {
  const hs = await startServer(t, { channelMaxIdleMs: 150 });
  const idle = await connectRaw(t, hs.addr);
  const started = Date.now();
  await idle.closed;
  assert.ok(Date.now() - started >= 100, 'not before it was idle');
});
