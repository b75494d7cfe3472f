// Queue selection for sends: routes turned into publish and subscribe queue lists, round-robin over
// every broker's writable queues, a retry avoiding the broker that just failed, latency fault
// tolerance (a failed or slow broker skipped while it recovers), and the ordered-send selectors.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  topicRouteDataChanged,
  topicRouteDataToPublishInfo,
  topicRouteDataToSubscribeInfo,
} from '../../../src/client/route/topic-publish-info.js';
import { LatencyFaultTolerance, MQFaultStrategy } from '../../../src/client/producer/fault-strategy.js';
import { javaObjectHash, selectMessageQueueByHash } from '../../../src/client/producer/selectors.js';
import type { TopicRouteData } from '../../../src/remoting/protocol/namesrv/route-data.js';
import { Message } from '../../../src/client/message/message.js';

function route(): TopicRouteData {
  return {
    queueDatas: [
      { brokerName: 'broker-b', readQueueNums: 2, writeQueueNums: 2, perm: 6, topicSysFlag: 0 },
      { brokerName: 'broker-a', readQueueNums: 4, writeQueueNums: 3, perm: 6, topicSysFlag: 0 },
      { brokerName: 'broker-ro', readQueueNums: 2, writeQueueNums: 2, perm: 4, topicSysFlag: 0 },
      { brokerName: 'broker-slave-only', readQueueNums: 2, writeQueueNums: 2, perm: 6, topicSysFlag: 0 },
    ],
    brokerDatas: [
      { cluster: 'C', brokerName: 'broker-a', brokerAddrs: new Map([[0, '10.0.0.1:10911']]) },
      { cluster: 'C', brokerName: 'broker-b', brokerAddrs: new Map([[0, '10.0.0.2:10911'], [1, '10.0.0.3:10911']]) },
      { cluster: 'C', brokerName: 'broker-ro', brokerAddrs: new Map([[0, '10.0.0.4:10911']]) },
      { cluster: 'C', brokerName: 'broker-slave-only', brokerAddrs: new Map([[1, '10.0.0.5:10911']]) },
    ],
    filterServerTable: new Map(),
  };
}

const key = (m: { brokerName: string; queueId: number }) => `${m.brokerName}:${m.queueId}`;

test('publish info: writable queues of brokers with a master, sorted by broker name; subscribe info: readable queues', () => {
  const info = topicRouteDataToPublishInfo('T', route());
  assert.deepEqual(info.messageQueueList.map(key), ['broker-a:0', 'broker-a:1', 'broker-a:2', 'broker-b:0', 'broker-b:1']);
  assert.equal(info.getQueueIdByBroker('broker-a'), 3);
  assert.equal(info.getQueueIdByBroker('broker-ro'), -1);
  const sub = topicRouteDataToSubscribeInfo('T', route());
  assert.deepEqual(sub.map(key), [
    'broker-a:0',
    'broker-a:1',
    'broker-a:2',
    'broker-a:3',
    'broker-b:0',
    'broker-b:1',
    'broker-ro:0',
    'broker-ro:1',
    'broker-slave-only:0',
    'broker-slave-only:1',
  ]);
  const ordered = topicRouteDataToPublishInfo('T', { ...route(), orderTopicConf: 'broker-b:2;broker-a:1' });
  assert.equal(ordered.orderTopic, true);
  assert.deepEqual(ordered.messageQueueList.map(key), ['broker-b:0', 'broker-b:1', 'broker-a:0']);
});

test('route change detection ignores order and sees queue or address changes', () => {
  const a = route();
  const b = route();
  b.queueDatas.reverse();
  b.brokerDatas.reverse();
  assert.equal(topicRouteDataChanged(a, b), false);
  b.queueDatas[0]!.writeQueueNums = 8;
  assert.equal(topicRouteDataChanged(a, b), true);
  const c = route();
  c.brokerDatas[0]!.brokerAddrs.set(1, '10.0.0.9:10911');
  assert.equal(topicRouteDataChanged(a, c), true);
  assert.equal(topicRouteDataChanged(undefined, a), true);
});

test('round-robin covers every writable queue evenly; a retry avoids the broker that failed', () => {
  const info = topicRouteDataToPublishInfo('T', route());
  const strategy = new MQFaultStrategy(false);
  const counts = new Map<string, number>();
  for (let i = 0; i < 500; i++) {
    const mq = strategy.selectOneMessageQueue(info, undefined);
    counts.set(key(mq), (counts.get(key(mq)) ?? 0) + 1);
  }
  assert.deepEqual([...counts.keys()].sort(), ['broker-a:0', 'broker-a:1', 'broker-a:2', 'broker-b:0', 'broker-b:1']);
  for (const n of counts.values()) assert.equal(n, 100);
  for (let i = 0; i < 20; i++) assert.equal(strategy.selectOneMessageQueue(info, 'broker-a').brokerName, 'broker-b');
});

test('latency fault tolerance: a failed broker is skipped for 10 minutes (its failure counts as 30 s of latency), a slow one for its latency class', () => {
  let now = 1_000_000;
  const strategy = new MQFaultStrategy(true, () => now);
  const info = topicRouteDataToPublishInfo('T', route());
  strategy.updateFaultItem('broker-a', 12, true);
  for (let i = 0; i < 50; i++) assert.equal(strategy.selectOneMessageQueue(info, undefined).brokerName, 'broker-b');
  now += 599_999;
  for (let i = 0; i < 10; i++) assert.equal(strategy.selectOneMessageQueue(info, undefined).brokerName, 'broker-b');
  now += 1;
  const seen = new Set<string>();
  for (let i = 0; i < 10; i++) seen.add(strategy.selectOneMessageQueue(info, undefined).brokerName);
  assert.deepEqual([...seen].sort(), ['broker-a', 'broker-b']);
  // Fast answers do not mark a broker; 600 ms marks it for 30 s, 2 s for 120 s.
  strategy.updateFaultItem('broker-b', 40, false);
  assert.equal(strategy.latencyFaultTolerance.isAvailable('broker-b'), true);
  strategy.updateFaultItem('broker-b', 600, false);
  assert.equal(strategy.latencyFaultTolerance.isAvailable('broker-b'), false);
  now += 30_000;
  assert.equal(strategy.latencyFaultTolerance.isAvailable('broker-b'), true);
  strategy.updateFaultItem('broker-b', 2000, false);
  now += 119_999;
  assert.equal(strategy.latencyFaultTolerance.isAvailable('broker-b'), false);
  // Every broker marked: one of the better half is still picked, with a queue id within its write queues.
  strategy.updateFaultItem('broker-a', 5, true);
  const mq = strategy.selectOneMessageQueue(info, undefined);
  assert.ok(['broker-a', 'broker-b'].includes(mq.brokerName));
  assert.ok(mq.queueId < info.getQueueIdByBroker(mq.brokerName));
});

test('LatencyFaultTolerance.pickOneAtLeast prefers available, then lower latency', () => {
  let now = 0;
  const f = new LatencyFaultTolerance(() => now);
  assert.equal(f.pickOneAtLeast(), undefined);
  f.updateFaultItem('slow', 3000, 60_000);
  f.updateFaultItem('fast', 100, 60_000);
  f.updateFaultItem('recovered', 5000, 0);
  assert.equal(f.pickOneAtLeast(), 'recovered');
  now = 0;
  f.remove('recovered');
  assert.equal(f.pickOneAtLeast(), 'fast');
});

test('SelectMessageQueueByHash: Java hash codes, so the same argument keeps one queue', () => {
  const mqs = Array.from({ length: 4 }, (_, i) => ({ topic: 'T', brokerName: 'b', queueId: i }));
  const msg = new Message('T', 'x');
  assert.equal(javaObjectHash(7), 7);
  assert.equal(javaObjectHash('order-1'), 'order-1'.split('').reduce((h, c) => (Math.imul(31, h) + c.charCodeAt(0)) | 0, 0));
  assert.equal(javaObjectHash(2 ** 33 + 5), 5 ^ 2, 'Long.hashCode: low word ^ high word');
  assert.equal(javaObjectHash(true), 1231);
  assert.equal(selectMessageQueueByHash(mqs, msg, 6).queueId, 2);
  assert.equal(selectMessageQueueByHash(mqs, msg, -6).queueId, 2);
  for (let i = 0; i < 10; i++) {
    assert.equal(selectMessageQueueByHash(mqs, msg, 'order-42').queueId, selectMessageQueueByHash(mqs, msg, 'order-42').queueId);
  }
});
