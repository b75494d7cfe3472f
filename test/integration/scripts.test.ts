// The RocketMQ-style wrappers in scripts/ (mqnamesrv, mqbroker, mqadmin, mqshutdown, tools.sh):
// each sources mq-env.sh, found through symbolic links, names itself in its errors, and runs
// `mq` on the runtime MQ_RUNTIME names with ROCKETMQ_HOME set.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { packageRoot, runtimeName } from '../../src/common/runtime.js';
import { tmpDir } from '../harness/tmp.js';

const scripts = path.join(packageRoot, 'scripts');
const PATH = [path.join(packageRoot, 'node_modules', '.bin'), path.dirname(process.execPath), process.env.PATH ?? ''].join(path.delimiter);

function sh(script: string, args: string[], env: Record<string, string> = {}) {
  const { ROCKETMQ_HOME: _, ...inherited } = process.env;
  return spawnSync('sh', [script, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...inherited, MQ_RUNTIME: runtimeName, PATH, ...env },
  });
}

test('every wrapper sources mq-env.sh and names itself when MQ_RUNTIME is unknown', (t) => {
  const cases: Array<[string, string[]]> = [['mqnamesrv', []], ['mqbroker', []], ['mqadmin', []], ['mqshutdown', ['namesrv']], [
    'tools.sh',
    ['Producer'],
  ]];
  for (const [name, args] of cases) {
    const r = sh(path.join(scripts, name), args, { MQ_RUNTIME: 'jvm' });
    if (r.error) return t.skip(`cannot run sh: ${r.error.message}`);
    assert.equal(r.status, 1, name);
    assert.equal(r.stderr, `${name}: unknown MQ_RUNTIME jvm: use node, bun or deno\n`);
  }
  assert.equal(sh(path.join(scripts, 'mqshutdown'), []).stderr, 'Usage: mqshutdown broker | namesrv\n');
  assert.equal(sh(path.join(scripts, 'tools.sh'), ['org.example.Nope']).stderr, 'tools.sh: no mq equivalent of org.example.Nope\n');
});

test('a wrapper reached through symbolic links runs mq with ROCKETMQ_HOME set', (t) => {
  const dir = tmpDir('mq-scripts-', t);
  // A relative link to an absolute one, as a package manager's bin folder may hold.
  fs.symlinkSync(path.join(scripts, 'mqnamesrv'), path.join(dir, 'abs-mqnamesrv'));
  fs.mkdirSync(path.join(dir, 'bin'));
  fs.symlinkSync('../abs-mqnamesrv', path.join(dir, 'bin', 'mqnamesrv'));
  const r = sh(path.join(dir, 'bin', 'mqnamesrv'), ['-p']);
  if (r.error) return t.skip(`cannot run sh: ${r.error.message}`);
  assert.equal(r.status, 0, r.stderr);
  assert.ok(r.stdout.split('\n').includes(`rocketmqHome=${fs.realpathSync(packageRoot)}`), r.stdout);
  const home = sh(path.join(dir, 'bin', 'mqnamesrv'), ['-p'], { ROCKETMQ_HOME: dir });
  assert.ok(home.stdout.split('\n').includes(`rocketmqHome=${dir}`), 'a ROCKETMQ_HOME already set is kept');
});

test('tools.sh maps every Java benchmark class to an mq command', (t) => {
  for (const cls of ['benchmark.Producer', 'benchmark.Consumer', 'benchmark.BatchProducer', 'benchmark.TransactionProducer']) {
    const r = sh(path.join(scripts, 'tools.sh'), [`org.apache.rocketmq.example.${cls}`, '--help']);
    if (r.error) return t.skip(`cannot run sh: ${r.error.message}`);
    assert.equal(r.status, 0, `${cls}: ${r.stderr}`);
    assert.match(r.stdout, /\$ mq tools benchmark \w+/, cls);
  }
});
