// Replication between whole brokers, ours and Apache RocketMQ's (4.9.7 servers), both ways: a Java
// SLAVE learns our SYNC_MASTER from our name server and replicates it, and our SLAVE learns a Java
// SYNC_MASTER from Java's name server and replicates it. The Java quickstart producer's 1,000 sends
// are SEND_OK only because the other side's slave acknowledged them; afterwards the replicated
// commit-log range is byte-identical on both sides, and with the master gone the Java quickstart
// consumer reads all 1,000 from the slave. Runs on Node only: on Bun and Deno it would repeat the
// same Java processes (ha-broker and ha-failover cover our brokers on every runtime).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Message } from '../../src/client/message/message.js';
import { Producer } from '../../src/client/producer/producer.js';
import { SendStatus } from '../../src/client/producer/send-result.js';
import { setLogLevel } from '../../src/common/logger.js';
import { RemotingClient } from '../../src/remoting/client.js';
import { createRequest } from '../../src/remoting/command.js';
import { decodeTopicConfigWrapper } from '../../src/remoting/protocol/topic-config.js';
import { RequestCode } from '../../src/remoting/request-code.js';
import { freeBrokerPort, requireReferees, runJavaClient, startJavaBroker, startJavaNamesrv } from '../harness/java.js';
import { pollUntil } from '../harness/latch.js';
import { runMq, startNamesrv } from '../harness/servers.js';
import { commitLogBytes } from '../harness/ha.js';
import { restartable, runtimeInfo, startRole } from '../harness/ha-brokers.js';

setLogLevel('error');

/** The Java harness's segment size; both sides must use it for the files to match. */
const SEG = 16 * 1024 * 1024;
const COUNT = 1000;

/** Waits until the slave at `slaveAddr` holds the master's whole commit log; returns its end. */
async function caughtUp(client: RemotingClient, masterAddr: string, slaveAddr: string): Promise<number> {
  return pollUntil(
    async () => {
      const [m, s] = await Promise.all([runtimeInfo(client, masterAddr), runtimeInfo(client, slaveAddr)]);
      const end = Number(m.get('commitLogMaxOffset'));
      return end > 0 && Number(s.get('commitLogMaxOffset')) === end ? end : undefined;
    },
    'the slave to hold the whole commit log',
    60_000,
    100,
  );
}

async function hasTopic(client: RemotingClient, addr: string, topic: string): Promise<void> {
  await pollUntil(
    async () => {
      const res = await client.invoke(addr, createRequest(RequestCode.GET_ALL_TOPIC_CONFIG), 5000);
      return res.code === 0 && decodeTopicConfigWrapper(res.body!).topicConfigTable.has(topic);
    },
    `${addr} to know ${topic}`,
    30_000,
    200,
  );
}

async function quickstart(namesrvAddr: string, topic: string, group: string): Promise<void> {
  const env = { NAMESRV_ADDR: namesrvAddr };
  const p = await runJavaClient('mqtest.QuickProducer', ['-count', `${COUNT}`, '-topic', topic, '-group', group], { env });
  const bad = p.stdout.split('\n').filter((l) => l.startsWith('SendResult') && !l.includes('sendStatus=SEND_OK'));
  assert.equal(p.code, 0, `every Java send SEND_OK:\n${bad.slice(0, 5).join('\n')}\n${p.stdout.slice(-500)}${p.stderr.slice(-1500)}`);
  assert.match(p.stdout, new RegExp(`SUMMARY sent=${COUNT} ok=${COUNT}`));
}

async function consumeAll(namesrvAddr: string, topic: string, group: string, count = COUNT): Promise<void> {
  const c = await runJavaClient('mqtest.QuickConsumer', ['-topic', topic, '-group', group, '-expect', `${count}`, '-timeout', '90'], {
    env: { NAMESRV_ADDR: namesrvAddr },
  });
  assert.equal(c.code, 0, `${c.stdout.slice(-800)}${c.stderr.slice(-1500)}`);
  assert.match(c.stdout, new RegExp(`SUMMARY consumed=${count} expected=${count}`));
  for (let i = 0; i < COUNT; i++) assert.ok(c.stdout.includes(` Hello RocketMQ ${i}\n`), `Hello RocketMQ ${i} consumed`);
}

test('a Java SLAVE broker replicates our SYNC_MASTER: SEND_OK from its acks, identical bytes, all read from it', async (t) => {
  if (!requireReferees(t)) return;
  const client = new RemotingClient();
  t.after(() => client.close());
  const ns = await startNamesrv(t);
  // Java's SlaveSynchronize calls the master's VIP channel, listenPort - 2: a fixed port gives one.
  const master = await startRole(t, ns.addr, 'broker-x', 'SYNC_MASTER', {
    port: await freeBrokerPort(),
    props: { mappedFileSizeCommitLog: SEG },
  });
  const topic = 'HaJavaSlaveTopic';
  const created = await runMq(['admin', 'updateTopic', '-n', ns.addr, '-b', master.addr, '-t', topic, '-r', '4', '-w', '4']);
  assert.equal(created.code, 0, created.stderr);
  const slave = await startJavaBroker(t, ns.addr, {
    brokerClusterName: 'HaCluster',
    brokerName: 'broker-x',
    brokerId: 1,
    brokerRole: 'SLAVE',
    brokerIP2: '127.0.0.1',
    haSendHeartbeatInterval: 1000,
  });
  // A Java slave reports its offset one heartbeat after it connects; only then does a send wait for it.
  await pollUntil(
    async () => [...(await runtimeInfo(client, master.addr))].some(([k, v]) => k.startsWith('haSlave_') && !v.startsWith('ackOffset=-1')),
    'the Java slave to connect and report its offset',
    30_000,
  );
  await hasTopic(client, slave.addr, topic); // its SlaveSynchronize read our GET_ALL_TOPIC_CONFIG

  await quickstart(ns.addr, topic, 'ha_java_slave_pg');
  const end = await caughtUp(client, master.addr, slave.addr);
  assert.ok(commitLogBytes(slave.storeDir, 0, end, SEG).equals(commitLogBytes(master.storeDir, 0, end, SEG)), 'identical bytes');

  await master.kill();
  await consumeAll(ns.addr, topic, 'ha_java_slave_cg');
});

test('our SLAVE broker replicates a Java SYNC_MASTER: SEND_OK from our acks, identical bytes, all read from ours', async (t) => {
  if (!requireReferees(t)) return;
  const client = new RemotingClient();
  t.after(() => client.close());
  const ns = await startJavaNamesrv(t);
  const track = restartable(t);
  const master = await startJavaBroker(t, ns.addr, { brokerRole: 'SYNC_MASTER', brokerIP2: '127.0.0.1' });
  const topic = 'HaOurSlaveTopic';
  const created = await runMq(['admin', 'updateTopic', '-n', ns.addr, '-b', master.addr, '-t', topic, '-r', '4', '-w', '4']);
  assert.equal(created.code, 0, created.stderr);
  const slave = track(
    await startRole(t, ns.addr, 'broker-java', 'SLAVE', {
      props: { brokerClusterName: 'JavaCluster', mappedFileSizeCommitLog: SEG },
    }),
  );
  await pollUntil(async () => (await runtimeInfo(client, slave.addr)).get('haMasterConnected') === 'true', 'our slave to connect', 30_000);
  await hasTopic(client, slave.addr, topic);

  await quickstart(ns.addr, topic, 'ha_our_slave_pg');
  await caughtUp(client, master.addr, slave.addr);

  // Restarted, our slave asks the Java master for its last bytes again (to check the history) and goes on.
  await slave.stop();
  const again = track(
    await startRole(t, ns.addr, 'broker-java', 'SLAVE', {
      home: slave.home,
      storeDir: slave.storeDir,
      props: { brokerClusterName: 'JavaCluster', mappedFileSizeCommitLog: SEG },
    }),
  );
  await pollUntil(
    async () => (await runtimeInfo(client, again.addr)).get('haMasterConnected') === 'true',
    'our slave to reconnect',
    30_000,
  );
  const producer = new Producer({ producerGroup: 'ha_our_slave_more', namesrvAddr: ns.addr });
  await producer.start();
  t.after(() => producer.shutdown());
  for (let i = 0; i < 10; i++) assert.equal((await producer.send(new Message(topic, `more ${i}`))).sendStatus, SendStatus.SEND_OK);
  const end = await caughtUp(client, master.addr, again.addr);
  assert.ok(commitLogBytes(again.storeDir, 0, end, SEG).equals(commitLogBytes(master.storeDir, 0, end, SEG)), 'identical bytes');

  await master.stop();
  await consumeAll(ns.addr, topic, 'ha_our_slave_cg', COUNT + 10);
});
