// Config honesty: keys read but not acted on are marked in the schema, named in one start-up
// warning line when a file sets them, marked by -p, and listed in README's Limitations (this file
// keeps that list equal to the marks); an unknown key gets the nearest known one.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { brokerConfigDef } from '../../../src/common/config/broker-config.js';
import { nearestKey } from '../../../src/common/config/load.js';
import { messageStoreConfigDef } from '../../../src/common/config/message-store-config.js';
import { NamesrvConfigDef } from '../../../src/common/config/namesrv-config.js';
import { BrokerNettyServerConfigDef, NamesrvNettyServerConfigDef, NettyClientConfigDef } from '../../../src/common/config/netty-config.js';
import { parseProperties } from '../../../src/common/config/properties.js';
import { type ConfigDef, NOT_ACTED_ON, type Spec } from '../../../src/common/config/schema.js';
import { packageRoot } from '../../../src/common/runtime.js';
import { brokerConfigLines, loadBrokerStartupConfig } from '../../../src/cli/broker-startup.js';
import { checkBrokerStartup } from '../../../src/cli/startup-checks.js';
import { ConfigError } from '../../../src/common/errors.js';
import { captureLogsDuring } from '../../harness/logs.js';
import { tmpDir } from '../../harness/tmp.js';

const erase = <S extends Spec>(d: ConfigDef<S>) => d as unknown as ConfigDef<Spec>;
const brokerDefs = [erase(brokerConfigDef), erase(BrokerNettyServerConfigDef), erase(NettyClientConfigDef), erase(messageStoreConfigDef)];

test('nearest known key: typos and case find their key, other words find none', () => {
  assert.equal(nearestKey('brokerNmae', brokerDefs), 'brokerName');
  assert.equal(nearestKey('brokername', brokerDefs), 'brokerName');
  assert.equal(nearestKey('flushDiskTyp', brokerDefs), 'flushDiskType');
  assert.equal(nearestKey('mapedFileSizeCommitLg', brokerDefs), 'mappedFileSizeCommitLog', 'old spellings count, as their key');
  assert.equal(nearestKey('lisenPort', brokerDefs), 'listenPort');
  assert.equal(nearestKey('enableControllerMode', brokerDefs), undefined, 'a 5.x key is no typo');
  assert.equal(nearestKey('fooBar', brokerDefs), undefined);
});

test('marks: what the broker and name server do not act on is marked, what they act on is not', () => {
  const inert = (d: ConfigDef<Spec>) => new Set(d.inertKeys().map(([k]) => k));
  const broker = inert(erase(brokerConfigDef));
  const store = inert(erase(messageStoreConfigDef));
  for (const k of ['sendMessageThreadPoolNums', 'putThreadPoolQueueCapacity', 'enableCalcFilterBitMap', 'forceRegister']) {
    assert.ok(broker.has(k), k);
  }
  for (const k of ['brokerName', 'aclEnable', 'enablePropertyFilter', 'traceTopicEnable', 'msgTraceTopicName', 'brokerFastFailureEnable']) {
    assert.ok(!broker.has(k), k);
  }
  for (const k of ['haListenPort', 'transientStorePoolEnable', 'dLegerPeers']) assert.ok(store.has(k), k);
  for (const k of ['flushDiskType', 'fileReservedTime', 'maxMessageSize', 'enableDLegerCommitLog', 'haTransferBatchSize', 'slaveTimeout']) {
    assert.ok(!store.has(k), k);
  }
  for (const d of [BrokerNettyServerConfigDef, NamesrvNettyServerConfigDef]) {
    assert.ok(!inert(erase(d)).has('serverChannelMaxIdleTimeSeconds'), 'every server closes idle connections');
    assert.ok(!inert(erase(d)).has('writeBufferHighWaterMark'), 'every server stops reading a client that does not read');
  }
  assert.ok(inert(erase(NettyClientConfigDef)).has('clientCloseSocketIfTimeout'));
  assert.ok(!inert(erase(NettyClientConfigDef)).has('useTLS'), 'the broker reaches its name servers over TLS with it');
  assert.ok(!inert(erase(NettyClientConfigDef)).has('connectTimeoutMillis'));
  for (const d of [...brokerDefs, erase(NamesrvConfigDef)]) {
    for (const [k, why] of d.inertKeys()) assert.ok(why.length > 10 && !why.includes('\n'), `${k}: a one-line reason`);
  }
});

test('-p marks inert keys with a comment line and stays a properties file', () => {
  const cfg = loadBrokerStartupConfig(undefined, '');
  const lines = brokerConfigLines(cfg, false);
  const at = lines.indexOf(`sendMessageThreadPoolNums=${cfg.brokerConfig.sendMessageThreadPoolNums}`);
  assert.match(lines[at - 1]!, new RegExp(`^${NOT_ACTED_ON}: one event loop`));
  assert.ok(!lines[lines.indexOf('flushDiskType=ASYNC_FLUSH') - 1]!.startsWith('#'), 'an acted-on key has no mark');
  const items = lines.filter((l) => !l.startsWith('#'));
  assert.equal(parseProperties(lines.join('\n')).size, new Set(items.map((l) => l.slice(0, l.indexOf('=')))).size);
  assert.equal(parseProperties(lines.join('\n')).get('sendMessageThreadPoolNums'), String(cfg.brokerConfig.sendMessageThreadPoolNums));
});

test('a config file: one line names the inert keys set off their default; each unknown key gets the nearest known one', (t) => {
  const dir = tmpDir('mq-inert-', t);
  const file = path.join(dir, 'broker.properties');
  fs.writeFileSync(
    file,
    'brokerNmae=b1\ntransientStorePoolEnable=true\ntraceTopicEnable=true\nwarmMapedFileEnable=false\nclientCloseSocketIfTimeout=false\nzzz=1\n',
  );
  const { result, lines } = captureLogsDuring(() => loadBrokerStartupConfig(file));
  assert.equal(lines.length, 3, lines.join('\n'));
  assert.match(
    lines[0]!,
    /broker\.properties: keys read but not acted on: transientStorePoolEnable, clientCloseSocketIfTimeout \(see README, Limitations\)$/,
  );
  assert.match(lines[1]!, /broker\.properties: brokerNmae: unknown key, ignored; did you mean brokerName\?$/);
  assert.match(lines[2]!, /broker\.properties: zzz: unknown key, ignored$/);
  assert.equal(result.messageStoreConfig.transientStorePoolEnable, true, 'an inert key is still read (and printed, and served)');
});

test('DLedger: enableDLegerCommitLog=true refuses to start in one line', (t) => {
  const dir = tmpDir('mq-dledger-', t);
  const file = path.join(dir, 'broker.properties');
  fs.writeFileSync(file, `enableDLegerCommitLog=true\nstorePathRootDir=${path.join(dir, 'store')}\n`);
  const cfg = captureLogsDuring(() => loadBrokerStartupConfig(file)).result;
  assert.throws(
    () => checkBrokerStartup(cfg),
    (e: unknown) =>
      e instanceof ConfigError && /^enableDLegerCommitLog=true: mq has no DLedger/.test(e.message) && !e.message.includes('\n'),
  );
  assert.equal(fs.existsSync(path.join(dir, 'store')), false, 'refused before anything is created');
});

/** README's list, generated from the marks: one line per config and reason. */
function inertKeysMarkdown(): string {
  const groups = new Map<string, string[]>();
  const add = (label: string, key: string, why: string) => {
    const g = `${label}\u0000${why}`;
    groups.set(g, [...(groups.get(g) ?? []), key]);
  };
  const namesrvNetty = new Map(erase(NamesrvNettyServerConfigDef).inertKeys());
  const labelled: Array<[string, ConfigDef<Spec>]> = [
    ['BrokerConfig', erase(brokerConfigDef)],
    ['MessageStoreConfig', erase(messageStoreConfigDef)],
    ['NettyServerConfig', erase(BrokerNettyServerConfigDef)],
    ['NettyClientConfig', erase(NettyClientConfigDef)],
    ['NamesrvConfig', erase(NamesrvConfigDef)],
  ];
  for (const [label, def] of labelled) {
    for (const [key, why] of def.inertKeys()) {
      add(label === 'NettyServerConfig' && !namesrvNetty.has(key) ? 'NettyServerConfig, broker only' : label, key, why);
    }
  }
  for (const key of namesrvNetty.keys()) {
    assert.ok(erase(BrokerNettyServerConfigDef).inertKeys().some(([k]) => k === key), `${key}: inert for the name server only`);
  }
  return [...groups].map(([g, keys]) => {
    const [label, why] = g.split('\u0000');
    return `- ${keys.map((k) => `\`${k}\``).join(', ')} (${label}): ${why}.`;
  }).join('\n');
}

test("README's Limitations list the inert keys exactly as the schema marks them", () => {
  const readme = fs.readFileSync(path.join(packageRoot, 'README.md'), 'utf8');
  const m = /<!-- inert-keys:begin[^>]*-->\n([\s\S]*?)\n<!-- inert-keys:end -->/.exec(readme);
  assert.ok(m, 'README has the inert-keys markers');
  const expected = inertKeysMarkdown();
  assert.equal(m[1], expected, `replace the list between the markers with:\n${expected}`);
});

/**
 * Where a key marked inert may still be read without acting on it: echoed in a report, warned
 * about, checked against another key, or passed on and ignored. The broker's rocketmqHome and the
 * servers' writeBufferHighWaterMark (src/remoting) share their names with inert keys of other configs.
 */
const READ_WITHOUT_ACTING: Record<string, readonly string[]> = {
  sendThreadPoolQueueCapacity: ['src/broker/processor/broker-admin.ts'],
  pullThreadPoolQueueCapacity: ['src/broker/processor/broker-admin.ts'],
  queryThreadPoolQueueCapacity: ['src/broker/processor/broker-admin.ts'],
  endTransactionPoolQueueCapacity: ['src/broker/processor/broker-admin.ts'],
  enableCalcFilterBitMap: ['src/broker/broker-controller.ts'],
  // Handed to registerBrokerAll, which ignores it.
  forceRegister: ['src/broker/broker-controller.ts'],
  clusterTest: ['src/namesrv/namesrv-controller.ts'],
  writeBufferHighWaterMark: ['src/cli/startup-checks.ts', 'src/remoting/server'],
  writeBufferLowWaterMark: ['src/cli/startup-checks.ts'],
  haListenPort: ['src/ha/', 'src/broker/', 'src/cli/', 'src/store/'],
  rocketmqHome: ['src/broker/', 'src/acl/', 'src/admin/', 'src/tools/', 'src/cli/'],
};

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

test('no code reads a key marked inert (implementing a key means removing its mark)', (t) => {
  const src = path.join(packageRoot, 'src');
  if (!fs.existsSync(src)) return t.skip('no sources next to the build');
  const files = sourceFiles(src)
    .map((f) => [path.relative(packageRoot, f).split(path.sep).join('/'), fs.readFileSync(f, 'utf8')] as const)
    .filter(([rel]) => !rel.startsWith('src/common/config/'));
  const marked = new Set(
    [...brokerDefs, erase(NamesrvConfigDef), erase(NamesrvNettyServerConfigDef)].flatMap((d) => d.inertKeys().map(([k]) => k)),
  );
  const readers: string[] = [];
  for (const key of marked) {
    const read = new RegExp(`\\.${key}\\b(?!\\s*\\()`);
    for (const [rel, text] of files) {
      if ((READ_WITHOUT_ACTING[key] ?? []).some((p) => rel.startsWith(p))) continue;
      if (read.test(text.replace(/\/\/.*$/gm, ''))) readers.push(`${key} in ${rel}`);
    }
  }
  assert.deepEqual(readers, [], 'marked inert but read: remove the mark, or list the reader in READ_WITHOUT_ACTING with why');
});
