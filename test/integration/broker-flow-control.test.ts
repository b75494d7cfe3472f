// Flow control under overload, as Java's broker does it: sends are answered SYSTEM_BUSY (2) with
// Java's remarks when the page cache is busy ([REJECTREQUEST]), when the send queue is full
// ([OVERLOAD]), and when they waited in a paused connection past waitTimeMillsInSendQueue
// ([TIMEOUT_CLEAN_QUEUE]); with brokerFastFailureEnable=false nothing is shed for waiting.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RemotingCommand } from '../../src/remoting/command.js';
import { ResponseCode } from '../../src/remoting/response-code.js';
import { startInProcessBroker } from '../harness/servers.js';
import { send } from '../harness/broker-requests.js';
import type { RemotingClient } from '../../src/remoting/client.js';

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

test('a full send queue: [OVERLOAD]; sends held in a paused connection: [TIMEOUT_CLEAN_QUEUE] unless fast failure is off', async (t) => {
  const b = await startInProcessBroker(t, { remotingLimits: { serverChannelMaxPendingRequests: 2 } });
  const cfg = b.controller.brokerConfig;
  assert.equal((await send(b.client, b.addr, { topic: 'Q', queueId: 0 })).code, ResponseCode.SUCCESS);

  cfg.sendThreadPoolQueueCapacity = 1;
  let got = tally(await burst(b.client, b.addr, 'Q'));
  assert.ok((got.get('2 [OVERLOAD]system busy, start flow control for a while') ?? 0) >= 1, [...got].join('\n'));
  assert.ok((got.get('SUCCESS') ?? 0) >= 1);
  cfg.sendThreadPoolQueueCapacity = 10000;

  // Two sends in progress pause the connection; the rest wait their turn, longer than allowed (0 ms).
  cfg.waitTimeMillsInSendQueue = 0;
  got = tally(await burst(b.client, b.addr, 'Q'));
  assert.ok(
    (got.get('2 [TIMEOUT_CLEAN_QUEUE]broker busy, start flow control for a while, …') ?? 0) >= 1,
    [...got].join('\n'),
  );
  assert.ok((got.get('SUCCESS') ?? 0) >= 2);

  cfg.brokerFastFailureEnable = false;
  got = tally(await burst(b.client, b.addr, 'Q'));
  assert.deepEqual([...got], [['SUCCESS', 30]], 'nothing shed with brokerFastFailureEnable=false');
});
