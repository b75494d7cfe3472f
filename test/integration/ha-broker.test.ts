// Master and slave broker processes of one broker name (ours, through the CLI), one cluster for the
// file, in three steps that build on each other:
// 1. roles: a SYNC_MASTER with no slave answers SLAVE_NOT_AVAILABLE; a SLAVE learns its master from
//    the name server, copies its topics, offsets, groups and delay offsets, holds the same commit-log
//    bytes, serves reads and refuses writes; sends are SEND_OK once it acknowledges; clusterList and
//    brokerStatus show both roles and the replication state.
// 2. a cut link: a frozen slave makes sends FLUSH_SLAVE_TIMEOUT, a stopped one SLAVE_NOT_AVAILABLE;
//    back, it catches up and sends are SEND_OK again.
// 3. durability: the master is SIGKILLed under load and its store deleted; a consumer reading the
//    slave (the route holds only brokerId 1) gets every message that was answered SEND_OK.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Message } from '../../src/client/message/message.js';
import { Producer } from '../../src/client/producer/producer.js';
import { SendStatus } from '../../src/client/producer/send-result.js';
import { setLogLevel } from '../../src/common/logger.js';
import { RemotingClient } from '../../src/remoting/client.js';
import { createRequest } from '../../src/remoting/command.js';
import { decodeDelayOffsetTable, UpdateConsumerOffsetRequestHeader } from '../../src/remoting/protocol/consumer-offset.js';
import {
  createSubscriptionGroupConfig,
  decodeSubscriptionGroupWrapper,
  encodeSubscriptionGroupConfig,
} from '../../src/remoting/protocol/subscription-group.js';
import { decodeTopicConfigWrapper } from '../../src/remoting/protocol/topic-config.js';
import { GetRouteInfoRequestHeader } from '../../src/remoting/protocol/namesrv/headers.js';
import { decodeTopicRouteData } from '../../src/remoting/protocol/namesrv/route-data.js';
import { RequestCode } from '../../src/remoting/request-code.js';
import { ResponseCode } from '../../src/remoting/response-code.js';
import { pollUntil } from '../harness/latch.js';
import { runMq, startNamesrv } from '../harness/servers.js';
import { commitLogBytes } from '../harness/ha.js';
import { pull, send } from '../harness/broker-requests.js';
import { bodiesOnBroker, bodyCollector, HA_TEST_PROPS, restartable, runtimeInfo, slavesInSync, startRole } from '../harness/ha-brokers.js';

setLogLevel('error');

const TOPIC = 'HaTopic';
const QUEUES = 4;
const SEG = HA_TEST_PROPS.mappedFileSizeCommitLog;

test('master and slave brokers: roles, a cut link, and no acknowledged message lost when the master dies', async (t) => {
  const client = new RemotingClient();
  t.after(() => client.close());
  const ns = await startNamesrv(t);
  const track = restartable(t);
  const master = track(await startRole(t, ns.addr, 'broker-ha', 'SYNC_MASTER', { props: { messageDelayLevel: '1s 2s' } }));
  const call = (addr: string, code: number, ext: Record<string, string> | null = null, body: Buffer | null = null) =>
    client.invoke(addr, createRequest(code, ext, body), 5000);
  const sent: string[] = [];
  const ctx: { slave?: Awaited<ReturnType<typeof startRole>> } = {};
  const sendTo = async (addr: string, body: string, props?: Record<string, string>) => {
    const res = await send(client, addr, { topic: TOPIC, body, queueId: sent.length % QUEUES, defaultTopicQueueNums: QUEUES, props }, 5000);
    if (res.code !== ResponseCode.SERVICE_NOT_AVAILABLE) sent.push(body);
    return res;
  };

  await t.test('roles: slave learns its master, copies its tables and bytes, serves reads, refuses writes', async () => {
    // No slave yet: stored, but answered SLAVE_NOT_AVAILABLE.
    for (let i = 0; i < 8; i++) assert.equal((await sendTo(master.addr, `before-slave-${i}`)).code, ResponseCode.SLAVE_NOT_AVAILABLE);
    const commit = UpdateConsumerOffsetRequestHeader.encode({ consumerGroup: 'HaGroup', topic: TOPIC, queueId: 1, commitOffset: 2 });
    assert.equal((await call(master.addr, RequestCode.UPDATE_CONSUMER_OFFSET, commit)).code, ResponseCode.SUCCESS);
    const group = encodeSubscriptionGroupConfig(createSubscriptionGroupConfig('HaGroup', { retryMaxTimes: 7 }));
    assert.equal((await call(master.addr, RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP, null, group)).code, ResponseCode.SUCCESS);
    const delayed = await send(client, master.addr, { topic: 'HaDelayed', body: 'later', queueId: 0, props: { DELAY: '1' } });
    assert.equal(delayed.code, ResponseCode.SLAVE_NOT_AVAILABLE);

    const slave = track(await startRole(t, ns.addr, 'broker-ha', 'SLAVE'));
    const info = await pollUntil(
      async () => {
        const m = await runtimeInfo(client, slave.addr);
        return m.get('haMasterConnected') === 'true' && m.get('masterAddr') === master.addr ? m : undefined;
      },
      'the slave to follow its master',
      20_000,
    );
    assert.equal(info.get('brokerRole'), 'SLAVE');
    const haPort = master.stderr.text.match(/broker listening .*haPort=(\d+)/)![1];
    assert.equal(info.get('haMasterAddress'), `127.0.0.1:${haPort}`);
    const mInfo = await slavesInSync(client, master.addr);
    assert.equal(mInfo.get('brokerRole'), 'SYNC_MASTER');

    // The slave copied the master's tables.
    const topics = await pollUntil(
      async () => {
        const w = decodeTopicConfigWrapper((await call(slave.addr, RequestCode.GET_ALL_TOPIC_CONFIG)).body!);
        return w.topicConfigTable.has(TOPIC) ? w.topicConfigTable : undefined;
      },
      'the slave to copy the topics',
      20_000,
    );
    assert.equal(topics.get(TOPIC)!.writeQueueNums, QUEUES);
    const q = await call(slave.addr, RequestCode.QUERY_CONSUMER_OFFSET, { consumerGroup: 'HaGroup', topic: TOPIC, queueId: '1' });
    assert.equal(q.extFields?.offset, '2');
    const groups = decodeSubscriptionGroupWrapper((await call(slave.addr, RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG)).body!);
    assert.equal(groups.subscriptionGroupTable.get('HaGroup')?.retryMaxTimes, 7);

    // With the slave in sync, sends are SEND_OK; the slave refuses them.
    for (let i = 0; i < 12; i++) assert.equal((await sendTo(master.addr, `synced-${i}`)).code, ResponseCode.SUCCESS);
    const refused = await sendTo(slave.addr, 'to-the-slave');
    assert.equal(refused.code, ResponseCode.SERVICE_NOT_AVAILABLE);
    assert.match(refused.remark ?? '', /slave/);

    // Same bytes, same messages.
    const end = Number((await slavesInSync(client, master.addr)).get('commitLogMaxOffset'));
    assert.ok(commitLogBytes(slave.storeDir, 0, end, SEG).equals(commitLogBytes(master.storeDir, 0, end, SEG)));
    assert.deepEqual((await bodiesOnBroker(client, slave.addr, TOPIC, QUEUES, 'HaReader')).sort(), [...sent].sort());

    // The delay offsets follow once the master delivered the delayed message (level 1 = 1 s).
    const delayFile = path.join(slave.storeDir, 'config', 'delayOffset.json');
    await pollUntil(
      () => {
        try {
          return decodeDelayOffsetTable(fs.readFileSync(delayFile, 'utf8')).get(1) === 1;
        } catch {
          return false;
        }
      },
      "the slave to copy the master's delay offsets",
      30_000,
      200,
    );

    // mqadmin: both roles with their ids, and the replication figures.
    const list = await runMq(['admin', 'clusterList', '-n', ns.addr]);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, new RegExp(`HaCluster\\s+broker-ha\\s+0\\s+${master.addr}`));
    assert.match(list.stdout, new RegExp(`HaCluster\\s+broker-ha\\s+1\\s+${slave.addr}`));
    const status = await runMq(['admin', 'brokerStatus', '-n', ns.addr, '-b', master.addr]);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /^haSlaveNum\s+: 1$/m);
    assert.match(status.stdout, /^haSlave_127\.0\.0\.1:\d+\s+: ackOffset=\d+ behindBytes=0$/m);
    const sStatus = await runMq(['admin', 'brokerStatus', '-n', ns.addr, '-b', slave.addr]);
    assert.match(sStatus.stdout, new RegExp(`^masterAddr\\s+: ${master.addr}$`, 'm'));
    assert.match(sStatus.stdout, /^haMasterConnected\s+: true$/m);
    ctx.slave = slave;
  });

  await t.test('a cut link: FLUSH_SLAVE_TIMEOUT or SLAVE_NOT_AVAILABLE, never SEND_OK; back, it catches up', async () => {
    let slave = ctx.slave!;
    // A frozen slave keeps its connection but acknowledges nothing.
    slave.signal('SIGSTOP');
    try {
      const res = await sendTo(master.addr, 'while-frozen');
      assert.equal(res.code, ResponseCode.FLUSH_SLAVE_TIMEOUT);
    } finally {
      slave.signal('SIGCONT');
    }
    await pollUntil(
      async () => (await sendTo(master.addr, `thawed-${sent.length}`)).code === ResponseCode.SUCCESS,
      'SEND_OK again',
      20_000,
    );

    // A stopped slave: no slave at all.
    await slave.stop();
    await pollUntil(async () => Number((await runtimeInfo(client, master.addr)).get('haSlaveNum')) === 0, 'the master to lose its slave');
    for (let i = 0; i < 5; i++) assert.equal((await sendTo(master.addr, `no-slave-${i}`)).code, ResponseCode.SLAVE_NOT_AVAILABLE);

    slave = track(await startRole(t, ns.addr, 'broker-ha', 'SLAVE', { home: slave.home, storeDir: slave.storeDir }));
    ctx.slave = slave;
    const m = await slavesInSync(client, master.addr);
    assert.equal((await sendTo(master.addr, 'back')).code, ResponseCode.SUCCESS);
    const end = Number(m.get('commitLogMaxOffset'));
    assert.ok(commitLogBytes(slave.storeDir, 0, end, SEG).equals(commitLogBytes(master.storeDir, 0, end, SEG)));
  });

  await t.test('a pull reaching too far behind memory is sent to the slave when slaveReadEnable is on', async (st) => {
    const slave = ctx.slave!;
    const setConfig = async (addr: string, key: string, value: string) => {
      const r = await runMq(['admin', 'updateBrokerConfig', '-n', ns.addr, '-b', addr, '-k', key, '-v', value]);
      assert.equal(r.code, 0, r.stderr);
    };
    // Nothing counts as in memory: every pull that leaves messages behind is "too far behind". The
    // slave needs slaveReadEnable too, or it sends the consumer back to the master at once.
    for (const addr of [master.addr, slave.addr]) {
      await setConfig(addr, 'accessMessageInMemoryMaxRatio', '0');
      await setConfig(addr, 'slaveReadEnable', 'true');
    }
    st.after(async () => {
      for (const addr of [master.addr, slave.addr]) {
        await setConfig(addr, 'slaveReadEnable', 'false');
        await setConfig(addr, 'accessMessageInMemoryMaxRatio', '40');
      }
    });
    const res = await pull(client, master.addr, {
      group: 'HaSlowReader',
      topic: TOPIC,
      queueId: 0,
      offset: 0,
      maxMsgNums: 1,
      subscription: '*',
    });
    assert.equal(res.code, ResponseCode.SUCCESS);
    assert.equal(res.extFields?.suggestWhichBrokerId, '1', 'the master suggests its slave');

    const gets = async () => Number((await runtimeInfo(client, slave.addr)).get('msgGetTotalTodayNow'));
    const before = await gets();
    const got = new Set<string>();
    await bodyCollector(st, TOPIC, { consumerGroup: 'ha_slave_reader', namesrvAddr: ns.addr, pullBatchSize: 1 }, (b) => got.add(b));
    await pollUntil(() => sent.every((b) => got.has(b)), 'the consumer to read everything', 30_000, 50);
    // Only each queue's first pull went to the master.
    assert.ok((await gets()) - before >= sent.length - QUEUES, 'the rest was read from the slave');
  });

  await t.test('SIGKILL of the master mid-load, store deleted: the slave holds every SEND_OK', async (st) => {
    const slave = ctx.slave!;
    await slavesInSync(client, master.addr);
    const producer = new Producer({
      producerGroup: 'ha_durable_pg',
      namesrvAddr: ns.addr,
      sendMsgTimeout: 3000,
      retryTimesWhenSendFailed: 0,
    });
    await producer.start();
    st.after(() => producer.shutdown());
    const acked = new Set<string>();
    let stop = false;
    const loop = async (w: number) => {
      for (let i = 0; !stop; i++) {
        const body = `durable-${w}-${i}`;
        try {
          const r = await producer.send(new Message(TOPIC, body));
          if (r.sendStatus === SendStatus.SEND_OK) acked.add(body);
        } catch {
          if (stop) return;
        }
      }
    };
    const loops = Array.from({ length: 8 }, (_, w) => loop(w));
    await pollUntil(() => acked.size >= 300, 'load to build up', 30_000, 5);
    const status = await master.kill();
    assert.equal(status.signal, 'SIGKILL');
    stop = true;
    await Promise.all(loops);
    fs.rmSync(master.storeDir, { recursive: true, force: true });
    assert.ok(acked.size >= 300);
    const route = await pollUntil(async () => {
      const res = await call(ns.addr, RequestCode.GET_ROUTEINFO_BY_TOPIC, GetRouteInfoRequestHeader.encode({ topic: TOPIC }));
      const r = decodeTopicRouteData(res.body!);
      return r.brokerDatas[0]?.brokerAddrs.size === 1 ? r : undefined;
    }, 'the name server to drop the dead master');
    assert.deepEqual([...route.brokerDatas[0]!.brokerAddrs], [[1, slave.addr]]);
    assert.equal(route.queueDatas[0]?.readQueueNums, QUEUES);

    const got = new Set<string>();
    const opts = { consumerGroup: 'ha_after_death', namesrvAddr: ns.addr, pollNameServerInterval: 1000 };
    await bodyCollector(st, TOPIC, opts, (b) => got.add(b));
    const missing = () => [...acked].filter((b) => !got.has(b));
    await pollUntil(() => missing().length === 0, 'every acknowledged message from the slave', 60_000, 100).catch(() => undefined);
    assert.deepEqual(missing(), [], `${missing().length} of ${acked.size} acknowledged messages missing on the slave`);
    for (const b of sent) assert.ok(got.has(b), `${b} missing`);
  });
});
