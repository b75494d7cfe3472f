// The broker and `mq start` through the real CLI on the current runtime: Java's boot line with and
// without a name server, -p / -m, `mq broker stop` (which unregisters it from the name server on the
// way out), one-line errors for bad files, values and flags, the warnings about keys that do
// nothing (and the DLedger refusal), scripts/mqbroker, and `mq start` serving a send and a pull
// before a graceful SIGTERM.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { packageRoot, runtimeName } from '../../src/common/runtime.js';
import { RemotingClient } from '../../src/remoting/client.js';
import { createRequest } from '../../src/remoting/command.js';
import { RequestCode } from '../../src/remoting/request-code.js';
import { ResponseCode } from '../../src/remoting/response-code.js';
import { decodeClusterInfo } from '../../src/remoting/protocol/namesrv/index.js';
import { pidFilePath } from '../../src/cli/pid-files.js';
import { pollUntil } from '../harness/latch.js';
import { BROKER_BOOT_LINE, runMq, startBroker, startMqAll, startNamesrv } from '../harness/servers.js';
import { tmpDir } from '../harness/tmp.js';
import { messagesOf, pull, send } from '../harness/broker-requests.js';

test("mq broker start prints Java's boot line, registers, and mq broker stop unregisters it and exits 0", async (t) => {
  const ns = await startNamesrv(t);
  const b = await startBroker(t, { namesrvAddr: ns.addr });
  assert.equal(b.bootLine, `The broker[broker-t, 127.0.0.1:${b.port}] boot success. serializeType=JSON and name server is ${ns.addr}`);
  assert.match(b.stderr.text, new RegExp(`broker listening addr=0\\.0\\.0\\.0:${b.port} port=${b.port} vipPort=\\d+ haPort=\\d+`));
  assert.equal(fs.readFileSync(pidFilePath('broker', b.port, b.runDir), 'utf8').split('\n')[0], String(b.proc.pid));
  const client = new RemotingClient();
  t.after(() => client.close());
  const cluster = async () =>
    decodeClusterInfo((await client.invoke(ns.addr, createRequest(RequestCode.GET_BROKER_CLUSTER_INFO), 5000)).body!);
  assert.deepEqual([...(await cluster()).brokerAddrTable.get('broker-t')!.brokerAddrs.values()], [b.addr]);
  const r = await runMq(['broker', 'stop'], { env: b.env });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`^The mqbroker\\(${b.proc.pid}\\) on port ${b.port} is running\\.\\.\\.$`, 'm'));
  assert.match(r.stdout, new RegExp(`^Stopped mqbroker\\(${b.proc.pid}\\) on port ${b.port}$`, 'm'));
  assert.deepEqual(await b.exited, { code: 0, signal: null });
  assert.equal((await cluster()).brokerAddrTable.has('broker-t'), false, 'unregistered on the way out');
  assert.ok(!fs.existsSync(path.join(b.storeDir, 'abort')), 'the store was closed cleanly');
  assert.deepEqual(fs.readdirSync(b.runDir), []);
  const none = await runMq(['broker', 'stop'], { env: b.env });
  assert.equal(none.code, 1);
  assert.equal(none.stderr.trim().split('\n').at(-1), 'mq: No mqbroker running.');
});

test('a TOML config without a name server: the boot line says so; SIGINT stops it', async (t) => {
  const b = await startBroker(t, { configExt: 'toml', props: { brokerName: 'toml-broker' } });
  const m = BROKER_BOOT_LINE.exec(b.bootLine)!;
  assert.equal(m[1], 'toml-broker');
  assert.equal(m[4], undefined);
  assert.equal(b.bootLine, `The broker[toml-broker, 127.0.0.1:${b.port}] boot success. serializeType=JSON`);
  b.signal('SIGINT');
  assert.deepEqual(await b.exited, { code: 0, signal: null });
});

test('config honesty: one line names the inert keys set, a typo gets its key; DLedger refuses to start', async (t) => {
  const b = await startBroker(t, { config: 'transientStorePoolEnable=true\nclientCloseSocketIfTimeout=false\nbrokerNmae=oops\n' });
  const inert = b.stderr.lines.filter((l) => l.includes('keys read but not acted on'));
  assert.equal(inert.length, 1, b.stderr.text);
  assert.match(
    inert[0]!,
    /: keys read but not acted on: transientStorePoolEnable, clientCloseSocketIfTimeout \(see README, Limitations\)$/,
  );
  assert.ok(b.stderr.lines.some((l) => l.endsWith('brokerNmae: unknown key, ignored; did you mean brokerName?')), b.stderr.text);
  await b.stop();

  const dir = tmpDir('mq-broker-dledger-', t);
  const file = path.join(dir, 'dledger.properties');
  fs.writeFileSync(file, `storePathRootDir=${dir}/store\nenableDLegerCommitLog=true\ndLegerPeers=n0-127.0.0.1:40911\n`);
  const r = await runMq(['broker', 'start', '-c', file, '--port', '0'], { env: { HOME: dir, MQ_RUN_DIR: path.join(dir, 'run') } });
  assert.equal(r.code, 1, r.stdout);
  assert.match(r.stderr, /^mq: enableDLegerCommitLog=true: mq has no DLedger \(Raft commit log\), so this broker cannot start; .*$/m);
  assert.ok(!fs.existsSync(path.join(dir, 'store')), 'refused before the store is created');
});

test('-p and -m print the configuration and exit; bad files, values and flags fail with one line', async (t) => {
  const conf = path.join(packageRoot, 'conf', '2m-2s-sync', 'broker-a-s.properties');
  const p = await runMq(['broker', 'start', '-c', conf, '-p']);
  assert.equal(p.code, 0, p.stderr);
  assert.match(p.stdout, /^load config properties file OK, /m);
  for (
    const line of [
      'brokerName=broker-a',
      'brokerId=1',
      'brokerRole=SLAVE',
      'listenPort=10931',
      'haListenPort=10932',
      'messageDelayLevel=1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h',
    ]
  ) {
    assert.ok(p.stdout.split('\n').includes(line), line);
  }
  const m = await runMq(['broker', 'start', '-c', conf, '-m', '-n', '10.0.0.1:9876']);
  assert.equal(m.code, 0, m.stderr);
  assert.ok(m.stdout.split('\n').includes('namesrvAddr=10.0.0.1:9876'));
  assert.ok(!m.stdout.includes('listenPort='));
  assert.ok(m.stdout.split('\n').length < p.stdout.split('\n').length / 3);

  const dir = tmpDir('mq-broker-bad-', t);
  const bad = path.join(dir, 'bad.properties');
  fs.writeFileSync(bad, `storePathRootDir=${dir}/store\nlistenPort=seven\n`);
  const cases: Array<[string[], RegExp]> = [
    [['broker', 'start', '-c', path.join(dir, 'missing.properties')], /^mq: cannot read config file .*missing\.properties: no such file$/],
    [
      ['broker', 'start', '-c', bad],
      /^mq: .*bad\.properties: bad value for listenPort: "seven" \(expected a port from 3 to 65534, or 0 for free ones: .*\)$/,
    ],
    [['broker', 'start', '--port', 'x'], /^mq: --port must be an integer from 0 to 65535, not "x"$/],
  ];
  fs.writeFileSync(path.join(dir, 'ok.properties'), `storePathRootDir=${dir}/store2\nbrokerIP1=127.0.0.1\n`);
  cases.push([
    ['broker', 'start', '-c', path.join(dir, 'ok.properties'), '--port', '0', '-n', 'not-an-address'],
    /^mq: The Name Server Address\[not-an-address\] illegal, please set it as follows, "127\.0\.0\.1:9876;192\.168\.0\.1:9876"$/,
  ]);
  for (const [argv, re] of cases) {
    const r = await runMq(argv, { env: { HOME: dir, MQ_RUN_DIR: path.join(dir, 'run') } });
    assert.equal(r.code, 1, `${argv.join(' ')}: ${r.stdout}`);
    assert.match(r.stderr.trim(), re);
    assert.equal(r.stderr.trim().split('\n').length, 1, 'one line');
  }
});

test('scripts/mqbroker runs mq broker start with the same flags', (t) => {
  const env = {
    ...process.env,
    MQ_RUNTIME: runtimeName,
    PATH: `${path.join(packageRoot, 'node_modules', '.bin')}${path.delimiter}${path.dirname(process.execPath)}${path.delimiter}${
      process.env.PATH ?? ''
    }`,
  };
  const r = spawnSync('sh', [path.join(packageRoot, 'scripts', 'mqbroker'), '-c', path.join(packageRoot, 'conf', 'broker.conf'), '-m'], {
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (r.error) {
    t.skip(`cannot run sh: ${r.error.message}`);
    return;
  }
  assert.equal(r.status, 0, r.stderr);
  assert.ok(r.stdout.split('\n').includes('brokerName=broker-a'));
});

test('mq start: both boot lines, a send and a pull, then a graceful SIGTERM', async (t) => {
  const mq = await startMqAll(t);
  assert.ok(mq.stdout.lines.includes('The Name Server boot success. serializeType=JSON'));
  assert.equal(
    mq.stdout.lines.find((l) => BROKER_BOOT_LINE.test(l)),
    `The broker[broker-a, ${mq.brokerAddr}] boot success. serializeType=JSON and name server is ${mq.namesrvAddr}`,
  );
  // Started from the checkout, where `npx mq` runs it.
  await mq.stdout.waitFor(new RegExp(`^  npx mq tools producer -n ${mq.namesrvAddr}$`));
  await mq.stdout.waitFor(new RegExp(`^  npx mq tools consumer -n ${mq.namesrvAddr}$`));
  const client = new RemotingClient();
  t.after(() => client.close());
  const sent = await send(client, mq.brokerAddr, { topic: 'StartTopic', queueId: 0, body: 'first message' });
  assert.equal(sent.code, ResponseCode.SUCCESS, sent.remark ?? '');
  const got = await pull(client, mq.brokerAddr, { group: 'start_group', topic: 'StartTopic', subscription: '*' });
  assert.deepEqual(messagesOf(got).map((m) => m.body.toString()), ['first message']);
  const route = await pollUntil(async () => {
    const r = await client.invoke(mq.namesrvAddr, createRequest(RequestCode.GET_ROUTEINFO_BY_TOPIC, { topic: 'StartTopic' }), 5000);
    return r.code === ResponseCode.SUCCESS ? r : undefined;
  }, 'the topic route');
  assert.ok(route.body && route.body.length > 0);
  assert.ok(fs.existsSync(path.join(mq.storeDir, 'commitlog')));
  mq.signal('SIGTERM');
  assert.deepEqual(await mq.exited, { code: 0, signal: null });
  assert.ok(!fs.existsSync(path.join(mq.storeDir, 'abort')), 'the store closed cleanly');
  assert.match(fs.readFileSync(path.join(mq.storeDir, 'config', 'topics.json'), 'utf8'), /"StartTopic":\{/);
});
