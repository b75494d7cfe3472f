// Broker configuration: the four configs together have exactly the keys Java 4.9.8's broker reports
// (checked against a captured GET_BROKER_CONFIG body), with Java's defaults; every conf/ broker
// sample (properties and TOML) loads without unknown keys into the values it states; -p / -m print
// what Java prints; the live configuration refuses black-listed keys and persists updates.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { brokerConfigDef, localAddress, namesrvAddrList } from '../../../src/common/config/broker-config.js';
import { messageStoreConfigDef } from '../../../src/common/config/message-store-config.js';
import { METRICS_CONFIG_KEYS } from '../../../src/common/config/metrics-config.js';
import { BrokerNettyServerConfigDef, NettyClientConfigDef } from '../../../src/common/config/netty-config.js';
import { parseProperties } from '../../../src/common/config/properties.js';
import { packageRoot } from '../../../src/common/runtime.js';
import { decodeFrame } from '../../../src/remoting/frame.js';
import { brokerConfigLines, loadBrokerStartupConfig } from '../../../src/cli/broker-startup.js';
import { brokerConfiguration } from '../../../src/broker/broker-controller.js';
import { encodeDataVersion } from '../../../src/remoting/protocol/topic-config.js';
import { ConfigError } from '../../../src/common/errors.js';
import { tmpDir } from '../../harness/tmp.js';
import { captureLogsDuring } from '../../harness/logs.js';

const defs = [brokerConfigDef, BrokerNettyServerConfigDef, NettyClientConfigDef, messageStoreConfigDef];
const fixture = path.join(packageRoot, 'test', 'fixtures', 'rocketmq-4.9.8', 'remoting', '26-GET_BROKER_CONFIG-response-json.bin');

test('the four configs hold exactly the keys a Java 4.9.8 broker reports, with its defaults', () => {
  const body = decodeFrame(fs.readFileSync(fixture)).body!;
  const java = parseProperties(Buffer.from(body).toString('utf8'));
  const ours = new Map<string, string>();
  for (const d of defs) for (const [k, v] of d.toStringMap(d.defaults() as never)) ours.set(k, v);
  // Java leaves null-valued keys out of the body; those and RocketMQ 5's metrics and timer keys are our only extra keys.
  const timerKeys = Object.keys(messageStoreConfigDef.spec).filter((k) => k.startsWith('timer') || k === 'mappedFileSizeTimerLog');
  const javaNull = [
    ...METRICS_CONFIG_KEYS,
    ...timerKeys,
    'storePathDLedgerCommitLog',
    'readOnlyCommitLogStorePaths',
    'haMasterAddress',
    'dLegerGroup',
    'dLegerPeers',
    'dLegerSelfId',
    'preferredLeaderId',
  ];
  assert.deepEqual([...java.keys()].filter((k) => !ours.has(k)), []);
  assert.deepEqual([...ours.keys()].filter((k) => !java.has(k)).sort(), javaNull.sort());
  // Values the captured broker did not set and that do not depend on the machine.
  const machineOrFile = new Set([
    'storePathRootDir',
    'storePathCommitLog',
    'namesrvAddr',
    'brokerName',
    'brokerIP1',
    'brokerIP2',
    'rocketmqHome',
    'fileReservedTime',
    'bitMapLengthConsumeQueueExt',
    'sendMessageThreadPoolNums',
    'putMessageFutureThreadPoolNums',
    'pullMessageThreadPoolNums',
    'processReplyMessageThreadPoolNums',
    'queryMessageThreadPoolNums',
    'heartbeatThreadPoolNums',
    'endTransactionThreadPoolNums',
    'clientCallbackExecutorThreads',
  ]);
  for (const [k, v] of java) if (!machineOrFile.has(k)) assert.equal(ours.get(k), v, k);
});

test('BrokerConfig declares Java fields in order, marks the important ones, and explains every default', () => {
  const keys = Object.keys(brokerConfigDef.spec);
  assert.deepEqual(keys.slice(0, 8), [
    'rocketmqHome',
    'namesrvAddr',
    'brokerIP1',
    'brokerIP2',
    'brokerName',
    'brokerClusterName',
    'brokerId',
    'brokerPermission',
  ]);
  assert.equal(keys.at(-1), 'configBlackList');
  const important = keys.filter((k) => brokerConfigDef.spec[k as keyof typeof brokerConfigDef.spec].important);
  assert.deepEqual(important, [
    'namesrvAddr',
    'brokerIP1',
    'brokerName',
    'brokerClusterName',
    'brokerId',
    'autoCreateTopicEnable',
    'autoCreateSubscriptionGroup',
    'msgTraceTopicName',
    'traceTopicEnable',
    'rejectTransactionMessage',
    'fetchNamesrvAddrByAddressServer',
    'transactionTimeOut',
    'transactionCheckMax',
    'transactionCheckInterval',
    'aclEnable',
  ]);
  for (const [k, f] of Object.entries(brokerConfigDef.spec)) assert.ok(f.doc.length > 10, `${k} has a reason`);
  assert.match(localAddress(), /^[0-9a-fA-F.:]+$/, 'an IP literal');
  assert.deepEqual(namesrvAddrList(' 127.0.0.1:9876; ;10.0.0.2:9876 '), ['127.0.0.1:9876', '10.0.0.2:9876']);
});

const confDir = path.join(packageRoot, 'conf');
const samples = [
  'broker.conf',
  ...['2m-noslave', '2m-2s-async', '2m-2s-sync'].flatMap((d) =>
    fs.readdirSync(path.join(confDir, d)).filter((f) => f.endsWith('.properties')).map((f) => `${d}/${f}`)
  ),
];

for (const sample of samples) {
  test(`conf/${sample} and its TOML twin load into the broker configs without warnings`, () => {
    const file = path.join(confDir, sample);
    const raw = parseProperties(fs.readFileSync(file, 'utf8'));
    const { result: cfg, lines } = captureLogsDuring(() => loadBrokerStartupConfig(file));
    assert.deepEqual(lines, [], 'no unknown keys or old spellings');
    assert.equal(cfg.extraProperties.size, 0);
    assert.equal(cfg.configFilePath, path.resolve(file));
    assert.equal(cfg.brokerConfig.brokerName, raw.get('brokerName'));
    assert.equal(cfg.brokerConfig.brokerClusterName, raw.get('brokerClusterName'));
    assert.equal(cfg.messageStoreConfig.brokerRole, raw.get('brokerRole'));
    assert.equal(cfg.messageStoreConfig.flushDiskType, raw.get('flushDiskType'));
    assert.equal(cfg.brokerConfig.namesrvAddr, raw.get('namesrvAddr'));
    assert.equal(cfg.nettyServerConfig.listenPort, Number(raw.get('listenPort')));
    assert.equal(cfg.messageStoreConfig.haListenPort, Number(raw.get('listenPort')) + 1, 'HA listens one above, as Java sets it');
    assert.equal(cfg.brokerConfig.brokerId, cfg.messageStoreConfig.brokerRole === 'SLAVE' ? Number(raw.get('brokerId')) : 0);
    assert.doesNotMatch(cfg.messageStoreConfig.storePathRootDir, /\$\{/);
    const twin = captureLogsDuring(() => loadBrokerStartupConfig(file.replace(/\.(properties|conf)$/, '.toml')));
    assert.deepEqual(twin.lines, []);
    assert.deepEqual(twin.result.brokerConfig, cfg.brokerConfig);
    assert.deepEqual(twin.result.messageStoreConfig, cfg.messageStoreConfig);
    assert.deepEqual(twin.result.nettyServerConfig, cfg.nettyServerConfig);
  });
}

test('-n overrides the file, and -p / -m print every key or only the important ones', () => {
  const cfg = loadBrokerStartupConfig(path.join(confDir, 'broker.conf'), '10.1.1.1:9876;10.1.1.2:9876');
  assert.equal(cfg.brokerConfig.namesrvAddr, '10.1.1.1:9876;10.1.1.2:9876');
  const all = brokerConfigLines(cfg, false).filter((l) => !l.startsWith('# not acted on: '));
  const important = brokerConfigLines(cfg, true).filter((l) => !l.startsWith('# not acted on: '));
  const total = defs.reduce((n, d) => n + Object.keys(d.spec).length, 0);
  assert.equal(all.length, total);
  assert.ok(all.includes('listenPort=10911'));
  assert.ok(important.includes('brokerName=broker-a'));
  assert.ok(important.includes('namesrvAddr=10.1.1.1:9876;10.1.1.2:9876'));
  assert.ok(important.includes('brokerRole=ASYNC_MASTER'), 'store keys marked important print too');
  assert.ok(!important.some((l) => l.startsWith('listenPort=')), 'netty configs have no important keys');
  assert.ok(important.length < all.length / 3);
});

test('bad values fail with the file and key named', () => {
  const dir = tmpDir('mq-broker-conf-');
  try {
    const f = path.join(dir, 'bad.properties');
    fs.writeFileSync(f, 'brokerName=x\nautoCreateTopicEnable=maybe\n');
    assert.throws(
      () => loadBrokerStartupConfig(f),
      (e: unknown) => e instanceof ConfigError && /bad\.properties/.test(e.message) && /autoCreateTopicEnable/.test(e.message),
    );
    fs.writeFileSync(f, 'brokerRole=LEADER\n');
    assert.throws(() => loadBrokerStartupConfig(f), /brokerRole/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the live configuration serves every key, refuses black-listed ones and rewrites the start-up file', async () => {
  const dir = tmpDir('mq-broker-live-');
  try {
    const file = path.join(dir, 'broker.toml');
    fs.writeFileSync(file, 'brokerName = "b1"\ncustomKey = "x"\n');
    const cfg = captureLogsDuring(() => loadBrokerStartupConfig(file)).result;
    const live = brokerConfiguration(cfg, cfg.configFilePath, cfg.extraProperties);
    const body = parseProperties(live.formatAll());
    assert.equal(body.get('brokerName'), 'b1');
    assert.equal(body.get('customKey'), 'x');
    assert.equal(
      body.has('namesrvAddr'),
      cfg.brokerConfig.namesrvAddr !== '',
      'an unset namesrvAddr is left out, as Java leaves out nulls',
    );
    assert.equal(live.blackListed(['brokerConfigPath']), 'brokerConfigPath');
    assert.equal(live.blackListed(['rocketmqHome']), 'rocketmqHome');
    assert.equal(live.blackListed(['brokerName']), undefined);
    const before = JSON.parse(encodeDataVersion(live.dataVersion).toString()).counter;
    await live.update(new Map([['defaultTopicQueueNums', '3'], ['customKey', 'y']]));
    assert.equal(cfg.brokerConfig.defaultTopicQueueNums, 3);
    assert.equal(JSON.parse(encodeDataVersion(live.dataVersion).toString()).counter, before + 1);
    const again = captureLogsDuring(() => loadBrokerStartupConfig(file)).result;
    assert.equal(again.brokerConfig.defaultTopicQueueNums, 3, 'the TOML file was rewritten as TOML and still loads');
    assert.equal(again.extraProperties.get('customKey'), 'y');
    await assert.rejects(live.update(new Map([['defaultTopicQueueNums', 'lots']])), /defaultTopicQueueNums/);
    assert.equal(cfg.brokerConfig.defaultTopicQueueNums, 3, 'a bad update changes nothing');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
