// What a server checks before it binds: port flags, values that must agree (a message must fit in a segment,
// an index file stays under 2 GiB, write-buffer marks in order) and store directories that must be
// writable directories on a real file system. A path under /proc used to hang start-up (Node's
// recursive mkdir never returns there); now it fails at once, in one line.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { loadBrokerStartupConfig } from '../../../src/cli/broker-startup.js';
import { loadNamesrvStartupConfig } from '../../../src/cli/namesrv-startup.js';
import { checkBrokerStartup, checkNamesrvStartup } from '../../../src/cli/startup-checks.js';
import { parseBrokerPortFlag } from '../../../src/cli/flag-values.js';
import { startMq } from '../../../src/cli/mq-start.js';
import { ensureWritableDir } from '../../../src/cli/writable-dir.js';
import { ConfigError } from '../../../src/common/errors.js';
import { tmpDir } from '../../harness/tmp.js';

function brokerCfg(storeDir: string) {
  const cfg = loadBrokerStartupConfig(undefined, '');
  cfg.messageStoreConfig.storePathRootDir = storeDir;
  return cfg;
}

function oneLine(re: RegExp) {
  return (err: unknown) => {
    assert.ok(err instanceof ConfigError, String(err));
    assert.equal(err.message.split('\n').length, 1);
    assert.match(err.message, re);
    return true;
  };
}

test('a store directory is created if missing and proven writable; a probe file is not left behind', (t) => {
  const dir = path.join(tmpDir('mq-check-', t), 'a', 'b', 'store');
  const cfg = brokerCfg(dir);
  checkBrokerStartup(cfg);
  assert.deepEqual(fs.readdirSync(dir), []);
  cfg.messageStoreConfig.storePathCommitLog = path.join(dir, 'elsewhere', 'commitlog');
  checkBrokerStartup(cfg);
  assert.ok(fs.statSync(cfg.messageStoreConfig.storePathCommitLog).isDirectory());
});

test('a store path under a file, or on a pseudo file system, fails with the key and value named', { timeout: 10_000 }, (t) => {
  const base = tmpDir('mq-check-', t);
  const file = path.join(base, 'plain-file');
  fs.writeFileSync(file, 'x');
  assert.throws(
    () => checkBrokerStartup(brokerCfg(path.join(file, 'store'))),
    oneLine(
      new RegExp(
        `^bad value for storePathRootDir: ".*plain-file/store" \\(expected a writable directory on a real file system; .*plain-file is not a directory\\)$`,
      ),
    ),
  );
  if (process.platform === 'linux' && fs.existsSync('/proc/self')) {
    assert.throws(
      () => ensureWritableDir('storePathRootDir', '/proc/mq-store/deeper'),
      oneLine(
        /^bad value for storePathRootDir: "\/proc\/mq-store\/deeper" \(expected a writable directory on a real file system; \/proc is on proc\)$/,
      ),
    );
    assert.throws(
      () => ensureWritableDir('storePathCommitLog', '/sys/kernel/mq'),
      oneLine(/storePathCommitLog: "\/sys\/kernel\/mq" .* is on sysfs/),
    );
    const ns = loadNamesrvStartupConfig();
    ns.namesrvConfig.kvConfigPath = '/proc/mq/namesrv/kvConfig.json';
    assert.throws(
      () => checkNamesrvStartup(ns),
      oneLine(/^bad value for kvConfigPath: "\/proc\/mq\/namesrv\/kvConfig\.json" .*\/proc is on proc/),
    );
  }
});

test('values that must agree: a largest message fits in a segment, an index file under 2 GiB, water marks in order', (t) => {
  const dir = tmpDir('mq-check-', t);
  const small = brokerCfg(dir);
  small.messageStoreConfig.mappedFileSizeCommitLog = 1024 * 1024;
  assert.throws(
    () => checkBrokerStartup(small),
    oneLine(
      /^bad value for mappedFileSizeCommitLog: 1048576 \(expected at least 4194312: a message of maxMessageSize \(4194304\) must fit in one segment\)$/,
    ),
  );
  small.messageStoreConfig.maxMessageSize = 512 * 1024;
  checkBrokerStartup(small);

  const index = brokerCfg(dir);
  index.messageStoreConfig.maxIndexNum = 107_000_000;
  assert.throws(
    () => checkBrokerStartup(index),
    oneLine(/^bad value for maxIndexNum: 107000000 \(expected at most \d+ with maxHashSlotNum 5000000/),
  );

  const marks = brokerCfg(dir);
  marks.nettyServerConfig.writeBufferHighWaterMark = 1000;
  marks.nettyServerConfig.writeBufferLowWaterMark = 2000;
  assert.throws(
    () => checkBrokerStartup(marks),
    oneLine(/^bad value for writeBufferLowWaterMark: 2000 \(expected at most writeBufferHighWaterMark, 1000\)$/),
  );
});

test('port flags: a broker keeps room for its VIP and HA ports; mq start keeps the name server off them', async (t) => {
  assert.equal(parseBrokerPortFlag('port', '0'), 0);
  assert.equal(parseBrokerPortFlag('port', '65534'), 65534);
  assert.equal(parseBrokerPortFlag('port', undefined), undefined);
  for (const bad of ['1', '2', '65535']) {
    assert.throws(
      () => parseBrokerPortFlag('broker-port', bad),
      oneLine(/^--broker-port must be a port from 3 to 65534, or 0 for free ones/),
    );
  }
  const home = tmpDir('mq-check-', t);
  await assert.rejects(
    startMq({ home, namesrvPort: 10912, brokerPort: 10911 }),
    oneLine(/^--namesrv-port 10912 collides with the broker's ports 10909 \(VIP\), 10911 and 10912 \(HA\): choose ports apart$/),
  );
  assert.deepEqual(fs.readdirSync(home), [], 'nothing started, nothing written');
});
