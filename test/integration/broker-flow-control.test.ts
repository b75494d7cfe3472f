// Flow control under overload, as Java's broker does it: sends are answered SYSTEM_BUSY (2) with
// Java's remarks when the page cache is busy ([REJECTREQUEST]), when the send queue is full
// ([OVERLOAD]), and when they waited in a paused connection past waitTimeMillsInSendQueue
// ([TIMEOUT_CLEAN_QUEUE]); with brokerFastFailureEnable=false nothing is shed for waiting. Sends
// waiting for the store do not pause their connection (Java's puts are asynchronous too).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RemotingCommand } from '../../src/remoting/command.js';
import { decodeFrameContent, encodeFrameToBuffer, FrameDecoder } from '../../src/remoting/frame.js';
import { ResponseCode } from '../../src/remoting/response-code.js';
import { type InProcessBroker, startInProcessBroker } from '../harness/servers.js';
import { pullRequest, send, sendRequest } from '../harness/broker-requests.js';
import { pollUntil } from '../harness/latch.js';
import { connectRaw } from '../harness/raw-socket.js';
import type { RemotingClient } from '../../src/remoting/client.js';

type Ctx = { after(fn: () => unknown): void };

/** 30 sends at once on one connection: they reach the broker in one or a few reads. */
function burst(client: RemotingClient, addr: string, topic: string): Promise<RemotingCommand[]> {
  return Promise.all(Array.from({ length: 30 }, (_, i) => send(client, addr, { topic, queueId: 0, body: `m${i}` })));
}

function tally(rs: RemotingCommand[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of rs) {
    const k = r.code === ResponseCode.SUCCESS
      ? 'SUCCESS'
      : `${r.code} ${(r.remark ?? '').replace(/period in queue: \d+ms, size of queue: \d+/, '…')}`;
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}

test('a busy page cache: sends get SYSTEM_BUSY [REJECTREQUEST]', async (t) => {
  // Any byte waiting for the write in flight counts as a busy page cache here.
  const b = await startInProcessBroker(t, { store: { maxUnwrittenBytes: 1 } });
  const rs = await burst(b.client, b.addr, 'Busy');
  const got = tally(rs);
  assert.ok((got.get('SUCCESS') ?? 0) >= 1, [...got].join('\n'));
  assert.ok((got.get('2 [REJECTREQUEST]system busy, start flow control for a while') ?? 0) >= 1, [...got].join('\n'));
  assert.equal([...got.values()].reduce((a, n) => a + n), 30);
  assert.deepEqual([...got.keys()].filter((k) => k !== 'SUCCESS' && !k.startsWith('2 [REJECTREQUEST]')), []);
});

test('a full send queue: [OVERLOAD]; a producer pipelining past serverChannelMaxPendingRequests is not shed', async (t) => {
  const b = await startInProcessBroker(t, { remotingLimits: { serverChannelMaxPendingRequests: 2 } });
  const cfg = b.controller.brokerConfig;
  assert.equal((await send(b.client, b.addr, { topic: 'Q', queueId: 0 })).code, ResponseCode.SUCCESS);

  cfg.sendThreadPoolQueueCapacity = 1;
  let got = tally(await burst(b.client, b.addr, 'Q'));
  assert.ok((got.get('2 [OVERLOAD]system busy, start flow control for a while') ?? 0) >= 1, [...got].join('\n'));
  assert.ok((got.get('SUCCESS') ?? 0) >= 1);
  cfg.sendThreadPoolQueueCapacity = 10000;

  // Sends waiting for the store are Java's async puts, not its send queue: 30 at once on a
  // connection allowed 2 requests in progress are all taken, even with no wait allowed in the queue.
  cfg.waitTimeMillsInSendQueue = 0;
  got = tally(await burst(b.client, b.addr, 'Q'));
  assert.deepEqual([...got], [['SUCCESS', 30]]);
});

/**
 * A raw client sends pulls of large messages and then `sends` sends, and reads nothing until the
 * broker has stopped reading it: the sends wait in the paused connection. Returns their answers.
 */
async function sendsHeldBehindUnreadPulls(t: Ctx, b: InProcessBroker, sends: number): Promise<RemotingCommand[]> {
  const topic = 'BigBodies';
  const pullAll = () => pullRequest({ group: 'greedy', topic, queueId: 0, offset: 0, maxMsgNums: 32, subscription: '*' });
  const sendReqs = Array.from({ length: sends }, (_, i) => sendRequest({ topic: 'Held', queueId: 0, body: `h${i}` }));
  const greedy = await connectRaw(t, b.addr);
  greedy.socket.write(
    Buffer.concat([...Array.from({ length: 300 }, () => encodeFrameToBuffer(pullAll())), ...sendReqs.map(encodeFrameToBuffer)]),
  );
  const port = greedy.socket.localPort;
  await pollUntil(
    () => [...b.controller.server.connections].find((c) => c.socket.remotePort === port && c.readingPaused),
    'the broker to stop reading the client',
    20_000,
    10,
  );
  const wanted = new Set(sendReqs.map((r) => r.opaque));
  const answers: RemotingCommand[] = [];
  const decoder = new FrameDecoder();
  greedy.socket.on('data', (chunk: Buffer) =>
    decoder.push(chunk, (content) => {
      const cmd = decodeFrameContent(content);
      if (wanted.has(cmd.opaque)) answers.push(cmd);
    }));
  await pollUntil(() => answers.length === sends, `the ${sends} held sends answered`, 60_000, 20);
  greedy.socket.destroy();
  return answers;
}

test('sends held in a paused connection past waitTimeMillsInSendQueue: [TIMEOUT_CLEAN_QUEUE], unless fast failure is off', async (t) => {
  const b = await startInProcessBroker(t, { remotingLimits: { serverChannelMaxPendingRequests: 16 } });
  for (let i = 0; i < 3; i++) {
    assert.equal(
      (await send(b.client, b.addr, { topic: 'BigBodies', queueId: 0, body: Buffer.alloc(100 * 1024, i) })).code,
      ResponseCode.SUCCESS,
    );
  }
  const cfg = b.controller.brokerConfig;
  cfg.waitTimeMillsInSendQueue = 0;
  const got = tally(await sendsHeldBehindUnreadPulls(t, b, 10));
  assert.deepEqual([...got], [['2 [TIMEOUT_CLEAN_QUEUE]broker busy, start flow control for a while, …', 10]]);

  cfg.brokerFastFailureEnable = false;
  assert.deepEqual(
    [...tally(await sendsHeldBehindUnreadPulls(t, b, 10))],
    [['SUCCESS', 10]],
    'nothing shed with brokerFastFailureEnable=false',
  );
});
