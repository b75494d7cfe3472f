// What a config value may be: every numeric key of every role has a range that holds its default,
// every rule accepts its default, and each class of mistake (a number out of range or negative, an
// enum value that does not exist, an empty or malformed name, a bad hour list or delay level, a
// TOML syntax error) fails with one line naming the key, the value and what is allowed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { brokerConfigDef } from '../../../src/common/config/broker-config.js';
import { messageStoreConfigDef } from '../../../src/common/config/message-store-config.js';
import { NamesrvConfigDef } from '../../../src/common/config/namesrv-config.js';
import {
  BrokerNettyServerConfigDef,
  NamesrvNettyServerConfigDef,
  NettyClientConfigDef,
  NettyServerConfigDef,
} from '../../../src/common/config/netty-config.js';
import { readConfigFile } from '../../../src/common/config/load.js';
import { allowedValues, type ConfigDef, type Spec } from '../../../src/common/config/schema.js';
import { ConfigError } from '../../../src/common/errors.js';
import { loadBrokerStartupConfig } from '../../../src/cli/broker-startup.js';
import { tmpDir } from '../../harness/tmp.js';

const defs = [
  brokerConfigDef,
  messageStoreConfigDef,
  NamesrvConfigDef,
  NettyServerConfigDef,
  NamesrvNettyServerConfigDef,
  BrokerNettyServerConfigDef,
  NettyClientConfigDef,
] as unknown as ConfigDef<Spec>[];

test('every numeric key has a range holding its default, and every rule accepts its default', () => {
  for (const def of defs) {
    for (const [key, f] of Object.entries(def.spec)) {
      if (f.kind === 'int' || f.kind === 'long' || f.kind === 'float') {
        assert.ok(f.min !== undefined && f.max !== undefined, `${def.name}.${key} has no range`);
        const d = f.default as number;
        assert.ok(d >= f.min! && d <= f.max!, `${def.name}.${key}: default ${d} outside ${f.min}..${f.max}`);
        if (f.kind === 'int') assert.ok(f.max! <= 2147483647, `${def.name}.${key}: a Java int`);
      }
      if (f.valid) assert.ok(f.valid(f.default as never), `${def.name}.${key}: default ${String(f.default)} breaks its own rule`);
      if (f.kind !== 'string' || f.choices || f.valid) assert.ok(allowedValues(f), `${def.name}.${key} says what is allowed`);
      // The default, written back as text, reads as itself.
      const cfg = def.defaults();
      def.set(cfg, key, String(f.default));
      assert.equal(cfg[key], f.default, `${def.name}.${key} round trip`);
    }
  }
});

function fails(def: ConfigDef<Spec>, key: string, value: unknown, message: RegExp): void {
  assert.throws(() => def.set(def.defaults(), key, value), (err: unknown) => {
    assert.ok(err instanceof ConfigError, String(err));
    assert.equal(err.message.split('\n').length, 1);
    assert.match(err.message, message);
    return true;
  });
}

const store = messageStoreConfigDef as unknown as ConfigDef<Spec>;
const broker = brokerConfigDef as unknown as ConfigDef<Spec>;
const brokerNetty = BrokerNettyServerConfigDef as unknown as ConfigDef<Spec>;
const namesrvNetty = NamesrvNettyServerConfigDef as unknown as ConfigDef<Spec>;

test('numbers: negative, zero where meaningless, past a bound or past a Java int fail with the range', () => {
  fails(
    store,
    'mappedFileSizeCommitLog',
    '-100',
    /^bad value for mappedFileSizeCommitLog: "-100" \(expected bytes from 65536 to 2147483647\)$/,
  );
  fails(store, 'mappedFileSizeCommitLog', '4294967296', /expected bytes from 65536/);
  fails(
    store,
    'diskMaxUsedSpaceRatio',
    99,
    /^bad value for diskMaxUsedSpaceRatio: 99 \(expected a percentage from 10 to 95, where Java clamps it\)$/,
  );
  fails(store, 'flushIntervalCommitLog', '0', /expected an integer from 1 to 86400000/);
  fails(store, 'maxMessageSize', 'big', /^bad value for maxMessageSize: "big" \(expected bytes from 1 to 1073741824\)$/);
  fails(broker, 'registerNameServerPeriod', '500', /expected milliseconds from 1000 to 60000/);
  fails(broker, 'sendMessageThreadPoolNums', '0', /expected an integer from 1 to 10000/);
  fails(broker, 'maxErrorRateOfBloomFilter', '100', /expected a percentage from 1 to 99/);
  const ok = store.defaults();
  store.set(ok, 'mappedFileSizeCommitLog', '65536');
  assert.equal(ok.mappedFileSizeCommitLog, 65536);
});

test('ports: 1-65535 or 0 for a free one; a broker keeps room for its VIP port below and HA port above', () => {
  fails(
    namesrvNetty,
    'listenPort',
    '70000',
    /^bad value for listenPort: "70000" \(expected a port from 1 to 65535, or 0 for a free one\)$/,
  );
  fails(namesrvNetty, 'listenPort', '-1', /expected a port/);
  fails(brokerNetty, 'listenPort', '65535', /expected a port from 3 to 65534, or 0 for free ones/);
  fails(brokerNetty, 'listenPort', '2', /expected a port from 3 to 65534/);
  const cfg = brokerNetty.defaults();
  for (const p of ['0', '3', '65534']) brokerNetty.set(cfg, 'listenPort', p);
  fails(store, 'haListenPort', '65536', /expected a port from 1 to 65535/);
});

test('enums and names: only listed values; names non-empty, at most 127 characters of the topic alphabet and dots', () => {
  fails(store, 'brokerRole', 'MASTER', /^bad value for brokerRole: "MASTER" \(expected one of ASYNC_MASTER, SYNC_MASTER, SLAVE\)$/);
  fails(store, 'flushDiskType', 'sync_flush', /expected one of SYNC_FLUSH, ASYNC_FLUSH/);
  fails(broker, 'autoCreateTopicEnable', 'yes', /expected true or false/);
  fails(broker, 'brokerName', '', /^bad value for brokerName: "" \(expected a name of 1 to 127 letters, digits and \. _ - % \|\)$/);
  fails(broker, 'brokerName', 'broker a', /expected a name/);
  fails(broker, 'brokerClusterName', 'x'.repeat(128), /expected a name/);
  fails(broker, 'msgTraceTopicName', 'trace.topic', /expected a topic name/);
  fails(broker, 'brokerIP1', '', /expected an IP address or host name/);
  const cfg = broker.defaults();
  broker.set(cfg, 'brokerName', 'ip-10-0-0-1.ec2.internal');
  assert.equal(cfg.brokerName, 'ip-10-0-0-1.ec2.internal');
});

test('lists and paths: hours of the day, delay levels, host:port, non-empty paths', () => {
  fails(store, 'deleteWhen', '25', /^bad value for deleteWhen: "25" \(expected hours from 0 to 23, separated by ;\)$/);
  fails(store, 'deleteWhen', '04,05', /expected hours/);
  fails(store, 'messageDelayLevel', '1s 5x', /expected delays such as 1s 5m 2h 1d, separated by spaces/);
  fails(store, 'haMasterAddress', '10.0.0.1', /expected empty, or host:port/);
  fails(store, 'storePathRootDir', '', /expected a path/);
  fails(NamesrvConfigDef as unknown as ConfigDef<Spec>, 'kvConfigPath', '', /expected a path/);
  const cfg = store.defaults();
  store.set(cfg, 'deleteWhen', '01;02;23');
  store.set(cfg, 'messageDelayLevel', '1s 2m 3h 1d');
  store.set(cfg, 'haMasterAddress', '10.0.0.1:10912');
});

test('a config file with a bad value names the file, the key, the value and what is allowed', (t) => {
  const dir = tmpDir('mq-cfg-values-', t);
  const file = path.join(dir, 'broker.properties');
  fs.writeFileSync(file, 'brokerName=broker-a\nmappedFileSizeCommitLog=-100\n');
  assert.throws(
    () => loadBrokerStartupConfig(file),
    new ConfigError(`${file}: bad value for mappedFileSizeCommitLog: "-100" (expected bytes from 65536 to 2147483647)`),
  );
  const toml = path.join(dir, 'broker.toml');
  fs.writeFileSync(toml, 'brokerName = "broker-a"\nlistenPort = 70000\n');
  assert.throws(() => loadBrokerStartupConfig(toml), /broker\.toml: bad value for listenPort: 70000 \(expected a port from 3 to 65534/);
});

test('a TOML syntax error gives its line and column and what was found', (t) => {
  const dir = tmpDir('mq-cfg-toml-', t);
  const cases: Array<[string, string]> = [
    ['brokerName = "a"\nlistenPort = = 3\n', 'at line 2, column 14: unexpected "="'],
    ['brokerName = "a"\nbrokerName = "b"\n', 'at line 2, column 1: '],
    ['x = [1, 2\n', 'at line 2, column 1: unexpected end of file'],
  ];
  for (const [text, where] of cases) {
    const file = path.join(dir, 'bad.toml');
    fs.writeFileSync(file, text);
    assert.throws(() => readConfigFile(file), (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.equal((err as Error).message.split('\n').length, 1);
      assert.ok((err as Error).message.startsWith(`cannot parse TOML ${file} ${where}`), (err as Error).message);
      return true;
    });
  }
});
