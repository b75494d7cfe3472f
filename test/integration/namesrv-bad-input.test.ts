// Hostile bytes against a real name server process: each malformed input on its own raw socket
// must cost only that connection, while a well-formed client on another connection keeps being
// served and the process stays up.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { RemotingClient } from '../../src/remoting/client.js';
import { createRequest } from '../../src/remoting/command.js';
import { FRAME_MAX_LENGTH } from '../../src/remoting/frame.js';
import { RequestCode } from '../../src/remoting/request-code.js';
import { ResponseCode } from '../../src/remoting/response-code.js';
import { withTimeout } from '../harness/latch.js';
import { startNamesrv } from '../harness/servers.js';

function frame(
  serializeType: number,
  header: Buffer,
  body: Buffer = Buffer.alloc(0),
  lengthOverride?: number,
  headerLenOverride?: number,
): Buffer {
  const head = Buffer.alloc(8);
  head.writeInt32BE(lengthOverride ?? 4 + header.length + body.length, 0);
  head.writeInt32BE(((serializeType & 0xff) << 24) | (headerLenOverride ?? header.length), 4);
  return Buffer.concat([head, header, body]);
}

const jsonHeader = (o: unknown) => Buffer.from(JSON.stringify(o));

const MALFORMED: Array<[string, Buffer]> = [
  ['garbage that is not a frame', Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n')],
  ['a frame length below the minimum', Buffer.from([0, 0, 0, 2, 0, 0])],
  ['an unknown serialize type', frame(7, Buffer.from('{"code":105}'))],
  ['a header length beyond the frame', frame(0, Buffer.from('{"code":105}'), Buffer.alloc(0), undefined, 1000)],
  ['a frame over 16 MiB', Buffer.from([...int32(FRAME_MAX_LENGTH + 1024), 0, 0, 0, 10])],
  ['an invalid JSON header', frame(0, Buffer.from('{"code":105,"extFields":{"topic":'))],
  ['a JSON header without a code', frame(0, jsonHeader({ flag: 0, opaque: 1 }))],
  ['a truncated ROCKETMQ header', frame(1, Buffer.from([0, 105, 0, 1, 0x99, 0]))],
  [
    'a ROCKETMQ header whose extFields overrun it',
    frame(1, Buffer.concat([Buffer.from([0, 105, 0, 1, 0x99, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]), int32(500), Buffer.from([0, 5])])),
  ],
];

function int32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
}

/** Writes `bytes` on a fresh socket; resolves when the server closes it. */
async function sendAndExpectClose(port: number, bytes: Buffer): Promise<void> {
  const socket = net.connect({ host: '127.0.0.1', port });
  try {
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    const closed = new Promise<void>((resolve) => {
      socket.on('error', () => undefined);
      socket.once('close', () => resolve());
    });
    socket.on('data', () => undefined);
    socket.write(bytes);
    await withTimeout(closed, 10_000, 'the server to close the connection');
  } finally {
    socket.destroy();
  }
}

test('malformed input costs only its own connection', async (t) => {
  const ns = await startNamesrv(t);
  const client = new RemotingClient();
  t.after(() => client.close());
  const served = async () => {
    const r = await client.invoke(ns.addr, createRequest(RequestCode.GET_BROKER_CLUSTER_INFO), 5000);
    assert.equal(r.code, ResponseCode.SUCCESS);
  };
  await served();
  const steady = await client.getConnection(ns.addr);

  for (const [what, bytes] of MALFORMED) {
    await sendAndExpectClose(ns.port, bytes).catch((err: Error) => assert.fail(`${what}: ${err.message}`));
    await served();
    assert.equal(await client.getConnection(ns.addr), steady, `${what}: the well-formed connection survived`);
  }

  // A well-formed frame with a body that does not parse is an error reply, not a closed connection.
  const badBody = await client.invoke(
    ns.addr,
    createRequest(RequestCode.REGISTER_BROKER, {
      clusterName: 'C',
      brokerName: 'b',
      brokerAddr: '127.0.0.1:1',
      haServerAddr: '127.0.0.1:2',
      brokerId: '0',
    }, Buffer.from('{"filterServerList":[')),
    5000,
  );
  assert.equal(badBody.code, ResponseCode.SYSTEM_ERROR);
  assert.match(badBody.remark ?? '', /Failed to decode RegisterBrokerBody/);

  // A brand-new client is served too, and the process is still running.
  const fresh = new RemotingClient();
  t.after(() => fresh.close());
  assert.equal(
    (await fresh.invoke(ns.addr, createRequest(RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER), 5000)).code,
    ResponseCode.SUCCESS,
  );
  assert.equal(ns.proc.exitCode, null);
  assert.ok(ns.stderr.lines.some((l) => /bad frame/.test(l)), 'the server logged the bad frames');
});
