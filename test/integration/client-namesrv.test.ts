// Our client against our own name server (`mq namesrv start`): route, cluster and topic-list
// queries through MQClientAPI, TOPIC_NOT_EXIST as a typed error, fail-over past a dead name server,
// and a producer whose route names an unreachable broker (retries, then Java's "Send [3] times").

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ClientConfig } from '../../src/client/client-config.js';
import { ClientInstance } from '../../src/client/instance/client-instance.js';
import { Producer } from '../../src/client/producer/producer.js';
import { Message } from '../../src/client/message/message.js';
import { MQClientError } from '../../src/common/errors.js';
import { setLogLevel } from '../../src/common/logger.js';
import { RemotingClient } from '../../src/remoting/client.js';
import { MQBrokerError, RemotingConnectError } from '../../src/remoting/errors.js';
import { ResponseCode } from '../../src/remoting/response-code.js';
import { createRegisterBrokerRequest } from '../../src/remoting/protocol/namesrv/index.js';
import { createTopicConfig, createTopicConfigWrapper } from '../../src/remoting/protocol/topic-config.js';
import { freePort } from '../harness/java.js';
import { startNamesrv } from '../harness/servers.js';

setLogLevel('silent');

/** Registers a (fake) broker; its connection stays open, since a name server drops a broker whose channel closes. */
async function register(t: { after(fn: () => unknown): void }, namesrvAddr: string, brokerAddr: string, topics: string[]): Promise<void> {
  const client = new RemotingClient();
  t.after(() => client.close());
  {
    const req = createRegisterBrokerRequest(
      { clusterName: 'ItCluster', brokerName: 'broker-it', brokerId: 0, brokerAddr, haServerAddr: brokerAddr },
      {
        topicConfigSerializeWrapper: createTopicConfigWrapper(
          topics.map((t) => createTopicConfig(t, { readQueueNums: 4, writeQueueNums: 2 })),
          { timestamp: Date.now(), counter: 1 },
        ),
        filterServerList: [],
      },
    );
    assert.equal((await client.invoke(namesrvAddr, req, 5000)).code, ResponseCode.SUCCESS);
  }
}

test('our name server: routes, cluster info and topic lists through the client API; fail-over past a dead name server', async (t) => {
  const ns = await startNamesrv(t);
  const deadBroker = `127.0.0.1:${await freePort()}`;
  await register(t, ns.addr, deadBroker, ['ItRouted', 'TBW102']);
  const dead = `127.0.0.1:${await freePort()}`;
  for (const serializeType of ['JSON', 'ROCKETMQ'] as const) {
    const instance = new ClientInstance(new ClientConfig({ namesrvAddr: `${dead};${ns.addr}`, serializeType }), `it@${serializeType}`);
    t.after(() => instance.shutdown());
    const api = instance.api;
    const route = await api.getTopicRouteInfoFromNameServer('ItRouted', 3000);
    assert.deepEqual(route.queueDatas.map((q) => [q.brokerName, q.readQueueNums, q.writeQueueNums, q.perm]), [['broker-it', 4, 2, 6]]);
    assert.deepEqual([...route.brokerDatas[0]!.brokerAddrs], [[0, deadBroker]]);
    await assert.rejects(
      api.getTopicRouteInfoFromNameServer('ItUnknown', 3000),
      (e: unknown) => e instanceof MQBrokerError && e.responseCode === ResponseCode.TOPIC_NOT_EXIST,
    );
    const cluster = await api.getBrokerClusterInfo(3000);
    assert.deepEqual([...cluster.clusterAddrTable.get('ItCluster')!], ['broker-it']);
    assert.equal(cluster.brokerAddrTable.get('broker-it')!.brokerAddrs.get(0), deadBroker);
    const topics = await api.getTopicListFromNameServer(3000);
    assert.ok(topics.topicList.has('ItRouted'));
    // The instance keeps routes and broker addresses for its users.
    assert.equal(await instance.updateTopicRouteInfoFromNameServer('ItRouted'), true);
    assert.equal(instance.findBrokerAddressInPublish('broker-it'), deadBroker);
    assert.equal(await instance.updateTopicRouteInfoFromNameServer('ItUnknown'), false);
  }
  // Every name server down: the error names them all.
  const lonely = new ClientInstance(new ClientConfig({ namesrvAddr: `${dead};127.0.0.1:1` }), 'it@down');
  t.after(() => lonely.shutdown());
  await assert.rejects(
    lonely.api.getTopicRouteInfoFromNameServer('ItRouted', 3000),
    (e: unknown) => e instanceof RemotingConnectError && e.message === `connect to ${dead};127.0.0.1:1 failed`,
  );
});

test('our name server: a producer whose broker cannot be reached retries, then fails with the brokers it tried', async (t) => {
  const ns = await startNamesrv(t);
  const deadBroker = `127.0.0.1:${await freePort()}`;
  await register(t, ns.addr, deadBroker, ['ItRouted']);
  const producer = new Producer({ producerGroup: 'it_ns_pg', namesrvAddr: ns.addr, sendMsgTimeout: 5000 });
  await producer.start();
  t.after(() => producer.shutdown());
  await assert.rejects(producer.send(new Message('ItRouted', 'x')), (e: unknown) => {
    assert.ok(e instanceof MQClientError);
    assert.match(
      e.message,
      new RegExp(
        `^Send \\[3\\] times, still failed, cost \\[\\d+\\]ms, Topic: ItRouted, BrokersSent: \\[broker-it, broker-it, broker-it\\]: connect to ${deadBroker} failed$`,
      ),
    );
    return true;
  });
  await assert.rejects(
    producer.send(new Message('ItNotRouted', 'x')),
    (e: unknown) => e instanceof MQClientError && e.message === `No route info of this topic: ItNotRouted, name servers: ${ns.addr}`,
  );
});
