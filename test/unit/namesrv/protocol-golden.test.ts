// The name server's headers and bodies against frames captured from Java RocketMQ 4.9.8: every
// decoder reads Java's bytes, and every encoder writes them back byte for byte where Java's
// output order is knowable (route data, cluster info, topic lists, REGISTER_BROKER bodies).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { METRICS_CONFIG_KEYS } from '../../../src/common/config/metrics-config.js';
import { decodeFrame, encodeFrameToBuffer } from '../../../src/remoting/frame.js';
import type { RemotingCommand } from '../../../src/remoting/command.js';
import { RequestCode } from '../../../src/remoting/request-code.js';
import { ResponseCode } from '../../../src/remoting/response-code.js';
import {
  crc32Positive,
  createRegisterBrokerRequest,
  decodeClusterInfo,
  decodeKVTable,
  decodePropertiesBody,
  decodeRegisterBrokerBody,
  decodeTopicList,
  decodeTopicRouteData,
  encodeClusterInfo,
  encodeKVTable,
  encodePropertiesBody,
  encodeRegisterBrokerBody,
  encodeTopicList,
  encodeTopicRouteData,
  GetRouteInfoRequestHeader,
  RegisterBrokerRequestHeader,
  RegisterBrokerResponseHeader,
  UnRegisterBrokerRequestHeader,
} from '../../../src/remoting/protocol/namesrv/index.js';
import {
  createTopicConfig,
  decodeDataVersion,
  decodeTopicConfigLine,
  decodeTopicConfigWrapper,
  encodeDataVersion,
  encodeTopicConfigLine,
  encodeTopicConfigWrapper,
  PermName,
  permToString,
} from '../../../src/remoting/protocol/topic-config.js';
import { NamesrvConfigDef } from '../../../src/common/config/namesrv-config.js';
import { NamesrvNettyServerConfigDef } from '../../../src/common/config/netty-config.js';
import { noRouteRemark } from '../../../src/namesrv/processors/route-requests.js';
import { goldenRemotingDir, goldenStoreDir } from '../../harness/fixtures.js';

function frame(file: string): RemotingCommand {
  return decodeFrame(fs.readFileSync(path.join(goldenRemotingDir, file)));
}

function body(cmd: RemotingCommand): Buffer {
  assert.ok(cmd.body, 'frame has a body');
  return Buffer.from(cmd.body);
}

const REGISTER_FILES = [
  '103-REGISTER_BROKER-request-json.bin',
  'extra/103-REGISTER_BROKER-request-json-oneway.bin',
  'extra/103-REGISTER_BROKER-request-json-ipv6-broker-address.bin',
];

describe('REGISTER_BROKER', () => {
  for (const file of REGISTER_FILES) {
    test(`${file}: header, crc32 and body decode, body re-encodes byte for byte`, () => {
      const req = frame(file);
      assert.equal(req.code, RequestCode.REGISTER_BROKER);
      const h = RegisterBrokerRequestHeader.decode(req.extFields);
      assert.equal(h.compressed, false);
      assert.equal(h.brokerId, 0);
      assert.equal(crc32Positive(req.body), h.bodyCrc32);
      const decoded = decodeRegisterBrokerBody(body(req), h.compressed);
      assert.deepEqual(decoded.filterServerList, []);
      assert.ok(decoded.topicConfigSerializeWrapper.topicConfigTable.size > 0);
      assert.deepEqual(encodeRegisterBrokerBody(decoded), body(req));
    });
  }

  test('the main frame: broker-a of DefaultCluster with 20 topics at data version 13', () => {
    const req = frame(REGISTER_FILES[0]!);
    const h = RegisterBrokerRequestHeader.decode(req.extFields);
    assert.deepEqual(
      { ...h },
      {
        brokerName: 'broker-a',
        brokerAddr: '127.0.0.1:10911',
        clusterName: 'DefaultCluster',
        haServerAddr: '192.0.2.2:10912',
        brokerId: 0,
        compressed: false,
        bodyCrc32: 1833841938,
      },
    );
    const w = decodeRegisterBrokerBody(body(req)).topicConfigSerializeWrapper;
    assert.deepEqual(w.dataVersion, { counter: 13, timestamp: 1795769523028 });
    assert.equal(w.topicConfigTable.size, 20);
    assert.deepEqual(w.topicConfigTable.get('TopicTest'), createTopicConfig('TopicTest', { readQueueNums: 4, writeQueueNums: 4, perm: 6 }));
    assert.equal(w.topicConfigTable.get('DefaultCluster')?.perm, 7);
  });

  test('the IPv6 broker address travels without brackets', () => {
    const h = RegisterBrokerRequestHeader.decode(frame(REGISTER_FILES[2]!).extFields);
    assert.equal(h.brokerAddr, '::1:11921');
    assert.equal(h.brokerName, 'broker-fx6');
  });

  test('createRegisterBrokerRequest builds the same extFields and body Java sent', () => {
    const golden = frame(REGISTER_FILES[0]!);
    const h = RegisterBrokerRequestHeader.decode(golden.extFields);
    const ours = createRegisterBrokerRequest(
      {
        brokerName: h.brokerName,
        brokerAddr: h.brokerAddr,
        clusterName: h.clusterName,
        haServerAddr: h.haServerAddr,
        brokerId: h.brokerId,
      },
      decodeRegisterBrokerBody(body(golden)),
    );
    assert.deepEqual(ours.extFields, golden.extFields);
    assert.deepEqual(Buffer.from(ours.body!), body(golden));
    // And the frame we write decodes back to the same.
    const back = decodeFrame(encodeFrameToBuffer(ours));
    assert.deepEqual(back.extFields, golden.extFields);
  });

  test('compressed form: Java grammar in, same body out, topicSysFlag and order do not travel', () => {
    const golden = decodeRegisterBrokerBody(body(frame(REGISTER_FILES[0]!)));
    const zipped = encodeRegisterBrokerBody(golden, true);
    const back = decodeRegisterBrokerBody(zipped, true);
    assert.deepEqual(back.topicConfigSerializeWrapper.dataVersion, golden.topicConfigSerializeWrapper.dataVersion);
    assert.deepEqual([...back.topicConfigSerializeWrapper.topicConfigTable.keys()], [
      ...golden.topicConfigSerializeWrapper.topicConfigTable.keys(),
    ]);
    assert.deepEqual(
      back.topicConfigSerializeWrapper.topicConfigTable.get('TopicTest'),
      golden.topicConfigSerializeWrapper.topicConfigTable.get('TopicTest'),
    );
    assert.ok(zipped.length < body(frame(REGISTER_FILES[0]!)).length / 4);

    // A body laid out by hand, block by block, as RegisterBrokerBody.encode(true) writes it.
    const blocks: Buffer[] = [];
    const block = (s: string) => {
      const b = Buffer.from(s);
      const n = Buffer.alloc(4);
      n.writeInt32BE(b.length);
      blocks.push(n, b);
    };
    block('{"counter":2,"timestamp":1700000000000}');
    blocks.push(Buffer.from([0, 0, 0, 2]));
    block('T1 8 8 6 SINGLE_TAG');
    block('T2 1 2 4 MULTI_TAG');
    block('["10.0.0.1:9999"]');
    const handMade = decodeRegisterBrokerBody(zlib.deflateSync(Buffer.concat(blocks)), true);
    assert.deepEqual(handMade.filterServerList, ['10.0.0.1:9999']);
    assert.deepEqual(handMade.topicConfigSerializeWrapper.dataVersion, { counter: 2, timestamp: 1700000000000 });
    assert.deepEqual(
      handMade.topicConfigSerializeWrapper.topicConfigTable.get('T2'),
      createTopicConfig('T2', { readQueueNums: 1, writeQueueNums: 2, perm: 4, topicFilterType: 'MULTI_TAG' }),
    );
    assert.throws(() => decodeRegisterBrokerBody(Buffer.from('not zlib'), true), /inflate/);
    assert.throws(() => decodeRegisterBrokerBody(zlib.deflateSync(Buffer.concat(blocks.slice(0, 3))), true), /ends early/);
  });

  test('response: empty extFields, no body; the response header reads nothing from it', () => {
    const res = frame('103-REGISTER_BROKER-response-json.bin');
    assert.equal(res.code, ResponseCode.SUCCESS);
    assert.deepEqual(res.extFields, {});
    assert.equal(res.body ?? null, null);
    assert.deepEqual({ ...RegisterBrokerResponseHeader.decode(res.extFields) }, {});
    assert.deepEqual(RegisterBrokerResponseHeader.encode({ haServerAddr: '10.0.0.1:10912', masterAddr: '10.0.0.1:10911' }), {
      haServerAddr: '10.0.0.1:10912',
      masterAddr: '10.0.0.1:10911',
    });
  });
});

describe('UNREGISTER_BROKER', () => {
  test('request header, and a response without extFields', () => {
    const h = UnRegisterBrokerRequestHeader.decode(frame('104-UNREGISTER_BROKER-request-json.bin').extFields);
    assert.deepEqual({ ...h }, { brokerName: 'broker-fx', brokerAddr: '127.0.0.1:11911', clusterName: 'FixtureCluster', brokerId: 0 });
    const res = frame('104-UNREGISTER_BROKER-response-json.bin');
    assert.equal(res.code, ResponseCode.SUCCESS);
    assert.equal(res.extFields ?? null, null);
  });
  test('a missing required field is a decode error naming it', () => {
    assert.throws(() => UnRegisterBrokerRequestHeader.decode({ brokerName: 'b', brokerAddr: 'a', clusterName: 'c' }), /<brokerId> is null/);
  });
});

describe('GET_ROUTEINFO_BY_TOPIC', () => {
  for (
    const file of [
      '105-GET_ROUTEINFO_BY_TOPIC-request-json.bin',
      '105-GET_ROUTEINFO_BY_TOPIC-request-rocketmq.bin',
      'extra/105-GET_ROUTEINFO_BY_TOPIC-request-json-TOPIC_NOT_EXIST.bin',
    ]
  ) {
    test(`${file}: topic header`, () => {
      const req = frame(file);
      assert.equal(req.version, 409);
      assert.deepEqual({ ...GetRouteInfoRequestHeader.decode(req.extFields) }, { topic: 'TopicTest' });
    });
  }

  const responses: Array<[string, string]> = [
    ['105-GET_ROUTEINFO_BY_TOPIC-response-json.bin', '127.0.0.1:10911'],
    ['105-GET_ROUTEINFO_BY_TOPIC-response-rocketmq.bin', '127.0.0.1:10911'],
    ['extra/105-GET_ROUTEINFO_BY_TOPIC-response-json-ipv6-broker-address.bin', '::1:11921'],
  ];
  for (const [file, addr] of responses) {
    test(`${file}: decodes, and strict encoding reproduces Java's bytes`, () => {
      const raw = body(frame(file));
      const route = decodeTopicRouteData(raw);
      assert.equal(route.brokerDatas.length, 1);
      assert.equal(route.brokerDatas[0]!.brokerAddrs.get(0), addr);
      assert.equal(route.queueDatas[0]!.perm, PermName.PERM_READ | PermName.PERM_WRITE);
      assert.equal(route.orderTopicConf, undefined);
      assert.deepEqual(encodeTopicRouteData(route, { strict: true }), raw);
      // Older clients get fastjson's unquoted broker ids, and still read the same route.
      const legacy = encodeTopicRouteData(route).toString();
      assert.match(legacy, new RegExp(`"brokerAddrs":\\{0:"${addr.replace(/\./g, '\\.')}"\\}`));
      assert.deepEqual(decodeTopicRouteData(Buffer.from(legacy)), route);
    });
  }

  test('strict encoding sorts broker ids numerically and filter servers by address', () => {
    const route = {
      orderTopicConf: 'broker-a:4',
      queueDatas: [],
      brokerDatas: [{ cluster: 'C', brokerName: 'b', brokerAddrs: new Map([[10, 'x:3'], [2, 'x:2'], [0, 'x:1']]) }],
      filterServerTable: new Map([['x:2', ['f2']], ['x:1', ['f1']]]),
    };
    assert.equal(
      encodeTopicRouteData(route, { strict: true }).toString(),
      '{"brokerDatas":[{"brokerAddrs":{"0":"x:1","2":"x:2","10":"x:3"},"brokerName":"b","cluster":"C"}],"filterServerTable":{"x:1":["f1"],"x:2":["f2"]},"orderTopicConf":"broker-a:4","queueDatas":[]}',
    );
  });

  test('TOPIC_NOT_EXIST: code 17 and the remark Java prints', () => {
    const res = frame('extra/105-GET_ROUTEINFO_BY_TOPIC-response-json-TOPIC_NOT_EXIST.bin');
    assert.equal(res.code, ResponseCode.TOPIC_NOT_EXIST);
    assert.equal(res.remark, noRouteRemark('TopicTest'));
    assert.equal(res.extFields ?? null, null);
  });
});

describe('GET_BROKER_CLUSTER_INFO', () => {
  for (const file of ['106-GET_BROKER_CLUSTER_INFO-response-json.bin', '106-GET_BROKER_CLUSTER_INFO-response-rocketmq.bin']) {
    test(`${file}: fastjson body with unquoted ids decodes and re-encodes byte for byte`, () => {
      const raw = body(frame(file));
      assert.match(raw.toString(), /\{0:"127\.0\.0\.1:10911"\}/);
      const info = decodeClusterInfo(raw);
      assert.deepEqual([...info.clusterAddrTable.get('DefaultCluster')!], ['broker-a']);
      assert.equal(info.brokerAddrTable.get('broker-a')?.cluster, 'DefaultCluster');
      assert.deepEqual(encodeClusterInfo(info), raw);
    });
  }
});

describe('topic lists, KV tables, properties bodies', () => {
  for (
    const file of [
      '206-GET_ALL_TOPIC_LIST_FROM_NAMESERVER-response-json.bin',
      '206-GET_ALL_TOPIC_LIST_FROM_NAMESERVER-response-rocketmq.bin',
    ]
  ) {
    test(`${file}: TopicList round trip`, () => {
      const raw = body(frame(file));
      const list = decodeTopicList(raw);
      assert.ok(list.topicList.has('TBW102'));
      assert.equal(list.brokerAddr, undefined);
      assert.deepEqual(encodeTopicList(list), raw);
    });
  }

  test('TopicList with brokerAddr (the system topic list) puts it first, as fastjson sorts fields', () => {
    const raw = encodeTopicList({ topicList: new Set(['DefaultCluster', 'broker-a']), brokerAddr: '127.0.0.1:10911' });
    assert.equal(raw.toString(), '{"brokerAddr":"127.0.0.1:10911","topicList":["DefaultCluster","broker-a"]}');
    assert.deepEqual(decodeTopicList(raw), { topicList: new Set(['DefaultCluster', 'broker-a']), brokerAddr: '127.0.0.1:10911' });
  });

  test('KVTable round trip', () => {
    const table = new Map([['TopicA', 'broker-a:4;broker-b:4'], ['1', 'numeric-looking key keeps its place']]);
    const raw = encodeKVTable(table);
    assert.equal(raw.toString(), '{"table":{"TopicA":"broker-a:4;broker-b:4","1":"numeric-looking key keeps its place"}}');
    assert.deepEqual(decodeKVTable(raw), table);
    assert.deepEqual(decodeKVTable(Buffer.from('{"table":{1:"x"}}')), new Map([['1', 'x']]));
  });

  for (const file of ['319-GET_NAMESRV_CONFIG-response-json.bin', '319-GET_NAMESRV_CONFIG-response-rocketmq.bin']) {
    test(`${file}: properties body has exactly our NamesrvConfig and NettyServerConfig keys, with Java's defaults`, () => {
      const props = decodePropertiesBody(body(frame(file)));
      const ours = new Map([
        ...NamesrvConfigDef.toStringMap(NamesrvConfigDef.defaults()),
        ...NamesrvNettyServerConfigDef.toStringMap(NamesrvNettyServerConfigDef.defaults()),
      ]);
      // RocketMQ 5's metrics keys are ours only.
      assert.deepEqual([...props.keys()].sort(), [...ours.keys()].filter((k) => !METRICS_CONFIG_KEYS.includes(k)).sort());
      const machineSpecific = new Set(['rocketmqHome', 'kvConfigPath', 'configStorePath']);
      for (const [k, v] of props) if (!machineSpecific.has(k)) assert.equal(ours.get(k), v, k);
      assert.deepEqual(decodePropertiesBody(encodePropertiesBody(props)), props);
    });
  }
});

describe('TopicConfig, DataVersion and the topics.json wrapper', () => {
  test('topic config line round trip and errors', () => {
    const tc = createTopicConfig('T', { readQueueNums: 3, writeQueueNums: 5, perm: PermName.PERM_READ });
    assert.equal(encodeTopicConfigLine(tc), 'T 3 5 4 SINGLE_TAG');
    assert.deepEqual(decodeTopicConfigLine('T 3 5 4 SINGLE_TAG'), tc);
    assert.throws(() => decodeTopicConfigLine('T 3 5 4'), /bad topic config line/);
    assert.throws(() => decodeTopicConfigLine('T x 5 4 SINGLE_TAG'), /bad number/);
    assert.equal(permToString(6), 'RW-');
    assert.equal(permToString(7), 'RWX');
  });

  test('DataVersion JSON', () => {
    assert.equal(encodeDataVersion({ timestamp: 1795769523028, counter: 13 }).toString(), '{"counter":13,"timestamp":1795769523028}');
    assert.deepEqual(decodeDataVersion(Buffer.from('{"counter":13,"timestamp":1795769523028}')), { timestamp: 1795769523028, counter: 13 });
    assert.equal(decodeDataVersion(null), undefined);
  });

  test("the broker's topics.json (pretty fastjson) decodes and re-encodes byte for byte", () => {
    const raw = fs.readFileSync(path.join(goldenStoreDir, 'config', 'topics.json'), 'utf8');
    const w = decodeTopicConfigWrapper(raw);
    assert.ok(w.topicConfigTable.has('FxTopic'));
    assert.equal(encodeTopicConfigWrapper(w, { pretty: true }), raw);
  });
});
