// The broker's administration requests and its answers to bad input, over raw requests on real
// sockets: topics and groups created, listed and deleted (with their queues and offsets), consume
// statistics, runtime info, broker config read and changed; oversized messages, illegal and
// system topics, unknown topics and groups with auto-creation off, and malformed frames, which
// close only the connection that sent them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import { RemotingClient } from '../../src/remoting/client.js';
import { createRequest, createResponse } from '../../src/remoting/command.js';
import { parseFastjson } from '../../src/remoting/fastjson.js';
import { RequestCode } from '../../src/remoting/request-code.js';
import { ResponseCode } from '../../src/remoting/response-code.js';
import { decodeBrokerConfigBody, decodeKVTable, encodeBrokerConfigBody } from '../../src/remoting/protocol/broker-admin.js';
import { decodeConsumeStats } from '../../src/remoting/protocol/consume-stats.js';
import { decodeGroupList } from '../../src/remoting/protocol/consume-by-who.js';
import { decodeConsumerOffsetTable } from '../../src/remoting/protocol/consumer-offset.js';
import {
  createSubscriptionGroupConfig,
  decodeSubscriptionGroupWrapper,
  encodeSubscriptionGroupConfig,
} from '../../src/remoting/protocol/subscription-group.js';
import { decodeTopicConfigWrapper } from '../../src/remoting/protocol/topic-config.js';
import { decodeTopicStatsTable } from '../../src/remoting/protocol/topic-stats.js';
import { decodeTopicRouteData } from '../../src/remoting/protocol/namesrv/index.js';
import { pollUntil } from '../harness/latch.js';
import { startInProcessBroker, startInProcessNamesrv } from '../harness/servers.js';
import { heartbeatRequest, pull, send, SerializeType } from '../harness/broker-requests.js';

const topicHeader = (topic: string, queues = 4, perm = 6) => ({
  topic,
  defaultTopic: 'TBW102',
  readQueueNums: String(queues),
  writeQueueNums: String(queues),
  perm: String(perm),
  topicFilterType: 'SINGLE_TAG',
  topicSysFlag: '0',
  order: 'false',
});

test('administration and bad input over raw requests', async (t) => {
  const ns = await startInProcessNamesrv(t);
  const b = await startInProcessBroker(t, { namesrvAddr: ns.addr, messageStoreConfig: { maxMessageSize: 4096 } });
  const strict = await startInProcessBroker(t, {
    namesrvAddr: ns.addr,
    brokerConfig: { brokerName: 'broker-strict', autoCreateTopicEnable: false, autoCreateSubscriptionGroup: false },
  });
  const call = (code: number, ext?: Record<string, string> | null, body?: Uint8Array | null, st: 0 | 1 = SerializeType.JSON) =>
    b.invoke(createRequest(code, ext ?? null, body ?? null, st));

  await t.test('topics: create (and register at once), list, stats, delete with its queues and offsets; system topics refused', async () => {
    for (const st of [SerializeType.JSON, SerializeType.ROCKETMQ] as const) {
      const res = await call(RequestCode.UPDATE_AND_CREATE_TOPIC, topicHeader(`AdminTopic${st}`, 3), null, st);
      assert.equal(res.code, ResponseCode.SUCCESS);
      const route = await ns.invoke(createRequest(RequestCode.GET_ROUTEINFO_BY_TOPIC, { topic: `AdminTopic${st}` }));
      assert.equal(route.code, ResponseCode.SUCCESS, 'registered with the name server before the reply');
      assert.equal(decodeTopicRouteData(route.body!).queueDatas[0]!.readQueueNums, 3);
    }
    const all = decodeTopicConfigWrapper((await call(RequestCode.GET_ALL_TOPIC_CONFIG)).body!);
    assert.equal(all.topicConfigTable.get('AdminTopic0')!.writeQueueNums, 3);
    assert.ok(all.topicConfigTable.has('TBW102'));
    for (let i = 0; i < 3; i++) await send(b.client, b.addr, { topic: 'AdminTopic0', queueId: 2 });
    const stats = decodeTopicStatsTable((await call(RequestCode.GET_TOPIC_STATS_INFO, { topic: 'AdminTopic0' })).body!);
    const q2 = stats.offsetTable.get({ topic: 'AdminTopic0', brokerName: 'broker-t', queueId: 2 })!;
    assert.equal(q2.maxOffset, 3);
    assert.ok(q2.lastUpdateTimestamp > 0);
    assert.equal((await call(RequestCode.GET_TOPIC_STATS_INFO, { topic: 'NoSuchTopic' })).code, ResponseCode.TOPIC_NOT_EXIST);
    await pull(b.client, b.addr, { group: 'adminGroup', topic: 'AdminTopic0', queueId: 2, subscription: '*', commitOffset: 2 });
    const who = decodeGroupList((await call(RequestCode.QUERY_TOPIC_CONSUME_BY_WHO, { topic: 'AdminTopic0' })).body!);
    assert.deepEqual(who, ['adminGroup']);
    assert.equal((await call(RequestCode.DELETE_TOPIC_IN_BROKER, { topic: 'AdminTopic0' })).code, ResponseCode.SUCCESS);
    assert.equal(
      (await call(RequestCode.GET_MAX_OFFSET, { topic: 'AdminTopic0', queueId: '2' })).extFields!.offset,
      '0',
      'its consume queues are gone',
    );
    assert.equal(b.controller.consumerOffsetManager.queryOffset('adminGroup', 'AdminTopic0', 2), -1, 'and its offsets');
    assert.equal(b.controller.topicConfigManager.selectTopicConfig('AdminTopic0'), undefined);
    const sys = await call(RequestCode.UPDATE_AND_CREATE_TOPIC, topicHeader('SCHEDULE_TOPIC_XXXX'));
    assert.deepEqual([sys.code, sys.remark], [ResponseCode.SYSTEM_ERROR, 'The topic[SCHEDULE_TOPIC_XXXX] is conflict with system topic.']);
    const badName = await call(RequestCode.DELETE_TOPIC_IN_BROKER, { topic: 'bad name' });
    assert.equal(badName.code, ResponseCode.SYSTEM_ERROR);
  });

  await t.test('groups: create, list, consume stats, all offsets, delete with offsets', async () => {
    const cfg = createSubscriptionGroupConfig('AdminGroup', { retryMaxTimes: 3, consumeBroadcastEnable: false });
    assert.equal(
      (await call(RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP, null, encodeSubscriptionGroupConfig(cfg))).code,
      ResponseCode.SUCCESS,
    );
    const groups = decodeSubscriptionGroupWrapper((await call(RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG)).body!);
    assert.equal(groups.subscriptionGroupTable.get('AdminGroup')!.retryMaxTimes, 3);
    await call(RequestCode.UPDATE_AND_CREATE_TOPIC, topicHeader('StatsTopic', 2));
    for (let i = 0; i < 5; i++) await send(b.client, b.addr, { topic: 'StatsTopic', queueId: i % 2 });
    await pull(b.client, b.addr, { group: 'AdminGroup', topic: 'StatsTopic', queueId: 0, subscription: '*', commitOffset: 1 });
    const stats = decodeConsumeStats(
      (await call(RequestCode.GET_CONSUME_STATS, { consumerGroup: 'AdminGroup', topic: 'StatsTopic' })).body!,
    );
    assert.deepEqual(stats.offsetTable.get({ topic: 'StatsTopic', brokerName: 'broker-t', queueId: 0 }), {
      brokerOffset: 3,
      consumerOffset: 1,
      lastTimestamp: stats.offsetTable.get({ topic: 'StatsTopic', brokerName: 'broker-t', queueId: 0 })!.lastTimestamp,
    });
    assert.ok(stats.offsetTable.get({ topic: 'StatsTopic', brokerName: 'broker-t', queueId: 0 })!.lastTimestamp > 0);
    assert.equal(stats.offsetTable.get({ topic: 'StatsTopic', brokerName: 'broker-t', queueId: 1 })!.consumerOffset, 0);
    const offsets = decodeConsumerOffsetTable((await call(RequestCode.GET_ALL_CONSUMER_OFFSET)).body!);
    assert.equal(offsets.get('StatsTopic@AdminGroup')!.get(0), 1);
    assert.equal(
      (await call(RequestCode.DELETE_SUBSCRIPTIONGROUP, { groupName: 'AdminGroup', removeOffset: 'true' })).code,
      ResponseCode.SUCCESS,
    );
    assert.equal(b.controller.subscriptionGroupManager.table.has('AdminGroup'), false);
    assert.equal(b.controller.consumerOffsetManager.queryOffset('AdminGroup', 'StatsTopic', 0), -1);
    const conns = await call(RequestCode.GET_CONSUMER_CONNECTION_LIST, { consumerGroup: 'NobodyHere' });
    assert.deepEqual([conns.code, conns.remark], [ResponseCode.CONSUMER_NOT_ONLINE, 'the consumer group[NobodyHere] not online']);
  });

  await t.test('broker: runtime info with the keys mqadmin reads, config read and changed (black list refused)', async () => {
    const info = decodeKVTable((await call(RequestCode.GET_BROKER_RUNTIME_INFO, null, null, SerializeType.ROCKETMQ)).body!);
    for (
      const k of [
        'msgPutTotalTodayNow',
        'msgGetTotalTodayNow',
        'putTps',
        'getTransferedTps',
        'commitLogDiskRatio',
        'brokerVersionDesc',
        'brokerVersion',
        'bootTimestamp',
        'earliestMessageTimeStamp',
        'pageCacheLockTimeMills',
        'commitLogMaxOffset',
        'dispatchBehindBytes',
        'sendThreadPoolQueueSize',
        'runtime',
      ]
    ) {
      assert.ok(info.has(k), k);
    }
    assert.equal(info.get('brokerVersionDesc'), 'V4_9_8');
    assert.equal(info.get('brokerVersion'), '409');
    assert.ok(Number(info.get('msgPutTotalTodayNow')) >= 8);
    assert.equal(info.get('putTps')!.split(' ').length, 3, 'three windows, empty until they have samples, as Java');
    const cfgRes = await call(RequestCode.GET_BROKER_CONFIG);
    assert.ok(parseFastjson(cfgRes.extFields!.version!), 'a data version in the header');
    const cfg = decodeBrokerConfigBody(cfgRes.body!);
    assert.equal(cfg.get('brokerName'), 'broker-t');
    assert.equal(cfg.get('listenPort'), String(b.controller.nettyServerConfig.listenPort));
    assert.equal(cfg.get('maxMessageSize'), '4096');
    const black = await call(RequestCode.UPDATE_BROKER_CONFIG, null, encodeBrokerConfigBody([['brokerConfigPath', '/etc/x']]));
    assert.deepEqual([black.code, black.remark], [ResponseCode.NO_PERMISSION, 'Can not update config in black list.']);
    assert.equal(
      (await call(RequestCode.UPDATE_BROKER_CONFIG, null, encodeBrokerConfigBody([['defaultTopicQueueNums', '2']]))).code,
      ResponseCode.SUCCESS,
    );
    assert.equal(b.controller.brokerConfig.defaultTopicQueueNums, 2);
    assert.match(
      fs.readFileSync(b.controller.configuration.storePath, 'utf8'),
      /^defaultTopicQueueNums=2$/m,
      'persisted to the config file',
    );
    const bad = await call(RequestCode.UPDATE_BROKER_CONFIG, null, encodeBrokerConfigBody([['defaultTopicQueueNums', 'many']]));
    assert.equal(bad.code, ResponseCode.SYSTEM_ERROR);
    assert.match(bad.remark!, /defaultTopicQueueNums/);
    const unknown = await call(9999);
    assert.deepEqual([unknown.code, unknown.remark], [ResponseCode.REQUEST_CODE_NOT_SUPPORTED, ' request type 9999 not supported']);
  });

  await t.test('bad sends: oversized body, illegal and system topics, bad queue, missing header field', async () => {
    const big = await send(b.client, b.addr, { topic: 'BigTopic', body: Buffer.alloc(5000, 1) });
    assert.equal(big.code, ResponseCode.MESSAGE_ILLEGAL);
    assert.equal(
      big.remark,
      'the message is illegal, maybe msg body or properties length not matched. msg body length limit 4096B, msg properties length limit 32KB.',
    );
    const illegal = await send(b.client, b.addr, { topic: 'no spaces allowed' });
    assert.deepEqual([illegal.code, illegal.remark], [
      ResponseCode.SYSTEM_ERROR,
      'The specified topic contains illegal characters, allowing only ^[%|a-zA-Z0-9_-]+$',
    ]);
    const long = await send(b.client, b.addr, { topic: 'x'.repeat(128) });
    assert.deepEqual([long.code, long.remark], [ResponseCode.SYSTEM_ERROR, 'The specified topic is longer than topic max length.']);
    const sys = await send(b.client, b.addr, { topic: 'SCHEDULE_TOPIC_XXXX' });
    assert.deepEqual([sys.code, sys.remark], [ResponseCode.NO_PERMISSION, 'Sending message to topic[SCHEDULE_TOPIC_XXXX] is forbidden.']);
    const queue = await send(b.client, b.addr, { topic: 'StatsTopic', queueId: 7 });
    assert.equal(queue.code, ResponseCode.SYSTEM_ERROR);
    assert.match(
      queue.remark!,
      /^request queueId\[7\] is illegal, TopicConfig \[topicName=StatsTopic, readQueueNums=2, writeQueueNums=2, perm=RW-, topicFilterType=SINGLE_TAG, topicSysFlag=0, order=false\] Producer: 127\.0\.0\.1:\d+$/,
    );
    await call(RequestCode.UPDATE_AND_CREATE_TOPIC, topicHeader('ReadOnlyTopic', 1, 4));
    const ro = await send(b.client, b.addr, { topic: 'ReadOnlyTopic', queueId: 0 });
    assert.deepEqual([ro.code, ro.remark], [ResponseCode.NO_PERMISSION, 'the topic[ReadOnlyTopic] sending message is forbidden']);
    const noTopic = await call(
      RequestCode.SEND_MESSAGE_V2,
      { a: 'g', c: 'TBW102', d: '4', e: '0', f: '0', g: '0', h: '0' },
      Buffer.from('x'),
    );
    assert.deepEqual([noTopic.code, noTopic.remark], [ResponseCode.SYSTEM_ERROR, 'the custom field <b> is null']);
  });

  await t.test('a full disk: sends get SERVICE_NOT_AVAILABLE with the disk figures, reads go on', async () => {
    const full = await startInProcessBroker(t, { store: { diskUsage: async () => 0.99 } });
    const res = await send(full.client, full.addr, { topic: 'FullTopic', queueId: 0 });
    assert.equal(res.code, ResponseCode.SERVICE_NOT_AVAILABLE);
    assert.match(
      res.remark!,
      /^service not available now\. It may be caused by one of the following reasons: the broker's disk is full \[CL: +[\d.]+ CQ: +[\d.]+ INDEX: +[\d.]+\], messages are put to the slave, message store has been shut down, etc\.$/,
    );
    const read = await pull(full.client, full.addr, { group: 'g', topic: 'SELF_TEST_TOPIC', subscription: '*' });
    assert.equal(read.code, ResponseCode.PULL_NOT_FOUND);
  });

  await t.test('with auto-creation off: TOPIC_NOT_EXIST for an unknown topic, SUBSCRIPTION_GROUP_NOT_EXIST for an unknown group', async () => {
    const res = await send(strict.client, strict.addr, { topic: 'NeverCreated' });
    assert.equal(res.code, ResponseCode.TOPIC_NOT_EXIST);
    assert.equal(
      res.remark,
      'topic[NeverCreated] not exist, apply first please!\nSee http://rocketmq.apache.org/docs/faq/ for further details.',
    );
    assert.equal(strict.controller.topicConfigManager.selectTopicConfig('TBW102'), undefined);
    await strict.invoke(createRequest(RequestCode.UPDATE_AND_CREATE_TOPIC, topicHeader('StrictTopic', 1)));
    assert.equal((await send(strict.client, strict.addr, { topic: 'StrictTopic', queueId: 0 })).code, ResponseCode.SUCCESS);
    const p = await pull(strict.client, strict.addr, { group: 'UnknownGroup', topic: 'StrictTopic', subscription: '*' });
    assert.equal(p.code, ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST);
    assert.equal(
      p.remark,
      'subscription group [UnknownGroup] does not exist, \nSee http://rocketmq.apache.org/docs/faq/ for further details.',
    );
    const hb = await strict.invoke(
      heartbeatRequest({ clientID: 'c', consumers: [{ group: 'UnknownGroup', topics: [{ topic: 'StrictTopic' }] }] }),
    );
    assert.equal(hb.code, ResponseCode.SUCCESS);
    assert.equal(
      strict.controller.topicConfigManager.selectTopicConfig('%RETRY%UnknownGroup'),
      undefined,
      'no retry topic for a group that does not exist',
    );
    const unknownTopicPull = await pull(b.client, b.addr, { group: 'g', topic: 'NoSuchTopicAtAll', subscription: '*' });
    assert.equal(unknownTopicPull.code, ResponseCode.TOPIC_NOT_EXIST);
  });

  await t.test('GET_CONSUMER_RUNNING_INFO goes on to the named consumer and its answer comes back', async () => {
    const consumer = new RemotingClient({
      onRequest: (conn, req) => {
        if (req.code !== RequestCode.GET_CONSUMER_RUNNING_INFO) return;
        conn.write(
          createResponse(
            req,
            ResponseCode.SUCCESS,
            null,
            null,
            Buffer.from(`running ${req.extFields?.consumerGroup}/${req.extFields?.clientId}`),
          ),
        );
      },
    });
    t.after(() => consumer.close());
    assert.equal(
      (await consumer.invoke(
        b.addr,
        heartbeatRequest({ clientID: 'runner-1', consumers: [{ group: 'RunGroup', topics: [{ topic: 'StatsTopic' }] }] }),
        5000,
      )).code,
      ResponseCode.SUCCESS,
    );
    const info = await call(RequestCode.GET_CONSUMER_RUNNING_INFO, {
      consumerGroup: 'RunGroup',
      clientId: 'runner-1',
      jstackEnable: 'false',
    });
    assert.equal(info.code, ResponseCode.SUCCESS);
    assert.equal(Buffer.from(info.body!).toString(), 'running RunGroup/runner-1');
    const offline = await call(RequestCode.GET_CONSUMER_RUNNING_INFO, {
      consumerGroup: 'RunGroup',
      clientId: 'nobody',
      jstackEnable: 'false',
    });
    assert.deepEqual([offline.code, offline.remark], [ResponseCode.SYSTEM_ERROR, 'The Consumer <RunGroup> <nobody> not online']);
  });

  await t.test('a SLAVE registers beside its master, learns the master address, serves reads and refuses writes', async () => {
    const slave = await startInProcessBroker(t, {
      namesrvAddr: ns.addr,
      messageStoreConfig: { brokerRole: 'SLAVE' },
      brokerConfig: { brokerId: 1 },
    });
    await slave.controller.registerBrokerAll(true, false, true);
    assert.equal(slave.controller.masterAddr, b.addr);
    const route = decodeTopicRouteData((await ns.invoke(createRequest(RequestCode.GET_ROUTEINFO_BY_TOPIC, { topic: 'StatsTopic' }))).body!);
    assert.deepEqual([...route.brokerDatas.find((d) => d.brokerName === 'broker-t')!.brokerAddrs.keys()].sort(), [0, 1]);
    const write = await send(slave.client, slave.addr, { topic: 'StatsTopic', queueId: 0 });
    assert.equal(write.code, ResponseCode.SERVICE_NOT_AVAILABLE);
    const admin = await slave.invoke(createRequest(RequestCode.UPDATE_AND_CREATE_TOPIC, topicHeader('SlaveTopic')));
    assert.deepEqual([admin.code, admin.remark], [
      ResponseCode.SYSTEM_ERROR,
      "Can't modify topic or subscription group from slave broker, please execute it from master broker.",
    ]);
    const read = await pull(slave.client, slave.addr, { group: 'slaveReader', topic: 'SELF_TEST_TOPIC', subscription: '*' });
    assert.equal(
      read.code,
      ResponseCode.PULL_NOT_FOUND,
      'reads are served (replication is a later issue, so there is nothing to read yet)',
    );
    await assert.rejects(
      startInProcessBroker(t, { messageStoreConfig: { brokerRole: 'SLAVE' }, brokerConfig: { brokerId: 0 } }),
      /Slave's brokerId must be > 0/,
    );
  });

  await t.test('a malformed frame closes only the connection that sent it', async () => {
    const other = new RemotingClient();
    t.after(() => other.close());
    assert.equal((await send(other, b.addr, { topic: 'StatsTopic', queueId: 0 })).code, ResponseCode.SUCCESS);
    const connections = b.controller.server.connections.size;
    for (
      const garbage of [Buffer.from([0x7f, 0xff, 0xff, 0xff, 0, 0, 0, 0]), Buffer.from([0, 0, 0, 12, 0, 0, 0, 200, 1, 2, 3, 4, 5, 6, 7, 8])]
    ) {
      const sock = net.connect(b.controller.nettyServerConfig.listenPort, '127.0.0.1');
      await new Promise<void>((resolve, reject) => sock.once('connect', () => resolve()).once('error', reject));
      const closed = new Promise<void>((resolve) => sock.once('close', () => resolve()));
      sock.on('error', () => undefined);
      sock.write(garbage);
      await closed;
    }
    assert.equal((await send(other, b.addr, { topic: 'StatsTopic', queueId: 0 })).code, ResponseCode.SUCCESS, 'other connections carry on');
    await pollUntil(() => b.controller.server.connections.size === connections, 'the bad connections to be gone');
    const vip = await send(other, b.vipAddr, { topic: 'StatsTopic', queueId: 0 });
    assert.equal(vip.code, ResponseCode.SUCCESS, 'the VIP channel serves the same requests');
  });
});
