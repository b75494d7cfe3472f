// Broker liveness: expiry after 120 s of silence on a fake clock, the periodic scan, and immediate
// removal when a broker's connection closes or idles out.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setLogLevel } from '../../../src/common/logger.js';
import { BROKER_EXPIRED_MS, BrokerLiveness, SCAN_INTERVAL_MS } from '../../../src/namesrv/broker-liveness.js';
import { RouteTable } from '../../../src/namesrv/route-table.js';
import { RemotingClient } from '../../../src/remoting/client.js';
import { ResponseCode } from '../../../src/remoting/response-code.js';
import { createRegisterBrokerRequest } from '../../../src/remoting/protocol/namesrv/index.js';
import { createTopicConfig, createTopicConfigWrapper } from '../../../src/remoting/protocol/topic-config.js';
import { pollUntil } from '../../harness/latch.js';
import { startInProcessNamesrv } from '../../harness/servers.js';

setLogLevel('silent');

function registerRequest(brokerAddr = '10.0.0.1:10911') {
  return createRegisterBrokerRequest(
    { clusterName: 'C1', brokerAddr, brokerName: 'broker-a', brokerId: 0, haServerAddr: '10.0.0.1:10912' },
    {
      topicConfigSerializeWrapper: createTopicConfigWrapper([createTopicConfig('TopicA')], { timestamp: 1, counter: 1 }),
      filterServerList: [],
    },
  );
}

test("Java's timings are the defaults", () => {
  const l = new BrokerLiveness(new RouteTable());
  assert.equal(l.brokerExpiredMs, BROKER_EXPIRED_MS);
  assert.equal(BROKER_EXPIRED_MS, 120_000);
  assert.equal(l.scanIntervalMs, SCAN_INTERVAL_MS);
  assert.equal(SCAN_INTERVAL_MS, 10_000);
  assert.equal(l.initialDelayMs, 5_000);
});

test('a broker silent for more than 120 s is dropped by the scan (fake clock)', async (t) => {
  let now = 1_000_000;
  const ns = await startInProcessNamesrv(t, { now: () => now });
  const res = await ns.invoke(registerRequest());
  assert.equal(res.code, ResponseCode.SUCCESS);
  let closed = false;
  (await ns.client.getConnection(ns.addr)).onClosed(() => {
    closed = true;
  });
  now += 119_000;
  assert.deepEqual(ns.controller.liveness.scan(), []);
  assert.ok(ns.controller.routes.pickupTopicRouteData('TopicA'));
  // A heartbeat (re-registration) resets the clock.
  await ns.invoke(registerRequest());
  now += 119_000;
  assert.deepEqual(ns.controller.liveness.scan(), []);
  now += 1_001;
  assert.deepEqual(ns.controller.liveness.scan(), ['10.0.0.1:10911']);
  assert.equal(ns.controller.routes.pickupTopicRouteData('TopicA'), undefined);
  await pollUntil(() => closed, "the expired broker's connection to be closed", 5_000, 5);
});

test('the scheduled scan runs on its interval', async (t) => {
  let now = 0;
  const ns = await startInProcessNamesrv(t, { now: () => now, liveness: { initialDelayMs: 0, scanIntervalMs: 10, brokerExpiredMs: 1000 } });
  await ns.invoke(registerRequest());
  assert.ok(ns.controller.routes.brokerLiveTable.has('10.0.0.1:10911'));
  now = 5_000;
  await pollUntil(() => !ns.controller.routes.brokerLiveTable.has('10.0.0.1:10911'), 'the scan to expire the broker', 5_000, 5);
});

test("a broker's connection closing removes its routes at once", async (t) => {
  const ns = await startInProcessNamesrv(t);
  const broker = new RemotingClient();
  t.after(() => broker.close());
  const res = await broker.invoke(ns.addr, registerRequest(), 5000);
  assert.equal(res.code, ResponseCode.SUCCESS);
  assert.ok(ns.controller.routes.pickupTopicRouteData('TopicA'));
  await broker.close();
  await pollUntil(() => ns.controller.routes.pickupTopicRouteData('TopicA') === undefined, 'routes of the closed broker to go', 5_000, 5);
  assert.equal(ns.controller.routes.brokerAddrTable.size, 0);
});

test('an idle connection is closed, and a broker behind it removed', async (t) => {
  const ns = await startInProcessNamesrv(t, { serverLimits: { channelMaxIdleMs: 100 } });
  const broker = new RemotingClient();
  t.after(() => broker.close());
  await broker.invoke(ns.addr, registerRequest(), 5000);
  const conn = await broker.getConnection(ns.addr);
  let closed = false;
  conn.onClosed(() => {
    closed = true;
  });
  await pollUntil(() => closed, 'the server to close the idle connection', 5_000, 10);
  await pollUntil(() => ns.controller.routes.brokerAddrTable.size === 0, 'the idle broker to be removed', 5_000, 5);
});
