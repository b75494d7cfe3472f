// RouteTable (RouteInfoManager): registration, master/slave addressing, data versions, route
// composition, unregistration, topic deletion, write permission, listings and channel loss.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setLogLevel } from '../../../src/common/logger.js';
import { type BrokerChannel, type RegisterBrokerArgs, RouteTable } from '../../../src/namesrv/route-table.js';
import {
  createTopicConfig,
  createTopicConfigWrapper,
  type DataVersion,
  PermName,
  type TopicConfig,
  TopicSysFlag,
} from '../../../src/remoting/protocol/topic-config.js';

setLogLevel('silent');

class FakeChannel implements BrokerChannel {
  closed = false;
  close(): void {
    this.closed = true;
  }
}

function reg(table: RouteTable, over: Partial<RegisterBrokerArgs> & { topics?: TopicConfig[]; dv?: DataVersion } = {}) {
  const { topics = [createTopicConfig('TopicA', { readQueueNums: 4, writeQueueNums: 4 })], dv = { timestamp: 1, counter: 1 }, ...rest } =
    over;
  return table.registerBroker({
    clusterName: 'C1',
    brokerAddr: '10.0.0.1:10911',
    brokerName: 'broker-a',
    brokerId: 0,
    haServerAddr: '10.0.0.1:10912',
    topicConfigWrapper: createTopicConfigWrapper(topics, dv),
    filterServerList: [],
    channel: null,
    ...rest,
  });
}

describe('RouteTable', () => {
  test('first registration creates cluster, broker, topics and liveness', () => {
    let now = 1000;
    const rt = new RouteTable(() => now);
    const result = reg(rt);
    assert.deepEqual(result, {});
    assert.deepEqual([...rt.clusterAddrTable.get('C1')!], ['broker-a']);
    assert.deepEqual([...rt.brokerAddrTable.get('broker-a')!.brokerAddrs], [[0, '10.0.0.1:10911']]);
    assert.deepEqual(rt.topicQueueTable.get('TopicA')!.get('broker-a'), {
      brokerName: 'broker-a',
      readQueueNums: 4,
      writeQueueNums: 4,
      perm: 6,
      topicSysFlag: 0,
    });
    assert.equal(rt.brokerLiveTable.get('10.0.0.1:10911')!.lastUpdateTimestamp, 1000);
    now = 2000;
    reg(rt);
    assert.equal(rt.brokerLiveTable.get('10.0.0.1:10911')!.lastUpdateTimestamp, 2000, 'heartbeat refreshes the timestamp');
  });

  test('topic configs are applied only when the data version changed', () => {
    const rt = new RouteTable();
    reg(rt, { dv: { timestamp: 1, counter: 1 } });
    // Same version, different content: ignored, as Java trusts the version.
    reg(rt, {
      dv: { timestamp: 1, counter: 1 },
      topics: [createTopicConfig('TopicA', { readQueueNums: 8, writeQueueNums: 8 }), createTopicConfig('TopicB')],
    });
    assert.equal(rt.topicQueueTable.get('TopicA')!.get('broker-a')!.readQueueNums, 4);
    assert.equal(rt.topicQueueTable.has('TopicB'), false);
    assert.equal(rt.isBrokerTopicConfigChanged('10.0.0.1:10911', { timestamp: 1, counter: 1 }), false);
    assert.equal(rt.isBrokerTopicConfigChanged('10.0.0.1:10911', { timestamp: 1, counter: 2 }), true);
    assert.equal(rt.isBrokerTopicConfigChanged('10.9.9.9:1', { timestamp: 1, counter: 1 }), true, 'unknown broker counts as changed');
    reg(rt, {
      dv: { timestamp: 2, counter: 2 },
      topics: [createTopicConfig('TopicA', { readQueueNums: 8, writeQueueNums: 8 }), createTopicConfig('TopicB')],
    });
    assert.equal(rt.topicQueueTable.get('TopicA')!.get('broker-a')!.readQueueNums, 8);
    assert.ok(rt.topicQueueTable.has('TopicB'));
    assert.deepEqual(rt.queryBrokerTopicConfig('10.0.0.1:10911'), { timestamp: 2, counter: 2 });
  });

  test('slaves publish no topics and learn their master and its HA address', () => {
    const rt = new RouteTable();
    const slaveBefore = reg(rt, {
      brokerId: 1,
      brokerAddr: '10.0.0.2:10911',
      haServerAddr: '10.0.0.2:10912',
      topics: [createTopicConfig('SlaveOnly')],
    });
    assert.deepEqual(slaveBefore, {}, 'no master yet');
    assert.equal(rt.topicQueueTable.has('SlaveOnly'), false);
    reg(rt);
    const slave = reg(rt, { brokerId: 1, brokerAddr: '10.0.0.2:10911', haServerAddr: '10.0.0.2:10912' });
    assert.deepEqual(slave, { haServerAddr: '10.0.0.1:10912', masterAddr: '10.0.0.1:10911' });
    assert.deepEqual([...rt.brokerAddrTable.get('broker-a')!.brokerAddrs].sort(), [[0, '10.0.0.1:10911'], [1, '10.0.0.2:10911']]);
  });

  test('a slave promoted to master keeps one entry per address', () => {
    const rt = new RouteTable();
    reg(rt, { brokerId: 1, brokerAddr: '10.0.0.2:10911' });
    reg(rt, { brokerId: 0, brokerAddr: '10.0.0.2:10911' });
    assert.deepEqual([...rt.brokerAddrTable.get('broker-a')!.brokerAddrs], [[0, '10.0.0.2:10911']]);
  });

  test('route data composition: queue data per broker, broker data copies, filter servers', () => {
    const rt = new RouteTable();
    reg(rt, { filterServerList: ['10.0.0.1:9999'] });
    reg(rt, {
      brokerName: 'broker-b',
      brokerAddr: '10.0.0.3:10911',
      topics: [createTopicConfig('TopicA', { readQueueNums: 2, writeQueueNums: 2 })],
    });
    reg(rt, { brokerName: 'broker-b', brokerAddr: '10.0.0.4:10911', brokerId: 1 });
    const route = rt.pickupTopicRouteData('TopicA')!;
    assert.deepEqual(route.queueDatas.map((q) => [q.brokerName, q.readQueueNums]), [['broker-a', 4], ['broker-b', 2]]);
    assert.deepEqual(route.brokerDatas.map((b) => [b.brokerName, [...b.brokerAddrs]]), [
      ['broker-a', [[0, '10.0.0.1:10911']]],
      ['broker-b', [[0, '10.0.0.3:10911'], [1, '10.0.0.4:10911']]],
    ]);
    assert.deepEqual([...route.filterServerTable], [['10.0.0.1:10911', ['10.0.0.1:9999']]]);
    route.brokerDatas[0]!.brokerAddrs.set(5, 'mutated');
    route.queueDatas[0]!.perm = 0;
    assert.equal(rt.brokerAddrTable.get('broker-a')!.brokerAddrs.has(5), false, 'route data is a copy');
    assert.equal(rt.topicQueueTable.get('TopicA')!.get('broker-a')!.perm, 6);
    assert.equal(rt.pickupTopicRouteData('Nope'), undefined);
    // An empty filter server list clears the broker's filter servers.
    reg(rt, { filterServerList: [] });
    assert.equal(rt.filterServerTable.size, 0);
  });

  test('unregister: the last address of a name removes the name, its cluster entry and its topics', () => {
    const rt = new RouteTable();
    reg(rt);
    reg(rt, { brokerId: 1, brokerAddr: '10.0.0.2:10911' });
    reg(rt, { brokerName: 'broker-b', brokerAddr: '10.0.0.3:10911', topics: [createTopicConfig('TopicA'), createTopicConfig('TopicB')] });
    rt.unregisterBroker('C1', '10.0.0.2:10911', 'broker-a', 1);
    assert.ok(rt.brokerAddrTable.has('broker-a'));
    rt.unregisterBroker('C1', '10.0.0.1:10911', 'broker-a', 0);
    assert.equal(rt.brokerAddrTable.has('broker-a'), false);
    assert.deepEqual([...rt.clusterAddrTable.get('C1')!], ['broker-b']);
    assert.deepEqual([...rt.topicQueueTable.get('TopicA')!.keys()], ['broker-b']);
    assert.equal(rt.brokerLiveTable.has('10.0.0.1:10911'), false);
    rt.unregisterBroker('C1', '10.0.0.3:10911', 'broker-b', 0);
    assert.equal(rt.clusterAddrTable.size, 0);
    assert.equal(rt.topicQueueTable.size, 0);
    rt.unregisterBroker('C1', '10.0.0.9:1', 'nobody', 0);
  });

  test('delete topic everywhere, or only in one cluster', () => {
    const rt = new RouteTable();
    reg(rt, { topics: [createTopicConfig('T1'), createTopicConfig('T2')] });
    reg(rt, {
      clusterName: 'C2',
      brokerName: 'broker-x',
      brokerAddr: '10.0.1.1:10911',
      topics: [createTopicConfig('T1'), createTopicConfig('T2')],
    });
    rt.deleteTopic('T1', 'C2');
    assert.deepEqual([...rt.topicQueueTable.get('T1')!.keys()], ['broker-a']);
    rt.deleteTopic('T1', 'C1');
    assert.equal(rt.topicQueueTable.has('T1'), false);
    rt.deleteTopic('T2');
    assert.equal(rt.topicQueueTable.has('T2'), false);
    rt.deleteTopic('T2', 'NoSuchCluster');
  });

  test('wipe and add write permission', () => {
    const rt = new RouteTable();
    reg(rt, {
      topics: [
        createTopicConfig('T1', { perm: PermName.PERM_READ | PermName.PERM_WRITE | PermName.PERM_INHERIT }),
        createTopicConfig('T2'),
      ],
    });
    reg(rt, { brokerName: 'broker-b', brokerAddr: '10.0.0.3:10911', topics: [createTopicConfig('T1')] });
    assert.equal(rt.wipeWritePermOfBroker('broker-a'), 2);
    assert.equal(rt.topicQueueTable.get('T1')!.get('broker-a')!.perm, PermName.PERM_READ | PermName.PERM_INHERIT);
    assert.equal(rt.topicQueueTable.get('T1')!.get('broker-b')!.perm, 6, 'other brokers untouched');
    assert.equal(rt.addWritePermOfBroker('broker-a'), 2);
    assert.equal(rt.topicQueueTable.get('T1')!.get('broker-a')!.perm, PermName.PERM_READ | PermName.PERM_WRITE, 'add restores plain RW');
    assert.equal(rt.wipeWritePermOfBroker('nobody'), 0);
  });

  test('listings: all topics, by cluster, system topics, unit topics', () => {
    const rt = new RouteTable();
    reg(rt, {
      topics: [
        createTopicConfig('Plain'),
        createTopicConfig('Unit', { topicSysFlag: TopicSysFlag.FLAG_UNIT }),
        createTopicConfig('UnitSub', { topicSysFlag: TopicSysFlag.FLAG_UNIT_SUB }),
        createTopicConfig('Both', { topicSysFlag: TopicSysFlag.FLAG_UNIT | TopicSysFlag.FLAG_UNIT_SUB }),
      ],
    });
    reg(rt, { clusterName: 'C2', brokerName: 'broker-x', brokerAddr: '10.0.1.1:10911', topics: [createTopicConfig('Other')] });
    assert.deepEqual([...rt.getAllTopicList().topicList].sort(), ['Both', 'Other', 'Plain', 'Unit', 'UnitSub']);
    assert.deepEqual([...rt.getTopicsByCluster('C2').topicList], ['Other']);
    assert.deepEqual([...rt.getTopicsByCluster('Nope').topicList], []);
    const sys = rt.getSystemTopicList();
    assert.deepEqual([...sys.topicList], ['C1', 'broker-a', 'C2', 'broker-x']);
    assert.equal(sys.brokerAddr, '10.0.0.1:10911');
    assert.deepEqual([...rt.getUnitTopics().topicList].sort(), ['Both', 'Unit']);
    assert.deepEqual([...rt.getHasUnitSubTopicList().topicList].sort(), ['Both', 'UnitSub']);
    assert.deepEqual([...rt.getHasUnitSubUnUnitTopicList().topicList], ['UnitSub']);
  });

  test('a closed channel removes its broker at once; an unknown one falls back to the address', () => {
    const rt = new RouteTable();
    const chA = new FakeChannel();
    const chS = new FakeChannel();
    reg(rt, { channel: chA });
    reg(rt, { brokerId: 1, brokerAddr: '10.0.0.2:10911', channel: chS });
    rt.onChannelDestroy('127.0.0.1:50000', chS);
    assert.deepEqual([...rt.brokerAddrTable.get('broker-a')!.brokerAddrs.keys()], [0]);
    assert.ok(rt.topicQueueTable.has('TopicA'), 'master still serves the topic');
    rt.onChannelDestroy('127.0.0.1:50001', new FakeChannel());
    assert.ok(rt.brokerAddrTable.has('broker-a'), 'an unrelated client connection changes nothing');
    rt.onChannelDestroy('10.0.0.1:10911', null);
    assert.equal(rt.brokerAddrTable.size, 0);
    assert.equal(rt.clusterAddrTable.size, 0);
    assert.equal(rt.topicQueueTable.size, 0);
    assert.equal(rt.brokerLiveTable.size, 0);
  });

  test('expiry scan drops silent brokers, closes their channels and their routes', () => {
    let now = 0;
    const rt = new RouteTable(() => now);
    const ch = new FakeChannel();
    reg(rt, { channel: ch });
    now = 120_000;
    assert.deepEqual(rt.scanNotActiveBroker(120_000), [], 'exactly at the limit is still alive');
    now = 120_001;
    assert.deepEqual(rt.scanNotActiveBroker(120_000), ['10.0.0.1:10911']);
    assert.ok(ch.closed);
    assert.equal(rt.topicQueueTable.size, 0);
    assert.equal(rt.brokerAddrTable.size, 0);
  });
});
