// Every request code the name server answers, over loopback TCP against an in-process
// NamesrvController: response codes, remarks, headers and bodies, including bad input.

// Top-level tests only: Deno's node:test runs t.after hooks (our cleanup) only for those.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { setLogLevel } from '../../../src/common/logger.js';
import { createRequest, type RemotingCommand, SerializeType } from '../../../src/remoting/command.js';
import { RequestCode } from '../../../src/remoting/request-code.js';
import { ResponseCode } from '../../../src/remoting/response-code.js';
import {
  AddWritePermOfBrokerResponseHeader,
  createRegisterBrokerRequest,
  decodeClusterInfo,
  decodeKVTable,
  decodePropertiesBody,
  decodeTopicList,
  decodeTopicRouteData,
  encodePropertiesBody,
  GetKVConfigResponseHeader,
  QueryDataVersionResponseHeader,
  type RegisterBrokerBody,
  RegisterBrokerResponseHeader,
  WipeWritePermOfBrokerResponseHeader,
} from '../../../src/remoting/protocol/namesrv/index.js';
import {
  createTopicConfig,
  createTopicConfigWrapper,
  decodeDataVersion,
  encodeDataVersion,
  type TopicConfig,
  TopicSysFlag,
} from '../../../src/remoting/protocol/topic-config.js';
import { noRouteRemark } from '../../../src/namesrv/processors/route-requests.js';
import { type InProcessNamesrv, startInProcessNamesrv } from '../../harness/servers.js';

setLogLevel('silent');

const req = (
  code: number,
  ext?: Record<string, string> | null,
  body?: Uint8Array | null,
  type: 0 | 1 = SerializeType.JSON,
): RemotingCommand => createRequest(code, ext ?? null, body ?? null, type);

function registerBody(topics: TopicConfig[], counter = 1, filterServerList: string[] = []): RegisterBrokerBody {
  return { topicConfigSerializeWrapper: createTopicConfigWrapper(topics, { timestamp: 1000, counter }), filterServerList };
}

async function register(
  ns: InProcessNamesrv,
  over: {
    brokerName?: string;
    brokerAddr?: string;
    brokerId?: number;
    clusterName?: string;
    topics?: TopicConfig[];
    counter?: number;
    compressed?: boolean;
  } = {},
) {
  const r = createRegisterBrokerRequest(
    {
      clusterName: over.clusterName ?? 'C1',
      brokerAddr: over.brokerAddr ?? '10.0.0.1:10911',
      brokerName: over.brokerName ?? 'broker-a',
      brokerId: over.brokerId ?? 0,
      haServerAddr: (over.brokerAddr ?? '10.0.0.1:10911').replace(/\d+$/, (p) => String(Number(p) + 1)),
    },
    registerBody(over.topics ?? [createTopicConfig('TopicA', { readQueueNums: 4, writeQueueNums: 4 })], over.counter ?? 1),
    over.compressed ?? false,
  );
  return ns.invoke(r);
}

test('broker requests: REGISTER_BROKER (JSON and compressed), master/slave reply headers, ORDER_TOPIC_CONFIG body', async (t) => {
  const ns = await startInProcessNamesrv(t);
  const master = await register(ns);
  assert.equal(master.code, ResponseCode.SUCCESS);
  assert.deepEqual(master.extFields, {});
  assert.equal(master.body ?? null, null);

  await ns.invoke(req(RequestCode.PUT_KV_CONFIG, { namespace: 'ORDER_TOPIC_CONFIG', key: 'TopicA', value: 'broker-a:4' }));
  const slave = await register(ns, { brokerId: 1, brokerAddr: '10.0.0.2:10911', compressed: true });
  assert.equal(slave.code, ResponseCode.SUCCESS);
  assert.deepEqual({ ...RegisterBrokerResponseHeader.decode(slave.extFields) }, {
    haServerAddr: '10.0.0.1:10912',
    masterAddr: '10.0.0.1:10911',
  });
  assert.deepEqual(decodeKVTable(slave.body!), new Map([['TopicA', 'broker-a:4']]));

  const compressedMaster = await register(ns, {
    brokerName: 'broker-b',
    brokerAddr: '10.0.0.3:10911',
    compressed: true,
    topics: [createTopicConfig('TopicZ', { readQueueNums: 2, writeQueueNums: 2 })],
  });
  assert.equal(compressedMaster.code, ResponseCode.SUCCESS);
  assert.equal(ns.controller.routes.topicQueueTable.get('TopicZ')?.get('broker-b')?.readQueueNums, 2);
});

test('broker requests: REGISTER_BROKER rejects a bad crc32, a body that does not decode, and missing fields', async (t) => {
  const ns = await startInProcessNamesrv(t);
  const good = createRegisterBrokerRequest(
    { clusterName: 'C1', brokerAddr: '10.0.0.1:10911', brokerName: 'broker-a', brokerId: 0, haServerAddr: 'x:1' },
    registerBody([createTopicConfig('T')]),
  );
  const badCrc = { ...good, opaque: good.opaque + 100_000, extFields: { ...good.extFields!, bodyCrc32: '12345' } };
  const r1 = await ns.invoke(badCrc);
  assert.equal(r1.code, ResponseCode.SYSTEM_ERROR);
  assert.equal(r1.remark, 'crc32 not match');

  const garbage = Buffer.from('{"topicConfigSerializeWrapper":');
  const r2 = await ns.invoke(req(RequestCode.REGISTER_BROKER, { ...good.extFields!, bodyCrc32: '0' }, garbage));
  assert.equal(r2.code, ResponseCode.SYSTEM_ERROR);
  assert.match(r2.remark ?? '', /^Failed to decode RegisterBrokerBody/);

  const { brokerAddr: _omit, ...noAddr } = good.extFields!;
  const r3 = await ns.invoke(req(RequestCode.REGISTER_BROKER, noAddr, good.body));
  assert.equal(r3.code, ResponseCode.SYSTEM_ERROR);
  assert.match(r3.remark ?? '', /<brokerAddr> is null/);
  assert.equal(ns.controller.routes.brokerAddrTable.size, 0);
});

test('broker requests: REGISTER_BROKER without a body, and from a broker older than V3_0_11', async (t) => {
  const ns = await startInProcessNamesrv(t);
  const ext = { clusterName: 'C1', brokerAddr: '10.0.0.1:10911', brokerName: 'broker-a', brokerId: '0', haServerAddr: 'x:1' };
  assert.equal((await ns.invoke(req(RequestCode.REGISTER_BROKER, ext))).code, ResponseCode.SUCCESS);
  assert.deepEqual(ns.controller.routes.queryBrokerTopicConfig('10.0.0.1:10911'), { timestamp: 0, counter: 0 });

  const legacy = req(
    RequestCode.REGISTER_BROKER,
    { ...ext, brokerAddr: '10.0.0.5:10911', brokerName: 'old' },
    Buffer.from(
      '{"dataVersion":{"counter":3,"timestamp":5},"topicConfigTable":{"Legacy":{"perm":6,"readQueueNums":1,"topicName":"Legacy","writeQueueNums":1}}}',
    ),
  );
  legacy.version = 30;
  assert.equal((await ns.invoke(legacy)).code, ResponseCode.SUCCESS);
  assert.equal(ns.controller.routes.topicQueueTable.get('Legacy')?.get('old')?.writeQueueNums, 1);
});

test('broker requests: UNREGISTER_BROKER and QUERY_DATA_VERSION', async (t) => {
  let now = 5000;
  const ns = await startInProcessNamesrv(t, { now: () => now });
  await register(ns, { counter: 7 });
  const q = (counter: number) =>
    ns.invoke(
      req(
        RequestCode.QUERY_DATA_VERSION,
        { brokerName: 'broker-a', brokerAddr: '10.0.0.1:10911', clusterName: 'C1', brokerId: '0' },
        encodeDataVersion({ timestamp: 1000, counter }),
      ),
    );
  now = 9000;
  const same = await q(7);
  assert.equal(same.code, ResponseCode.SUCCESS);
  assert.equal(QueryDataVersionResponseHeader.decode(same.extFields).changed, false);
  assert.deepEqual(decodeDataVersion(same.body), { timestamp: 1000, counter: 7 });
  assert.equal(
    ns.controller.routes.brokerLiveTable.get('10.0.0.1:10911')!.lastUpdateTimestamp,
    9000,
    'an unchanged query counts as a heartbeat',
  );
  now = 10000;
  const changed = await q(8);
  assert.equal(QueryDataVersionResponseHeader.decode(changed.extFields).changed, true);
  assert.equal(ns.controller.routes.brokerLiveTable.get('10.0.0.1:10911')!.lastUpdateTimestamp, 9000);

  const un = await ns.invoke(
    req(RequestCode.UNREGISTER_BROKER, { brokerName: 'broker-a', brokerAddr: '10.0.0.1:10911', clusterName: 'C1', brokerId: '0' }),
  );
  assert.equal(un.code, ResponseCode.SUCCESS);
  assert.equal(un.extFields ?? null, null);
  assert.equal(ns.controller.routes.brokerAddrTable.size, 0);
  const missing = await ns.invoke(req(RequestCode.UNREGISTER_BROKER, { brokerName: 'broker-a' }));
  assert.equal(missing.code, ResponseCode.SYSTEM_ERROR);
  assert.match(missing.remark ?? '', /is null/);
});

test('broker requests: WIPE_WRITE_PERM_OF_BROKER and ADD_WRITE_PERM_OF_BROKER answer the topic count', async (t) => {
  const ns = await startInProcessNamesrv(t);
  await register(ns, { topics: [createTopicConfig('T1'), createTopicConfig('T2')] });
  const wipe = await ns.invoke(req(RequestCode.WIPE_WRITE_PERM_OF_BROKER, { brokerName: 'broker-a' }));
  assert.equal(WipeWritePermOfBrokerResponseHeader.decode(wipe.extFields).wipeTopicCount, 2);
  assert.equal(
    decodeTopicRouteData((await ns.invoke(req(RequestCode.GET_ROUTEINFO_BY_TOPIC, { topic: 'T1' }))).body!).queueDatas[0]!.perm,
    4,
  );
  const add = await ns.invoke(req(RequestCode.ADD_WRITE_PERM_OF_BROKER, { brokerName: 'broker-a' }, null, SerializeType.ROCKETMQ));
  assert.equal(add.serializeType, SerializeType.ROCKETMQ);
  assert.equal(AddWritePermOfBrokerResponseHeader.decode(add.extFields).addTopicCount, 2);
  assert.equal(ns.controller.routes.topicQueueTable.get('T1')!.get('broker-a')!.perm, 6);
});

test('route requests: GET_ROUTEINFO_BY_TOPIC: strict JSON for 4.9.4+ or on request, fastjson otherwise, TOPIC_NOT_EXIST', async (t) => {
  const ns = await startInProcessNamesrv(t, { namesrvConfig: { orderMessageEnable: true } });
  await register(ns);
  await ns.invoke(req(RequestCode.PUT_KV_CONFIG, { namespace: 'ORDER_TOPIC_CONFIG', key: 'TopicA', value: 'broker-a:4' }));
  const modern = await ns.invoke(req(RequestCode.GET_ROUTEINFO_BY_TOPIC, { topic: 'TopicA' }));
  assert.equal(modern.code, ResponseCode.SUCCESS);
  assert.match(Buffer.from(modern.body!).toString(), /"brokerAddrs":\{"0":"10\.0\.0\.1:10911"\}/);
  assert.equal(decodeTopicRouteData(modern.body!).orderTopicConf, 'broker-a:4');

  const oldClient = req(RequestCode.GET_ROUTEINFO_BY_TOPIC, { topic: 'TopicA' });
  oldClient.version = 399;
  assert.match(Buffer.from((await ns.invoke(oldClient)).body!).toString(), /"brokerAddrs":\{0:"10\.0\.0\.1:10911"\}/);
  const oldButStrict = req(RequestCode.GET_ROUTEINFO_BY_TOPIC, { topic: 'TopicA', acceptStandardJsonOnly: 'true' });
  oldButStrict.version = 399;
  assert.match(Buffer.from((await ns.invoke(oldButStrict)).body!).toString(), /\{"0":/);

  const none = await ns.invoke(req(RequestCode.GET_ROUTEINFO_BY_TOPIC, { topic: 'Nope' }, null, SerializeType.ROCKETMQ));
  assert.equal(none.code, ResponseCode.TOPIC_NOT_EXIST);
  assert.equal(none.remark, noRouteRemark('Nope'));
  assert.equal(
    none.remark,
    'No topic route info in name server for the topic: Nope\nSee http://rocketmq.apache.org/docs/faq/ for further details.',
  );
  assert.equal(none.serializeType, SerializeType.ROCKETMQ);

  const noTopic = await ns.invoke(req(RequestCode.GET_ROUTEINFO_BY_TOPIC, {}));
  assert.equal(noTopic.code, ResponseCode.SYSTEM_ERROR);
  assert.match(noTopic.remark ?? '', /<topic> is null/);
});

test('route requests: orderTopicConf stays out of route data unless orderMessageEnable', async (t) => {
  const ns = await startInProcessNamesrv(t);
  await register(ns);
  await ns.invoke(req(RequestCode.PUT_KV_CONFIG, { namespace: 'ORDER_TOPIC_CONFIG', key: 'TopicA', value: 'broker-a:4' }));
  assert.equal(
    decodeTopicRouteData((await ns.invoke(req(RequestCode.GET_ROUTEINFO_BY_TOPIC, { topic: 'TopicA' }))).body!).orderTopicConf,
    undefined,
  );
});

test('route requests: GET_BROKER_CLUSTER_INFO, DELETE_TOPIC_IN_NAMESRV and every topic list', async (t) => {
  const ns = await startInProcessNamesrv(t);
  await register(ns, {
    topics: [
      createTopicConfig('T1'),
      createTopicConfig('U', { topicSysFlag: TopicSysFlag.FLAG_UNIT }),
      createTopicConfig('S', { topicSysFlag: TopicSysFlag.FLAG_UNIT_SUB }),
    ],
  });
  await register(ns, {
    clusterName: 'C2',
    brokerName: 'broker-x',
    brokerAddr: '10.0.1.1:10911',
    topics: [createTopicConfig('T1'), createTopicConfig('X')],
  });

  const cluster = await ns.invoke(req(RequestCode.GET_BROKER_CLUSTER_INFO));
  assert.match(Buffer.from(cluster.body!).toString(), /"brokerAddrs":\{0:"10\.0\.0\.1:10911"\}/);
  const info = decodeClusterInfo(cluster.body!);
  assert.deepEqual([...info.clusterAddrTable.keys()], ['C1', 'C2']);

  const list = async (code: number, ext?: Record<string, string>) => {
    const r = await ns.invoke(req(code, ext));
    assert.equal(r.code, ResponseCode.SUCCESS);
    return decodeTopicList(r.body!);
  };
  assert.deepEqual([...(await list(RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER)).topicList].sort(), ['S', 'T1', 'U', 'X']);
  assert.deepEqual([...(await list(RequestCode.GET_TOPICS_BY_CLUSTER, { cluster: 'C2' })).topicList].sort(), ['T1', 'X']);
  const sys = await list(RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_NS);
  assert.deepEqual([...sys.topicList], ['C1', 'broker-a', 'C2', 'broker-x']);
  assert.equal(sys.brokerAddr, '10.0.0.1:10911');
  assert.deepEqual([...(await list(RequestCode.GET_UNIT_TOPIC_LIST)).topicList], ['U']);
  assert.deepEqual([...(await list(RequestCode.GET_HAS_UNIT_SUB_TOPIC_LIST)).topicList], ['S']);
  assert.deepEqual([...(await list(RequestCode.GET_HAS_UNIT_SUB_UNUNIT_TOPIC_LIST)).topicList], ['S']);

  assert.equal((await ns.invoke(req(RequestCode.DELETE_TOPIC_IN_NAMESRV, { topic: 'T1', clusterName: 'C2' }))).code, ResponseCode.SUCCESS);
  assert.deepEqual([...(await list(RequestCode.GET_TOPICS_BY_CLUSTER, { cluster: 'C2' })).topicList], ['X']);
  assert.equal((await ns.invoke(req(RequestCode.DELETE_TOPIC_IN_NAMESRV, { topic: 'T1', clusterName: '' }))).code, ResponseCode.SUCCESS);
  assert.equal((await ns.invoke(req(RequestCode.GET_ROUTEINFO_BY_TOPIC, { topic: 'T1' }))).code, ResponseCode.TOPIC_NOT_EXIST);
  assert.equal((await ns.invoke(req(RequestCode.GET_TOPICS_BY_CLUSTER, {}))).code, ResponseCode.SYSTEM_ERROR);
});

test('config requests: PUT/GET/DELETE_KV_CONFIG and GET_KVLIST_BY_NAMESPACE, persisted to kvConfigPath', async (t) => {
  const ns = await startInProcessNamesrv(t);
  const put = await ns.invoke(req(RequestCode.PUT_KV_CONFIG, { namespace: 'NS', key: 'k', value: 'v' }));
  assert.equal(put.code, ResponseCode.SUCCESS);
  assert.equal(put.extFields ?? null, null);
  assert.equal(fs.readFileSync(ns.controller.namesrvConfig.kvConfigPath, 'utf8'), '{"configTable":{"NS":{"k":"v"}}}');

  const got = await ns.invoke(req(RequestCode.GET_KV_CONFIG, { namespace: 'NS', key: 'k' }));
  assert.equal(GetKVConfigResponseHeader.decode(got.extFields).value, 'v');
  const miss = await ns.invoke(req(RequestCode.GET_KV_CONFIG, { namespace: 'NS', key: 'nope' }));
  assert.equal(miss.code, ResponseCode.QUERY_NOT_FOUND);
  assert.equal(miss.remark, 'No config item, Namespace: NS Key: nope');
  assert.deepEqual(miss.extFields, {});

  assert.deepEqual(
    decodeKVTable((await ns.invoke(req(RequestCode.GET_KVLIST_BY_NAMESPACE, { namespace: 'NS' }))).body!),
    new Map([['k', 'v']]),
  );
  const noNs = await ns.invoke(req(RequestCode.GET_KVLIST_BY_NAMESPACE, { namespace: 'Other' }));
  assert.equal(noNs.code, ResponseCode.QUERY_NOT_FOUND);
  assert.equal(noNs.remark, 'No config item, Namespace: Other');

  assert.equal((await ns.invoke(req(RequestCode.DELETE_KV_CONFIG, { namespace: 'NS', key: 'k' }))).code, ResponseCode.SUCCESS);
  assert.equal((await ns.invoke(req(RequestCode.GET_KV_CONFIG, { namespace: 'NS', key: 'k' }))).code, ResponseCode.QUERY_NOT_FOUND);
  const noValue = await ns.invoke(req(RequestCode.PUT_KV_CONFIG, { namespace: 'NS', key: 'k' }));
  assert.equal(noValue.code, ResponseCode.SYSTEM_ERROR);
  assert.match(noValue.remark ?? '', /<value> is null/);
});

test('config requests: GET_NAMESRV_CONFIG and UPDATE_NAMESRV_CONFIG: black list, bad values, unknown keys, persistence', async (t) => {
  const ns = await startInProcessNamesrv(t, { extraProperties: new Map([['customKey', 'one']]) });
  const get = async () => decodePropertiesBody((await ns.invoke(req(RequestCode.GET_NAMESRV_CONFIG))).body);
  const before = await get();
  assert.equal(before.get('listenPort'), '0');
  assert.equal(before.get('orderMessageEnable'), 'false');
  assert.equal(before.get('customKey'), 'one');

  const update = (props: Array<[string, string]>) => ns.invoke(req(RequestCode.UPDATE_NAMESRV_CONFIG, null, encodePropertiesBody(props)));
  for (const key of ['kvConfigPath', 'configStorePath', 'configBlackList', 'rocketmqHome']) {
    const r = await update([[key, '/tmp/x']]);
    assert.equal(r.code, ResponseCode.NO_PERMISSION, key);
    assert.equal(r.remark, 'Can not update config in black list.');
  }
  const bad = await update([['orderMessageEnable', 'true'], ['serverWorkerThreads', 'many']]);
  assert.equal(bad.code, ResponseCode.SYSTEM_ERROR);
  assert.match(bad.remark ?? '', /serverWorkerThreads/);
  assert.equal((await get()).get('orderMessageEnable'), 'false', 'a rejected update changes nothing');

  const ok = await update([['orderMessageEnable', 'true'], ['customKey', 'two'], ['neverHeardOf', 'x']]);
  assert.equal(ok.code, ResponseCode.SUCCESS);
  const after = await get();
  assert.equal(after.get('orderMessageEnable'), 'true');
  assert.equal(after.get('customKey'), 'two');
  assert.equal(after.has('neverHeardOf'), false);
  assert.equal(ns.controller.namesrvConfig.orderMessageEnable, true);
  assert.equal(ns.controller.configuration.dataVersion.counter, 1);

  const persisted = decodePropertiesBody(fs.readFileSync(ns.controller.namesrvConfig.configStorePath));
  assert.equal(persisted.get('orderMessageEnable'), 'true');
  assert.equal(persisted.get('customKey'), 'two');
  assert.equal((await ns.invoke(req(RequestCode.UPDATE_NAMESRV_CONFIG))).code, ResponseCode.SUCCESS, 'an empty update is fine');
});

test('config requests: an unknown request code is answered REQUEST_CODE_NOT_SUPPORTED', async (t) => {
  const ns = await startInProcessNamesrv(t);
  const r = await ns.invoke(req(RequestCode.SEND_MESSAGE, {}));
  assert.equal(r.code, ResponseCode.REQUEST_CODE_NOT_SUPPORTED);
});
