// RemotingServer and RemotingClient over real loopback TCP: dispatch, error replies, timeouts,
// oneway, reconnects, server-to-client requests, clean shutdown, and hostile input.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { RemotingServer } from '../../../src/remoting/server.js';
import { RemotingClient } from '../../../src/remoting/client.js';
import type { Connection } from '../../../src/remoting/connection.js';
import {
  createRequest,
  createResponse,
  type RemotingCommand,
  SerializeType,
  type SerializeTypeValue,
} from '../../../src/remoting/command.js';
import { decodeFrameContent, encodeFrameToBuffer, FRAME_MAX_LENGTH, FrameDecoder } from '../../../src/remoting/frame.js';
import { RemotingConnectError, RemotingSendRequestError, RemotingTimeoutError, ServerResponseError } from '../../../src/remoting/errors.js';
import { ResponseCode } from '../../../src/remoting/response-code.js';
import { defineHeader, h } from '../../../src/remoting/header.js';
import { setLogLevel } from '../../../src/common/logger.js';

setLogLevel('silent');

type Ctx = { after(fn: () => void | Promise<void>): void };

const EchoHeader = defineHeader('EchoHeader', { topic: h.str(), queueId: h.int() });

async function startServer(t: Ctx, setup?: (s: RemotingServer) => void): Promise<{ server: RemotingServer; addr: string }> {
  const server = new RemotingServer('test');
  server.registerProcessor(1000, (req) => createResponse(req, ResponseCode.SUCCESS, null, { echo: req.extFields?.x ?? '' }, req.body));
  server.registerProcessor(1001, async (req) => {
    const hdr = EchoHeader.decode(req.extFields);
    await Promise.resolve();
    return createResponse(req, ResponseCode.SUCCESS, `${hdr.topic}:${hdr.queueId}`);
  });
  server.registerProcessor(1002, () => {
    throw new ServerResponseError(ResponseCode.TOPIC_NOT_EXIST, 'topic[x] not exist');
  });
  server.registerProcessor(1003, () => null); // never answers
  server.registerProcessor(1004, () => {
    throw new Error('boom');
  });
  setup?.(server);
  const port = await server.listen(0, '127.0.0.1');
  t.after(() => server.close());
  return { server, addr: `127.0.0.1:${port}` };
}

function newClient(t: Ctx, opts?: ConstructorParameters<typeof RemotingClient>[0]): RemotingClient {
  const c = new RemotingClient(opts);
  t.after(() => c.close());
  return c;
}

/** A raw socket that records the frames it receives and when it closes. */
async function rawSocket(t: Ctx, addr: string) {
  const [host, port] = [addr.slice(0, addr.lastIndexOf(':')), Number(addr.slice(addr.lastIndexOf(':') + 1))];
  const socket = net.connect({ host, port });
  t.after(() => {
    socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  socket.on('error', () => undefined);
  const frames: RemotingCommand[] = [];
  const decoder = new FrameDecoder();
  let onFrame: (() => void) | null = null;
  socket.on('data', (chunk: Buffer) =>
    decoder.push(chunk, (c) => {
      frames.push(decodeFrameContent(c));
      onFrame?.();
    }));
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return {
    socket,
    frames,
    closed,
    nextFrame(): Promise<RemotingCommand> {
      if (frames.length > 0) return Promise.resolve(frames.shift()!);
      return new Promise((resolve) => {
        onFrame = () => {
          onFrame = null;
          resolve(frames.shift()!);
        };
      });
    },
  };
}

function noLeakedTimers(): void {
  const info = (process as unknown as { getActiveResourcesInfo?: () => string[] }).getActiveResourcesInfo;
  if (typeof info !== 'function') return;
  assert.deepEqual(info().filter((r) => r === 'Timeout'), [], 'no timers left behind');
}

const TYPES: Array<[string, SerializeTypeValue]> = [
  ['JSON', SerializeType.JSON],
  ['ROCKETMQ', SerializeType.ROCKETMQ],
];

for (const [name, type] of TYPES) {
  test(`dispatch by code, reply in the request's serialize type (${name})`, async (t) => {
    const { addr } = await startServer(t);
    const client = newClient(t);
    const body = Buffer.from('payload ✓');
    const res = await client.invoke(addr, createRequest(1000, { x: 'K\u0001V' }, body, type), 3000);
    assert.equal(res.code, ResponseCode.SUCCESS);
    assert.equal(res.serializeType, type);
    assert.equal(res.flag & 1, 1);
    assert.deepEqual(res.extFields, { echo: 'K\u0001V' });
    assert.equal(Buffer.from(res.body!).toString(), 'payload ✓');
    const res2 = await client.invoke(addr, createRequest(1001, { topic: 'T', queueId: '3' }, null, type), 3000);
    assert.equal(res2.remark, 'T:3');
  });

  test(`unknown code -> REQUEST_CODE_NOT_SUPPORTED (${name})`, async (t) => {
    const { addr } = await startServer(t);
    const res = await newClient(t).invoke(addr, createRequest(9999, null, null, type), 3000);
    assert.equal(res.code, ResponseCode.REQUEST_CODE_NOT_SUPPORTED);
    assert.equal(res.remark, ' request type 9999 not supported');
    assert.equal(res.serializeType, type);
  });
}

test('RemotingServer / RemotingClient: ServerResponseError becomes its code and remark; other errors SYSTEM_ERROR', async (t) => {
  const { addr } = await startServer(t);
  const client = newClient(t);
  const res = await client.invoke(addr, createRequest(1002), 3000);
  assert.equal(res.code, ResponseCode.TOPIC_NOT_EXIST);
  assert.equal(res.remark, 'topic[x] not exist');
  const res2 = await client.invoke(addr, createRequest(1004), 3000);
  assert.equal(res2.code, ResponseCode.SYSTEM_ERROR);
  assert.match(res2.remark!, /boom/);
});

test('RemotingServer / RemotingClient: missing required header field -> SYSTEM_ERROR "the custom field <x> is null"', async (t) => {
  const { addr } = await startServer(t);
  const client = newClient(t);
  for (const type of [SerializeType.JSON, SerializeType.ROCKETMQ]) {
    const res = await client.invoke(addr, createRequest(1001, { queueId: '1' }, null, type), 3000);
    assert.equal(res.code, ResponseCode.SYSTEM_ERROR);
    assert.equal(res.remark, 'the custom field <topic> is null');
  }
});

test('RemotingServer / RemotingClient: timeout rejects with RemotingTimeoutError and forgets the request', async (t) => {
  const { addr } = await startServer(t);
  const client = newClient(t);
  await assert.rejects(client.invoke(addr, createRequest(1003), 50), RemotingTimeoutError);
  const res = await client.invoke(addr, createRequest(1000, { x: 'after' }), 3000);
  assert.equal(res.extFields!.echo, 'after');
});

test('RemotingServer / RemotingClient: oneway requests reach the processor and get no reply', async (t) => {
  let onewaySeen!: () => void;
  const seen = new Promise<void>((r) => (onewaySeen = r));
  const { addr } = await startServer(t, (s) =>
    s.registerProcessor(1005, (req) => {
      assert.equal(req.flag & 2, 2);
      onewaySeen();
      return createResponse(req, ResponseCode.SUCCESS, 'must not be sent');
    }));
  const raw = await rawSocket(t, addr);
  const oneway = createRequest(1005);
  oneway.flag |= 2;
  raw.socket.write(encodeFrameToBuffer(oneway));
  await seen;
  const req = createRequest(1000, { x: 'second' });
  raw.socket.write(encodeFrameToBuffer(req));
  const first = await raw.nextFrame();
  assert.equal(first.opaque, req.opaque, 'the first reply answers the two-way request');

  const client = newClient(t);
  await client.invokeOneway(addr, createRequest(1000, { x: 'via client' }));
});

test('RemotingServer: the request check runs before every processor (oneway and unknown codes too); what it throws is the answer', async (t) => {
  const checked: number[] = [];
  const processed: number[] = [];
  const { server, addr } = await startServer(t, (s) => {
    s.registerProcessor(1005, (req) => {
      processed.push(req.code);
      return createResponse(req, ResponseCode.SUCCESS, null);
    });
    s.setRequestCheck((req, conn) => {
      checked.push(req.code);
      assert.match(conn.remoteAddress, /^127\.0\.0\.1:\d+$/);
      if (req.extFields?.pass !== 'yes') throw new ServerResponseError(ResponseCode.NO_PERMISSION, `refused ${req.code}`);
    });
  });
  const client = newClient(t);
  const ok = await client.invoke(addr, createRequest(1005, { pass: 'yes' }), 2000);
  assert.equal(ok.code, ResponseCode.SUCCESS);
  const refused = await client.invoke(addr, createRequest(1005), 2000);
  assert.deepEqual([refused.code, refused.remark], [ResponseCode.NO_PERMISSION, 'refused 1005']);
  const unknown = await client.invoke(addr, createRequest(4242), 2000);
  assert.deepEqual([unknown.code, unknown.remark], [ResponseCode.NO_PERMISSION, 'refused 4242']);
  // A refused oneway request reaches no processor and is answered with nothing: the next reply is the next request's.
  const raw = await rawSocket(t, addr);
  const oneway = createRequest(1005);
  oneway.flag |= 2;
  raw.socket.write(encodeFrameToBuffer(oneway));
  const next = createRequest(1005, { pass: 'yes' });
  raw.socket.write(encodeFrameToBuffer(next));
  assert.equal((await raw.nextFrame()).opaque, next.opaque);
  assert.deepEqual(checked, [1005, 1005, 4242, 1005, 1005]);
  assert.deepEqual(processed, [1005, 1005]);
  // Removed, nothing is checked any more.
  server.setRequestCheck(undefined);
  assert.equal((await client.invoke(addr, createRequest(1005), 2000)).code, ResponseCode.SUCCESS);
  assert.equal(checked.length, 5);
});

test('RemotingServer / RemotingClient: a server can call its client (NOTIFY_CONSUMER_IDS_CHANGED style) and get answers', async (t) => {
  let serverSide!: (c: Connection) => void;
  const connected = new Promise<Connection>((r) => (serverSide = r));
  const { addr } = await startServer(t, (s) => s.onConnect((c) => serverSide(c)));
  const client = newClient(t, {
    onRequest: (conn, req) => conn.write(createResponse(req, ResponseCode.SUCCESS, `client saw ${req.code}`)),
  });
  await client.getConnection(addr);
  const conn = await connected;
  for (const type of [SerializeType.JSON, SerializeType.ROCKETMQ]) {
    const res = await conn.invoke(createRequest(307, { consumerGroup: 'g' }, null, type), 3000);
    assert.equal(res.remark, 'client saw 307');
    assert.equal(res.serializeType, type);
  }
});

test('RemotingServer / RemotingClient: reconnects after the server closes the channel; pending requests fail fast', async (t) => {
  const { server, addr } = await startServer(t);
  const client = newClient(t);
  const first = await client.getConnection(addr);
  const pending = client.invoke(addr, createRequest(1003), 60000);
  const closed = new Promise<void>((r) => first.onClosed(() => r()));
  for (const c of server.connections) c.close();
  await closed;
  await assert.rejects(pending, RemotingSendRequestError);
  const res = await client.invoke(addr, createRequest(1000, { x: 'again' }), 3000);
  assert.equal(res.extFields!.echo, 'again');
  assert.notEqual(await client.getConnection(addr), first);
});

test('RemotingServer / RemotingClient: connect failure is a RemotingConnectError', async (t) => {
  const probe = net.createServer();
  const port = await new Promise<number>((r) => probe.listen(0, '127.0.0.1', () => r((probe.address() as net.AddressInfo).port)));
  await new Promise<void>((r) => probe.close(() => r()));
  const client = newClient(t);
  await assert.rejects(client.invoke(`127.0.0.1:${port}`, createRequest(1000), 1000), RemotingConnectError);
  await assert.rejects(client.invoke('no-port', createRequest(1000), 1000), RemotingConnectError);
});

test('RemotingServer / RemotingClient: clean close: pending requests rejected, no timers left, closed client refuses work', async (t) => {
  const { server, addr } = await startServer(t);
  const client = new RemotingClient();
  await client.invoke(addr, createRequest(1000), 3000);
  const pending = client.invoke(addr, createRequest(1003), 60000);
  await client.close();
  await assert.rejects(pending, RemotingSendRequestError);
  await assert.rejects(client.invoke(addr, createRequest(1000), 1000), RemotingConnectError);
  await server.close();
  assert.equal(server.connections.size, 0);
  noLeakedTimers();
});

test('RemotingServer / RemotingClient: closing a client while it connects settles the connect', async (t) => {
  const { addr } = await startServer(t);
  const client = new RemotingClient();
  const p = client.getConnection(addr);
  await client.close();
  await p.then((c) => assert.equal(c.isOpen, false), (err) => assert.ok(err instanceof RemotingConnectError));
  noLeakedTimers();
});

function lengthOnly(length: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(length, 0);
  return b;
}
function frame(type: number, header: Buffer, declaredHeaderLength = header.length): Buffer {
  const b = Buffer.alloc(8 + header.length);
  b.writeInt32BE(4 + header.length, 0);
  b.writeInt32BE((type << 24) | declaredHeaderLength, 4);
  header.copy(b, 8);
  return b;
}
const cases: Array<[string, Buffer]> = [
  ['a length below 4', lengthOnly(2)],
  ['a negative length', lengthOnly(-5)],
  ['a frame over 16 MiB', lengthOnly(FRAME_MAX_LENGTH)],
  ['a header length beyond the frame', frame(0, Buffer.from('{"code":1}'), 5000)],
  ['invalid JSON', frame(0, Buffer.from('{"code":1,,}'))],
  ['a JSON header without a code', frame(0, Buffer.from('{"flag":0}'))],
  ['a truncated binary header', frame(1, Buffer.from([0, 10, 0, 1, 153, 0, 0]))],
  ['an unknown serialize type', frame(7, Buffer.from('{}'))],
  ['garbage', Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n')],
];

for (const [name, bytes] of cases) {
  test(name, async (t) => {
    const { server, addr } = await startServer(t);
    const client = newClient(t);
    const good = await client.getConnection(addr);
    assert.equal((await client.invoke(addr, createRequest(1000, { x: 'before' }), 3000)).extFields!.echo, 'before');
    const raw = await rawSocket(t, addr);
    raw.socket.write(bytes);
    await raw.closed;
    assert.equal(raw.frames.length, 0);
    assert.equal(good.isOpen, true);
    assert.equal((await client.invoke(addr, createRequest(1000, { x: 'after' }), 3000)).extFields!.echo, 'after');
    assert.equal(server.connections.size, 1);
  });
}

test('hostile input closes only the offending connection: a bad frame after good ones on the same connection: the good ones are answered first', async (t) => {
  const { addr } = await startServer(t);
  const raw = await rawSocket(t, addr);
  const req = createRequest(1000, { x: 'ok' });
  raw.socket.write(Buffer.concat([encodeFrameToBuffer(req), lengthOnly(1)]));
  await raw.closed;
  // The reply may or may not have left before the close; the server must not crash either way.
  for (const f of raw.frames) assert.equal(f.opaque, req.opaque);
});
