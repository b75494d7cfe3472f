// The README's operator section, run as written: every command of its shell blocks, in order,
// through the real CLI. Only what must differ on a shared test machine differs: the name server and
// the brokers get free ports (`--port 0`, and `-n` for the brokers) and a temporary HOME (where the
// 2m-noslave samples keep their stores), NAMESRV_ADDR names the real port, and <offsetMsgId> is
// the id the producer printed. Each command must exit 0 and print what the section promises.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../../src/common/runtime.js';
import { BROKER_BOOT_LINE, type MqChild, NAMESRV_BOOT_LINE, runMq, spawnMq } from '../harness/servers.js';
import { withTimeout } from '../harness/latch.js';
import { removeDir, tmpDir } from '../harness/tmp.js';
import { tableRows } from '../harness/admin.js';
import { readmeEnv, readmeShellBlocks } from '../harness/readme.js';

const HEADING = '## Operating a cluster with `mq admin`';

test('the README operator section runs as written against a two-broker cluster', async (t) => {
  const commands = readmeShellBlocks(HEADING).flat();
  assert.ok(commands.length >= 15, `commands: ${commands.join(' | ')}`);
  const home = tmpDir('mq-readme-');
  const env = readmeEnv(home);
  const children: MqChild[] = [];
  t.after(async () => {
    for (const c of children) c.signal('SIGKILL');
    await Promise.all(children.map((c) => c.exited));
    removeDir(home);
  });

  let namesrvAddr = '';
  let offsetMsgId = '';
  const outputs = new Map<string, string>();
  for (const line of commands) {
    const background = line.endsWith('&');
    const text = line.replace(/&$/, '').trim();
    if (text.startsWith('export ')) {
      const [name, value] = text.slice('export '.length).split('=') as [string, string];
      assert.equal(name, 'NAMESRV_ADDR');
      assert.equal(value, '127.0.0.1:9876', 'the README points at the default port');
      env.NAMESRV_ADDR = namesrvAddr;
      continue;
    }
    assert.match(text, /^npx mq /, line);
    const args = text.slice('npx mq '.length).split(/\s+/).map((a) => (a === '<offsetMsgId>' ? offsetMsgId : a));
    if (background) {
      // A server: on a free port (and, for a broker, told the name server's real address).
      const isBroker = args[0] === 'broker';
      const extra = isBroker ? ['-n', namesrvAddr, '--port', '0'] : ['--port', '0'];
      const child = spawnMq([...args, ...extra], env, packageRoot);
      children.push(child);
      const boot = isBroker ? BROKER_BOOT_LINE : new RegExp(`^${NAMESRV_BOOT_LINE.replace(/[.]/g, '\\.')}$`);
      await withTimeout(
        Promise.race([
          child.stdout.waitFor(boot, 30_000),
          child.exited.then(() => {
            throw new Error(`${line} exited:\n${child.stderr.text}`);
          }),
        ]),
        30_000,
        line,
      );
      if (!isBroker) namesrvAddr = `127.0.0.1:${(await child.stderr.waitFor(/name server listening .*\bport=(\d+)/))[1]}`;
      continue;
    }
    const r = await runMq(args, { env, cwd: packageRoot, timeoutMs: 60_000 });
    assert.equal(r.code, 0, `${line}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
    // topicStatus runs twice (the benchmark's topic, then TopicTest): key it by its topic.
    outputs.set(args[1] === 'topicStatus' ? `admin topicStatus ${args[args.indexOf('-t') + 1]}` : args.slice(0, 2).join(' '), r.stdout);
    if (args[0] === 'tools' && args[1] === 'producer') offsetMsgId = /offsetMsgId=([0-9A-F]+)/.exec(r.stdout)![1]!;
  }

  // What the section promises, command by command.
  const cluster = tableRows(outputs.get('admin clusterList')!, /^#Cluster Name/);
  assert.deepEqual(cluster.map((r) => [r[0], r[1]]), [['DefaultCluster', 'broker-a'], ['DefaultCluster', 'broker-b']]);
  assert.equal(outputs.get('admin updateTopic')!.split('\n').filter((l) => /^create topic to \S+ success\.$/.test(l)).length, 2);
  assert.equal(outputs.get('tools producer')!.split('\n').filter((l) => l.includes('sendStatus=SEND_OK')).length, 100);
  assert.match(outputs.get('admin consumerProgress')!, /^Diff Total: 0$/m);
  const bench = outputs.get('tools benchmark')!;
  assert.match(bench, /Send TPS: \d+ Max RT\(ms\): [\d.]+ Average RT\(ms\): +[\d.]+ Send Failed: 0 Response Failed: 0/);
  const benchSummary = JSON.parse(bench.trim().split('\n').at(-1)!) as Record<string, unknown>;
  const benchRows = tableRows(outputs.get('admin topicStatus BenchmarkTest')!, /^#Broker Name/);
  const benchStored = benchRows.reduce((s, r) => s + Number(r[3]), 0);
  assert.ok(benchStored > 0, 'the benchmark stored messages');
  assert.equal(benchSummary.sendFailed, 0);
  assert.equal(benchStored, benchSummary.sent, 'topicStatus counts what the benchmark acknowledged');
  const status = tableRows(outputs.get('admin topicStatus TopicTest')!, /^#Broker Name/);
  assert.equal(status.length, 16);
  assert.equal(status.reduce((s, r) => s + Number(r[3]), 0), 100);
  assert.match(outputs.get('admin')!, /^Topics$/m);
  assert.match(outputs.get('admin queryMsgById')!, new RegExp(`^OffsetID: +${offsetMsgId}$`, 'm'));
  assert.match(outputs.get('admin resetOffsetByTime')!, /DemoGroup/);
  assert.match(outputs.get('admin wipeWritePerm')!, /^wipe write perm of broker\[broker-a\] in name server\[\S+\] OK, \d+$/m);
  assert.match(outputs.get('admin addWritePerm')!, /^add write perm of broker\[broker-a\] .* OK, \d+$/m);
  assert.equal(outputs.get('broker stop')!.split('\n').filter((l) => /^Stopped mqbroker\(\d+\) on port \d+$/.test(l)).length, 2);
  assert.match(outputs.get('namesrv stop')!, /^Stopped mqnamesrv\(\d+\)|Stopped/m);
  // The stores are where the samples put them: ~/store/broker-a and ~/store/broker-b.
  assert.ok(fs.existsSync(path.join(home, 'store', 'broker-a', 'commitlog')));
  assert.ok(fs.existsSync(path.join(home, 'store', 'broker-b', 'commitlog')));
  await Promise.all(children.map((c) => withTimeout(c.exited, 10_000, 'servers to exit after stop')));

  // scripts/mqadmin is the same tool under mqadmin's name (it runs on node from PATH).
  const script = spawnSync('sh', [path.join(packageRoot, 'scripts', 'mqadmin')], {
    encoding: 'utf8',
    env: { ...process.env, MQ_RUNTIME: 'node', NO_COLOR: '1' },
  });
  assert.equal(script.status, 0, script.stderr);
  assert.match(script.stdout, /^The most commonly used mq admin commands are:$/m);
});
