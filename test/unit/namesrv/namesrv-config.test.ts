// Name server configuration: Java's keys and defaults, -c files in both formats with warnings for
// unknown keys and old spellings, errors naming file and key, -p / -m output, and persistence of
// updates into the file the server started from.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from '../../../src/common/errors.js';
import { NamesrvConfigDef } from '../../../src/common/config/namesrv-config.js';
import {
  BrokerNettyServerConfigDef,
  NamesrvNettyServerConfigDef,
  NettyClientConfigDef,
  NettyServerConfigDef,
} from '../../../src/common/config/netty-config.js';
import { defineConfig, int } from '../../../src/common/config/schema.js';
import { loadConfigFile, target } from '../../../src/cli/config-file.js';
import { loadNamesrvStartupConfig, namesrvConfigLines } from '../../../src/cli/namesrv-startup.js';
import { namesrvConfiguration } from '../../../src/namesrv/namesrv-controller.js';
import { tmpDir } from '../../harness/tmp.js';
import { captureLogsDuring } from '../../harness/logs.js';

test("Java's keys, order and defaults", () => {
  const ns = NamesrvConfigDef.defaults();
  assert.deepEqual(Object.keys(ns), [
    'rocketmqHome',
    'kvConfigPath',
    'configStorePath',
    'productEnvName',
    'clusterTest',
    'orderMessageEnable',
    'metricsExporterType',
    'metricsPromExporterPort',
    'metricsPromExporterHost',
    'metricsLabel',
    'configBlackList',
  ]);
  assert.equal(ns.kvConfigPath, path.join(os.homedir(), 'namesrv', 'kvConfig.json'));
  assert.equal(ns.configStorePath, path.join(os.homedir(), 'namesrv', 'namesrv.properties'));
  assert.equal(ns.configBlackList, 'configBlackList;configStorePath;kvConfigPath');
  assert.equal(NettyServerConfigDef.defaults().listenPort, 8888);
  assert.equal(NamesrvNettyServerConfigDef.defaults().listenPort, 9876);
  assert.equal(BrokerNettyServerConfigDef.defaults().listenPort, 10911);
  const netty = NamesrvNettyServerConfigDef.defaults();
  assert.equal(netty.serverChannelMaxIdleTimeSeconds, 120);
  assert.equal(netty.serverSocketBacklog, 1024);
  const client = NettyClientConfigDef.defaults();
  assert.equal(client.connectTimeoutMillis, 3000);
  assert.equal(client.channelNotActiveInterval, 60000);
  assert.equal(client.clientCloseSocketIfTimeout, true);
  for (const def of [NamesrvConfigDef, NamesrvNettyServerConfigDef, NettyClientConfigDef]) {
    for (const [key, f] of Object.entries(def.spec)) {
      assert.ok(f.doc.length > 0 && !f.doc.includes('\n'), `${key} has a one-line reason`);
      assert.equal(f.important ?? false, false, `${key}: Java marks no namesrv or netty field @ImportantField`);
    }
  }
});

test('-p prints every key in declaration order, -m prints only important ones (none here)', () => {
  const cfg = loadNamesrvStartupConfig();
  const lines = namesrvConfigLines(cfg, false).filter((l) => !l.startsWith('# not acted on'));
  assert.equal(lines.length, 25);
  assert.equal(lines[0], `rocketmqHome=${cfg.namesrvConfig.rocketmqHome}`);
  assert.ok(lines.includes('listenPort=9876'));
  assert.deepEqual(namesrvConfigLines(cfg, true), []);
});

test('a properties file and its TOML twin load to the same config; -c becomes configStorePath', (t) => {
  const dir = tmpDir('mq-nscfg-', t);
  const props = path.join(dir, 'ns.properties');
  fs.writeFileSync(
    props,
    '# comment\nlistenPort=19876\nkvConfigPath=${user.home}/kv/kv.json\norderMessageEnable = true\nserverWorkerThreads: 4\n',
  );
  const toml = path.join(dir, 'ns.toml');
  fs.writeFileSync(
    toml,
    '# comment\nlistenPort = 19876\nkvConfigPath = "${user.home}/kv/kv.json"\norderMessageEnable = true\n[netty]\nserverWorkerThreads = 4\n',
  );
  const a = loadNamesrvStartupConfig(props);
  const b = loadNamesrvStartupConfig(toml);
  assert.equal(a.nettyServerConfig.listenPort, 19876);
  assert.equal(a.namesrvConfig.kvConfigPath, path.join(os.homedir(), 'kv', 'kv.json'));
  assert.equal(a.namesrvConfig.orderMessageEnable, true);
  assert.equal(a.nettyServerConfig.serverWorkerThreads, 4);
  assert.equal(a.namesrvConfig.configStorePath, props);
  assert.deepEqual({ ...b.nettyServerConfig }, { ...a.nettyServerConfig });
  assert.deepEqual({ ...b.namesrvConfig, configStorePath: '' }, { ...a.namesrvConfig, configStorePath: '' });
});

test('unknown keys: one warning line each, kept for GET_NAMESRV_CONFIG', (t) => {
  const dir = tmpDir('mq-nscfg-', t);
  const file = path.join(dir, 'ns.properties');
  fs.writeFileSync(file, 'listenPort=9877\nbrokerName=oops\nfooBar=1\n');
  const { result, lines } = captureLogsDuring(() => loadNamesrvStartupConfig(file));
  assert.equal(lines.length, 2);
  assert.match(lines[0]!, new RegExp(`${file.replace(/[.\\]/g, '\\$&')}: brokerName: unknown key, ignored$`));
  assert.match(lines[1]!, /fooBar: unknown key, ignored$/);
  assert.deepEqual([...result.extraProperties], [['brokerName', 'oops'], ['fooBar', '1']]);
});

test('an old spelling is read under its new name with a one-line notice', (t) => {
  const dir = tmpDir('mq-nscfg-', t);
  const file = path.join(dir, 'x.properties');
  fs.writeFileSync(file, 'mapedFileSize=42\n');
  const def = defineConfig('Demo', { mappedFileSize: int(1, 'demo', { aliases: ['mapedFileSize'], range: [0, 100] }) });
  const cfg = def.defaults();
  const { result, lines } = captureLogsDuring(() => loadConfigFile(file, [target(def, cfg)]));
  assert.equal(cfg.mappedFileSize, 42);
  assert.equal(result.size, 0);
  assert.equal(lines.length, 1);
  assert.match(lines[0]!, /mapedFileSize is the old spelling of mappedFileSize/);
});

test('bad values and unreadable files fail with the file and key named', (t) => {
  const dir = tmpDir('mq-nscfg-', t);
  const bad = path.join(dir, 'bad.properties');
  fs.writeFileSync(bad, 'listenPort=ninety\n');
  assert.throws(
    () => loadNamesrvStartupConfig(bad),
    (e: unknown) => e instanceof ConfigError && e.message.includes(bad) && e.message.includes('listenPort'),
  );
  const badBool = path.join(dir, 'bad.toml');
  fs.writeFileSync(badBool, 'clusterTest = "maybe"\n');
  assert.throws(() => loadNamesrvStartupConfig(badBool), /clusterTest/);
  const broken = path.join(dir, 'broken.toml');
  fs.writeFileSync(broken, 'listenPort = = 1\n');
  assert.throws(() => loadNamesrvStartupConfig(broken), (e: unknown) => e instanceof ConfigError && e.message.includes(broken));
  const missing = path.join(dir, 'missing.properties');
  assert.throws(
    () => loadNamesrvStartupConfig(missing),
    (e: unknown) => e instanceof ConfigError && e.message.includes(missing) && /no such file/.test(e.message),
  );
});

test('an update is written back in the format of the file the server started from', async (t) => {
  const dir = tmpDir('mq-nscfg-', t);
  for (const ext of ['properties', 'toml']) {
    const file = path.join(dir, `ns.${ext}`);
    fs.writeFileSync(file, ext === 'toml' ? 'listenPort = 19876\ncustom = "kept"\n' : 'listenPort=19876\ncustom=kept\n');
    const cfg = captureLogsDuring(() => loadNamesrvStartupConfig(file)).result;
    const conf = namesrvConfiguration(cfg.namesrvConfig, cfg.nettyServerConfig, cfg.extraProperties);
    await conf.update(new Map([['orderMessageEnable', 'true'], ['productEnvName', 'test env']]));
    assert.ok(fs.existsSync(file + '.bak'), `${ext}: previous file kept as .bak`);
    const again = captureLogsDuring(() => loadNamesrvStartupConfig(file)).result;
    assert.equal(again.namesrvConfig.orderMessageEnable, true, ext);
    assert.equal(again.namesrvConfig.productEnvName, 'test env', ext);
    assert.equal(again.nettyServerConfig.listenPort, 19876, ext);
    assert.equal(again.extraProperties.get('custom'), 'kept', ext);
  }
});
