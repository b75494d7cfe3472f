// A name server killed (SIGKILL) and restarted on its port while a producer runs: the producer
// keeps sending to the broker it knows, the broker registers again within its period
// (registerNameServerPeriod=1000 here), routes come back, and every acknowledged message is there.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { RemotingClient } from '../../src/remoting/client.js';
import { createRequest } from '../../src/remoting/command.js';
import { RequestCode } from '../../src/remoting/request-code.js';
import { ResponseCode } from '../../src/remoting/response-code.js';
import { decodeTopicRouteData } from '../../src/remoting/protocol/namesrv/index.js';
import { freePort } from '../harness/java.js';
import { pollUntil, withTimeout } from '../harness/latch.js';
import { type MqChild, NAMESRV_BOOT_LINE, spawnMq, startBroker } from '../harness/servers.js';
import { tmpDir } from '../harness/tmp.js';
import { drainQueue, send } from '../harness/broker-requests.js';

/** `mq namesrv start` on a fixed port, so a restart comes back where brokers look for it. */
async function namesrvOn(t: { after(fn: () => unknown): void }, home: string, port: number): Promise<MqChild> {
  const conf = path.join(home, 'namesrv.properties');
  fs.writeFileSync(conf, `listenPort=${port}\nkvConfigPath=${path.join(home, 'kv.json')}\n`);
  const child = spawnMq(['namesrv', 'start', '-c', conf], { HOME: home, MQ_RUN_DIR: path.join(home, 'run') });
  t.after(async () => {
    child.signal('SIGKILL');
    await child.exited;
  });
  await Promise.race([
    child.stdout.waitFor(new RegExp(`^${NAMESRV_BOOT_LINE}$`), 30_000),
    child.exited.then(() => Promise.reject(new Error(`name server exited:\n${child.stderr.text}`))),
  ]);
  return child;
}

test('a name server restart loses nothing once the broker has registered again', async (t) => {
  const home = tmpDir('mq-ns-restart-', t);
  const port = await freePort();
  const nsAddr = `127.0.0.1:${port}`;
  let ns = await namesrvOn(t, home, port);
  const broker = await startBroker(t, { namesrvAddr: nsAddr, config: 'registerNameServerPeriod=1000\n' });
  const client = new RemotingClient({ connectTimeoutMs: 500 });
  t.after(() => client.close());
  const created = await client.invoke(
    broker.addr,
    createRequest(RequestCode.UPDATE_AND_CREATE_TOPIC, {
      topic: 'NsTopic',
      defaultTopic: 'TBW102',
      readQueueNums: '2',
      writeQueueNums: '2',
      perm: '6',
      topicFilterType: 'SINGLE_TAG',
      topicSysFlag: '0',
      order: 'false',
    }),
    5000,
  );
  assert.equal(created.code, ResponseCode.SUCCESS);
  const routeAddr = async () => {
    try {
      const r = await client.invoke(nsAddr, createRequest(RequestCode.GET_ROUTEINFO_BY_TOPIC, { topic: 'NsTopic' }), 1000);
      return r.code === ResponseCode.SUCCESS ? decodeTopicRouteData(r.body!).brokerDatas[0]?.brokerAddrs.get(0) : undefined;
    } catch {
      return undefined;
    }
  };
  const target = await pollUntil(routeAddr, 'the route');
  assert.equal(target, broker.addr);

  const acked: string[] = [];
  const failed: string[] = [];
  let running = true;
  const producer = (async () => {
    for (let i = 0; running; i++) {
      const res = await send(client, target, { topic: 'NsTopic', queueId: i % 2, body: `m${i}` });
      (res.code === ResponseCode.SUCCESS ? acked : failed).push(`m${i}`);
    }
  })();
  await pollUntil(() => acked.length >= 50, 'sends before the kill');
  ns.signal('SIGKILL');
  await withTimeout(ns.exited, 10_000, 'the name server to die');
  const duringOutage = acked.length;
  assert.equal(await routeAddr(), undefined, 'no name server');
  await pollUntil(() => acked.length >= duringOutage + 50, 'sends while the name server is down');
  ns = await namesrvOn(t, home, port);
  const back = await pollUntil(routeAddr, 'the broker to register with the new name server', 10_000, 50);
  assert.equal(back, broker.addr);
  running = false;
  await producer;
  assert.deepEqual(failed, []);
  const stored = new Set<string>();
  for (const q of [0, 1]) {
    for (const m of await drainQueue(client, broker.addr, { group: 'ns_restart_check', topic: 'NsTopic', queueId: q })) {
      stored.add(m.body.toString());
    }
  }
  assert.deepEqual(acked.filter((b) => !stored.has(b)), []);
  assert.equal(stored.size, acked.length);
});
