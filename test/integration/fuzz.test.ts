// Fuzzing a CLI-started name server and broker (bench/fuzz-frames.ts): 50,000 frames each, random
// request codes with random header fields, golden Java frames with mutated bytes, and garbage.
// Afterwards both still run and answer normal requests, no reply was undecodable, and their RSS
// stayed bounded. `npm run fuzz` is the longer run.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { RemotingClient } from '../../src/remoting/client.js';
import { createRequest } from '../../src/remoting/command.js';
import { RequestCode } from '../../src/remoting/request-code.js';
import { ResponseCode } from '../../src/remoting/response-code.js';
import { FuzzFrames, fuzzServer, type FuzzStats, goldenRequestFrames, processRss } from '../../bench/fuzz-frames.js';
import { goldenDir } from '../harness/fixtures.js';
import { startBroker, startNamesrv } from '../harness/servers.js';
import { send } from '../harness/broker-requests.js';

const FRAMES_PER_SERVER = 50_000;

/** Fuzzes one server while sampling its RSS; returns the stats and the RSS growth at its peak. */
async function fuzz(port: number, pid: number, seed: number): Promise<{ stats: FuzzStats; grew: number }> {
  const golden = goldenRequestFrames(path.join(goldenDir, 'remoting'));
  const before = processRss(pid);
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, processRss(pid))), 100);
  try {
    const stats = await fuzzServer('127.0.0.1', port, new FuzzFrames(seed, golden), {
      frames: FRAMES_PER_SERVER,
      durationMs: 120_000,
      connections: 8,
      batch: 250,
    });
    peak = Math.max(peak, processRss(pid));
    return { stats, grew: peak - before };
  } finally {
    clearInterval(sampler);
  }
}

test('fuzzing the name server and the broker: both keep serving, every reply decodes, memory stays bounded', async (t) => {
  const ns = await startNamesrv(t);
  const broker = await startBroker(t, { namesrvAddr: ns.addr });
  const client = new RemotingClient();
  t.after(() => client.close());
  let exited = false;
  void Promise.race([ns.exited, broker.exited]).then(() => (exited = true));
  let total = 0;
  for (
    const [name, port, pid, seed] of [['name server', ns.port, ns.proc.pid!, 1], ['broker', broker.port, broker.proc.pid!, 2]] as const
  ) {
    const started = Date.now();
    const { stats, grew } = await fuzz(port, pid, seed);
    t.diagnostic(
      `${name}: ${stats.frames} frames (${JSON.stringify(stats.kinds)}) in ${Date.now() - started} ms, ${stats.sessions} sessions, ` +
        `${stats.closedByServer} closed by the server, ${stats.stalled} stalled (${stats.stalledFramed} well-framed), ${stats.replies} replies; RSS +${
          Math.round(grew / 2 ** 20)
        } MiB`,
    );
    total += stats.frames;
    assert.equal(stats.badReplies, 0, `${name}: every reply decodes`);
    assert.equal(stats.stalledFramed, 0, `${name}: every session of well-framed requests is answered`);
    assert.ok(stats.replies > stats.frames / 4, `${name}: most well-framed requests are answered (${stats.replies})`);
    assert.ok(grew < 256 * 1024 * 1024, `${name}: RSS grew by ${Math.round(grew / 2 ** 20)} MiB`);
    assert.equal(exited, false, `${name}: still running`);
  }
  assert.ok(total >= 100_000, `${total} frames in all`);
  const cluster = await client.invoke(ns.addr, createRequest(RequestCode.GET_BROKER_CLUSTER_INFO, null), 5000);
  assert.equal(cluster.code, ResponseCode.SUCCESS);
  const info = await client.invoke(broker.addr, createRequest(RequestCode.GET_BROKER_RUNTIME_INFO, null), 5000);
  assert.equal(info.code, ResponseCode.SUCCESS);
  const sent = await send(client, broker.addr, { topic: 'AfterFuzz', queueId: 0, body: 'still here' });
  assert.equal(sent.code, ResponseCode.SUCCESS, sent.remark ?? '');
});
