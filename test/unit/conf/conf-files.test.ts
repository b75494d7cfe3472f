// The shipped conf/ files: every .properties / .conf has a TOML twin that loads to the same keys
// and values; broker files carry the keys a broker needs, and the brokers of one layout can share a
// machine (distinct ports, including VIP and HA, and distinct store paths); namesrv.properties
// loads into the name server's configs with no unknown keys.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { readConfigFile } from '../../../src/common/config/load.js';
import { packageRoot } from '../../../src/common/runtime.js';
import { loadNamesrvStartupConfig } from '../../../src/cli/namesrv-startup.js';
import { captureLogsDuring } from '../../harness/logs.js';

const confDir = path.join(packageRoot, 'conf');

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((
    e,
  ) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

const all = walk(confDir).sort();
const javaStyle = all.filter((f) => /\.(properties|conf)$/.test(f));
const twinOf = (f: string) => f.replace(/\.(properties|conf)$/, '.toml');
const rel = (f: string) => path.relative(confDir, f);

const BROKER_KEYS = [
  'brokerClusterName',
  'brokerName',
  'brokerId',
  'deleteWhen',
  'fileReservedTime',
  'brokerRole',
  'flushDiskType',
  'namesrvAddr',
  'listenPort',
  'storePathRootDir',
  'storePathCommitLog',
];

describe('conf/', () => {
  test('the expected files are there, each with a TOML twin and nothing unpaired', () => {
    const expected = [
      'namesrv.properties',
      'broker.conf',
      '2m-noslave/broker-a.properties',
      '2m-noslave/broker-b.properties',
      ...['2m-2s-async', '2m-2s-sync'].flatMap((d) => ['a', 'a-s', 'b', 'b-s'].map((b) => `${d}/broker-${b}.properties`)),
    ];
    assert.deepEqual(javaStyle.map(rel).sort(), expected.sort());
    const tomls = all.filter((f) => f.endsWith('.toml'));
    assert.deepEqual(tomls.sort(), javaStyle.map(twinOf).sort());
  });

  for (const file of javaStyle) {
    test(`${rel(file)} and its TOML twin agree`, () => {
      const props = readConfigFile(file);
      const toml = readConfigFile(twinOf(file));
      assert.deepEqual([...toml.keys()].sort(), [...props.keys()].sort());
      for (const [k, v] of props) assert.equal(String(toml.get(k)), v, `${rel(file)}: ${k}`);
      for (const v of props.values()) assert.doesNotMatch(String(v), /\$\{/, 'placeholders are expanded');
    });
  }

  test('namesrv.properties and namesrv.toml load into the name server configs without warnings', () => {
    const { lines: warnings } = captureLogsDuring(() => {
      for (const f of ['namesrv.properties', 'namesrv.toml']) {
        const cfg = loadNamesrvStartupConfig(path.join(confDir, f));
        assert.equal(cfg.nettyServerConfig.listenPort, 9876);
        assert.equal(cfg.extraProperties.size, 0);
      }
    });
    assert.deepEqual(warnings, []);
  });

  const brokerFiles = javaStyle.filter((f) => path.basename(f).startsWith('broker'));
  test('every broker file has the keys a broker needs, with sane values', () => {
    for (const file of brokerFiles) {
      const c = readConfigFile(file);
      for (const k of BROKER_KEYS) assert.ok(c.has(k), `${rel(file)} lacks ${k}`);
      const id = Number(c.get('brokerId'));
      const role = String(c.get('brokerRole'));
      assert.equal(role === 'SLAVE', id > 0, `${rel(file)}: slaves and only slaves have brokerId > 0`);
      assert.ok(['ASYNC_MASTER', 'SYNC_MASTER', 'SLAVE'].includes(role));
      assert.ok(['ASYNC_FLUSH', 'SYNC_FLUSH'].includes(String(c.get('flushDiskType'))));
      assert.match(String(c.get('deleteWhen')), /^\d\d$/);
      assert.ok(String(c.get('storePathCommitLog')).startsWith(String(c.get('storePathRootDir')) + '/'));
      assert.equal(c.get('namesrvAddr'), '127.0.0.1:9876');
    }
  });

  for (const layout of ['2m-noslave', '2m-2s-async', '2m-2s-sync']) {
    test(`${layout}: brokers can run on one machine`, () => {
      const files = brokerFiles.filter((f) => path.dirname(f) === path.join(confDir, layout));
      const ports = new Set<number>();
      const stores = new Set<string>();
      for (const f of files) {
        const c = readConfigFile(f);
        const port = Number(c.get('listenPort'));
        // Each broker also takes listenPort - 2 (VIP channel) and listenPort + 1 (HA).
        for (const p of [port - 2, port, port + 1]) {
          assert.ok(!ports.has(p), `${rel(f)}: port ${p} collides`);
          ports.add(p);
        }
        const store = String(c.get('storePathRootDir'));
        assert.ok(!stores.has(store), `${rel(f)}: store ${store} collides`);
        stores.add(store);
        if (layout !== '2m-noslave') {
          const sync = layout === '2m-2s-sync';
          const role = String(c.get('brokerRole'));
          if (role !== 'SLAVE') assert.equal(role, sync ? 'SYNC_MASTER' : 'ASYNC_MASTER');
        }
      }
      assert.ok(!ports.has(9876), 'no broker takes the name server port');
    });
  }
});
