// Replication faults between broker processes (ours): each gives one clear log line however often
// the peers reconnect, loses nothing that was acknowledged, and leaves the brokers serving clients.
// - A slave whose haMasterAddress is another broker's master does not replicate from it.
// - Garbage from an HA peer, either way, closes only that link.
// - A master restarted with an older store (its slave is now ahead of it) refuses the slave; once
//   it has written past the slave's end, the slave sees that the master's history is not its own.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import { setLogLevel } from '../../src/common/logger.js';
import { RemotingClient } from '../../src/remoting/client.js';
import { ResponseCode } from '../../src/remoting/response-code.js';
import { freeBrokerPort } from '../harness/java.js';
import { pollUntil } from '../harness/latch.js';
import { type BrokerHandle, startNamesrv } from '../harness/servers.js';
import { send } from '../harness/broker-requests.js';
import { bodiesOnBroker, restartable, runtimeInfo, slavesInSync, startRole } from '../harness/ha-brokers.js';

setLogLevel('error');

const haPortOf = (b: BrokerHandle): number => Number(b.stderr.text.match(/broker listening .*haPort=(\d+)/)![1]);
const count = (b: BrokerHandle, re: RegExp): number => b.stderr.lines.filter((l) => re.test(l)).length;
/** Time for several registrations (1 s apart) and HA reconnections: what must not happen meanwhile is checked after it. */
const observe = (ms = 3000) => new Promise((r) => setTimeout(r, ms));

test("a slave whose haMasterAddress is another broker's master does not replicate from it, and says so once", async (t) => {
  const client = new RemotingClient();
  t.after(() => client.close());
  const ns = await startNamesrv(t);
  const a = await startRole(t, ns.addr, 'broker-a', 'ASYNC_MASTER');
  const b = await startRole(t, ns.addr, 'broker-b', 'ASYNC_MASTER');
  for (let i = 0; i < 5; i++) assert.equal((await send(client, b.addr, { topic: 'OnlyOnB', body: `b-${i}` })).code, ResponseCode.SUCCESS);
  const slave = await startRole(t, ns.addr, 'broker-a', 'SLAVE', { props: { haMasterAddress: `127.0.0.1:${haPortOf(b)}` } });
  const mismatch = /haMasterAddress is not the HA address of this broker's master/;
  await slave.stderr.waitFor(mismatch, 10_000);
  await observe();
  assert.equal(count(slave, mismatch), 1, 'one log line');
  assert.equal((await runtimeInfo(client, b.addr)).get('haSlaveNum'), '0', "no slave on broker-b's master");
  const info = await runtimeInfo(client, slave.addr);
  assert.equal(info.get('haMasterAddress'), '', 'not replicating');
  assert.equal(info.get('masterAddr'), a.addr);
  assert.equal(info.get('commitLogMaxOffset'), '0', "none of broker-b's bytes");
  assert.equal((await send(client, a.addr, { topic: 'OnA', body: 'fine' })).code, ResponseCode.SUCCESS);
});

test('garbage from an HA peer closes only that link, logged once; replication and clients go on', async (t) => {
  const client = new RemotingClient();
  t.after(() => client.close());
  const ns = await startNamesrv(t);
  const master = await startRole(t, ns.addr, 'broker-g', 'SYNC_MASTER');
  await startRole(t, ns.addr, 'broker-g', 'SLAVE');
  await slavesInSync(client, master.addr);

  // A "slave" that sends garbage (a negative offset first), three times over.
  const haPort = haPortOf(master);
  // The real slave (same host) reconnecting meanwhile, as on a loaded machine, makes the next refusal news again.
  const acceptedBefore = count(master, /slave connected/);
  for (let i = 0; i < 3; i++) {
    const s = net.connect({ host: '127.0.0.1', port: haPort });
    t.after(() => s.destroy());
    s.on('error', () => undefined);
    await new Promise<void>((r) => s.once('connect', () => r()));
    s.write(Buffer.concat([Buffer.from([0xff, 0xee]), Buffer.from(Array.from({ length: 62 }, (_, k) => (k * 37 + i) & 0xff))]));
    await new Promise<void>((r) => s.once('close', () => r()));
  }
  // The master's log arrives through a pipe: the line may trail the close the peer saw.
  await pollUntil(() => count(master, /slave sent a negative offset: closing/) >= 1, 'the refusal to be logged', 10_000, 20);
  const reaccepted = count(master, /slave connected/) - acceptedBefore;
  const refusals = count(master, /slave sent a negative offset: closing/);
  // A real slave's reconnect between two bad peers makes the next refusal news again; after the
  // last one it changes nothing.
  assert.ok(refusals >= 1 && refusals <= 1 + reaccepted, `one log line for three bad peers: ${refusals} (reconnects ${reaccepted})`);
  assert.equal((await send(client, master.addr, { topic: 'GarbageTopic', body: 'after garbage' })).code, ResponseCode.SUCCESS);

  // A "master" that answers a slave's report with garbage.
  let connections = 0;
  const fake = net.createServer((s) => {
    connections++;
    s.on('error', () => undefined);
    s.once('data', () => s.write(Buffer.alloc(12, 0xff)));
  });
  t.after(() => new Promise((r) => fake.close(r)));
  await new Promise<void>((r) => fake.listen(0, '127.0.0.1', r));
  const fakeAddr = `127.0.0.1:${(fake.address() as net.AddressInfo).port}`;
  const lonely = await startRole(t, ns.addr, 'broker-lonely', 'SLAVE', { props: { haMasterAddress: fakeAddr } });
  await pollUntil(() => connections >= 3, 'the slave to reconnect to the bad master', 20_000, 50);
  assert.equal(count(lonely, /master sent a frame that does not parse/), 1, 'one log line for three bad sessions');
  const info = await runtimeInfo(client, lonely.addr);
  assert.equal(info.get('commitLogMaxOffset'), '0');
});

test('a master restarted with an older store: the slave, ahead, is refused, then sees another history; it keeps every acknowledged message', async (t) => {
  const client = new RemotingClient();
  t.after(() => client.close());
  const ns = await startNamesrv(t);
  const port = await freeBrokerPort();
  const track = restartable(t);
  let master = track(await startRole(t, ns.addr, 'broker-old', 'SYNC_MASTER', { port }));
  const slave = await startRole(t, ns.addr, 'broker-old', 'SLAVE');
  await slavesInSync(client, master.addr);
  const acked: string[] = [];
  const sendAll = async (prefix: string, n: number, expect: number, pad = 0) => {
    for (let i = 0; i < n; i++) {
      const body = `${prefix}-${i}`.padEnd(pad, '.');
      const res = await send(client, master.addr, { topic: 'OldTopic', body, queueId: i % 2, defaultTopicQueueNums: 2 });
      assert.equal(res.code, expect, body);
      if (res.code === ResponseCode.SUCCESS) acked.push(body);
    }
  };
  await sendAll('first', 20, ResponseCode.SUCCESS);
  await master.stop();
  const older = `${master.home}/older-store`;
  fs.cpSync(master.storeDir, older, { recursive: true });
  master = track(await startRole(t, ns.addr, 'broker-old', 'SYNC_MASTER', { port, home: master.home, storeDir: master.storeDir }));
  await slavesInSync(client, master.addr);
  // More than the 4 KiB a slave asks for again at connect: the restarted master cannot even send those.
  await sendAll('second', 20, ResponseCode.SUCCESS, 600);
  await master.stop();
  fs.rmSync(master.storeDir, { recursive: true, force: true });
  fs.renameSync(older, master.storeDir);
  master = track(await startRole(t, ns.addr, 'broker-old', 'SYNC_MASTER', { port, home: master.home, storeDir: master.storeDir }));

  // The slave is ahead: refused at each reconnection, said once on each side.
  const slaveEnd = Number((await runtimeInfo(client, slave.addr)).get('commitLogMaxOffset'));
  assert.ok(slaveEnd > Number((await runtimeInfo(client, master.addr)).get('commitLogMaxOffset')));
  await slave.stderr.waitFor(/this slave is ahead of its master/, 20_000);
  await observe();
  assert.equal(count(master, /slave is ahead of this master/), 1);
  assert.equal(count(slave, /this slave is ahead of its master/), 1);
  // Clients are served, truthfully: stored, but no slave has it.
  await sendAll('alone', 5, ResponseCode.SLAVE_NOT_AVAILABLE);
  assert.deepEqual((await bodiesOnBroker(client, slave.addr, 'OldTopic', 2, 'reader')).sort(), [...acked].sort());

  // The master writes past the slave's end: its history is not the slave's.
  while (Number((await runtimeInfo(client, master.addr)).get('commitLogMaxOffset')) <= slaveEnd + 4096) {
    await send(client, master.addr, { topic: 'OldTopic', body: Buffer.alloc(2000, 0x61), queueId: 0 });
  }
  await slave.stderr.waitFor(/is not this slave's history/, 20_000);
  await observe();
  assert.equal(count(slave, /is not this slave's history/), 1);
  assert.equal(Number((await runtimeInfo(client, slave.addr)).get('commitLogMaxOffset')), slaveEnd, 'nothing appended');
  assert.deepEqual((await bodiesOnBroker(client, slave.addr, 'OldTopic', 2, 'reader2')).sort(), [...acked].sort());
});
