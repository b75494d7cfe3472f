// A real name server process started through the CLI (`mq namesrv start`) on the current runtime,
// driven over TCP by our client like a broker and an admin would, then stopped by `mq namesrv stop`
// or a signal; plus the CLI's answers to bad flags and bad config files.

// Top-level tests only: Deno's node:test runs t.after hooks (our cleanup) only for those.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { RemotingClient } from '../../src/remoting/client.js';
import { createRequest } from '../../src/remoting/command.js';
import { RequestCode } from '../../src/remoting/request-code.js';
import { ResponseCode } from '../../src/remoting/response-code.js';
import {
  createRegisterBrokerRequest,
  decodeClusterInfo,
  decodeKVTable,
  decodePropertiesBody,
  decodeTopicRouteData,
  encodePropertiesBody,
  GetKVConfigResponseHeader,
  RegisterBrokerResponseHeader,
} from '../../src/remoting/protocol/namesrv/index.js';
import { createTopicConfig, createTopicConfigWrapper } from '../../src/remoting/protocol/topic-config.js';
import { pidFilePath } from '../../src/cli/pid-files.js';
import { pollUntil } from '../harness/latch.js';
import { NAMESRV_BOOT_LINE, runMq, startNamesrv } from '../harness/servers.js';
import { tmpDir } from '../harness/tmp.js';

function registerRequest(brokerId: number, brokerAddr: string) {
  return createRegisterBrokerRequest(
    {
      clusterName: 'ItCluster',
      brokerName: 'broker-it',
      brokerId,
      brokerAddr,
      haServerAddr: brokerAddr.replace(/\d+$/, (p) => String(Number(p) + 1)),
    },
    {
      topicConfigSerializeWrapper: createTopicConfigWrapper([createTopicConfig('ItTopic', { readQueueNums: 4, writeQueueNums: 4 })], {
        timestamp: Date.now(),
        counter: 1,
      }),
      filterServerList: [],
    },
  );
}

test('mq namesrv start: serves brokers and admins over TCP, then stops on SIGTERM with exit code 0', async (t) => {
  const ns = await startNamesrv(t);
  assert.ok(fs.existsSync(pidFilePath('namesrv', ns.port, ns.runDir)), 'pid file written');
  assert.equal(fs.readFileSync(pidFilePath('namesrv', ns.port, ns.runDir), 'utf8').split('\n')[0], String(ns.proc.pid));
  assert.deepEqual(ns.stdout.lines.filter((l) => l.startsWith('The Name Server')), [NAMESRV_BOOT_LINE]);

  const client = new RemotingClient();
  t.after(() => client.close());
  const call = (code: number, ext?: Record<string, string> | null, body?: Uint8Array | null) =>
    client.invoke(ns.addr, createRequest(code, ext ?? null, body ?? null), 5000);

  // A master and its slave register.
  assert.equal((await client.invoke(ns.addr, registerRequest(0, '127.0.0.1:30911'), 5000)).code, ResponseCode.SUCCESS);
  const slave = await client.invoke(ns.addr, registerRequest(1, '127.0.0.1:30931'), 5000);
  assert.deepEqual({ ...RegisterBrokerResponseHeader.decode(slave.extFields) }, {
    haServerAddr: '127.0.0.1:30912',
    masterAddr: '127.0.0.1:30911',
  });

  const route = await call(RequestCode.GET_ROUTEINFO_BY_TOPIC, { topic: 'ItTopic' });
  assert.equal(route.code, ResponseCode.SUCCESS);
  const data = decodeTopicRouteData(route.body!);
  assert.deepEqual([...data.brokerDatas[0]!.brokerAddrs], [[0, '127.0.0.1:30911'], [1, '127.0.0.1:30931']]);
  assert.equal(data.queueDatas[0]!.writeQueueNums, 4);

  const cluster = decodeClusterInfo((await call(RequestCode.GET_BROKER_CLUSTER_INFO)).body!);
  assert.deepEqual([...cluster.clusterAddrTable.get('ItCluster')!], ['broker-it']);

  // KV operations reach the kvConfig.json under the child's temp home.
  assert.equal(
    (await call(RequestCode.PUT_KV_CONFIG, { namespace: 'ORDER_TOPIC_CONFIG', key: 'ItTopic', value: 'broker-it:4' })).code,
    ResponseCode.SUCCESS,
  );
  assert.equal(
    GetKVConfigResponseHeader.decode((await call(RequestCode.GET_KV_CONFIG, { namespace: 'ORDER_TOPIC_CONFIG', key: 'ItTopic' })).extFields)
      .value,
    'broker-it:4',
  );
  assert.deepEqual(
    decodeKVTable((await call(RequestCode.GET_KVLIST_BY_NAMESPACE, { namespace: 'ORDER_TOPIC_CONFIG' })).body!),
    new Map([['ItTopic', 'broker-it:4']]),
  );
  assert.equal(fs.readFileSync(ns.kvConfigPath, 'utf8'), '{"configTable":{"ORDER_TOPIC_CONFIG":{"ItTopic":"broker-it:4"}}}');
  assert.equal((await call(RequestCode.DELETE_KV_CONFIG, { namespace: 'ORDER_TOPIC_CONFIG', key: 'ItTopic' })).code, ResponseCode.SUCCESS);
  assert.equal(
    (await call(RequestCode.GET_KV_CONFIG, { namespace: 'ORDER_TOPIC_CONFIG', key: 'ItTopic' })).code,
    ResponseCode.QUERY_NOT_FOUND,
  );

  // Config: read, update, and the update written back to the -c file.
  const before = decodePropertiesBody((await call(RequestCode.GET_NAMESRV_CONFIG)).body);
  assert.equal(before.get('kvConfigPath'), ns.kvConfigPath);
  assert.equal(before.get('configStorePath'), ns.configFile);
  assert.equal(before.get('listenPort'), '0');
  assert.equal(
    (await call(RequestCode.UPDATE_NAMESRV_CONFIG, null, encodePropertiesBody([['productEnvName', 'it']]))).code,
    ResponseCode.SUCCESS,
  );
  assert.equal(decodePropertiesBody((await call(RequestCode.GET_NAMESRV_CONFIG)).body).get('productEnvName'), 'it');
  assert.match(fs.readFileSync(ns.configFile, 'utf8'), /^productEnvName=it$/m);
  assert.equal(
    (await call(RequestCode.UPDATE_NAMESRV_CONFIG, null, encodePropertiesBody([['kvConfigPath', '/elsewhere']]))).code,
    ResponseCode.NO_PERMISSION,
  );

  // Both unregister; the topic is gone.
  for (const [id, addr] of [[1, '127.0.0.1:30931'], [0, '127.0.0.1:30911']] as const) {
    const r = await call(RequestCode.UNREGISTER_BROKER, {
      clusterName: 'ItCluster',
      brokerName: 'broker-it',
      brokerId: String(id),
      brokerAddr: addr,
    });
    assert.equal(r.code, ResponseCode.SUCCESS);
  }
  const gone = await call(RequestCode.GET_ROUTEINFO_BY_TOPIC, { topic: 'ItTopic' });
  assert.equal(gone.code, ResponseCode.TOPIC_NOT_EXIST);
  assert.match(gone.remark ?? '', /^No topic route info in name server for the topic: ItTopic\nSee http/);

  const status = await ns.stop();
  assert.deepEqual(status, { code: 0, signal: null });
  assert.equal(fs.existsSync(pidFilePath('namesrv', ns.port, ns.runDir)), false, 'pid file removed on exit');
  assert.ok(ns.stderr.lines.some((l) => /shutting down signal=SIGTERM/.test(l)));
});

test('mq namesrv start: SIGINT stops it gracefully too', async (t) => {
  const ns = await startNamesrv(t);
  ns.signal('SIGINT');
  assert.deepEqual(await ns.exited, { code: 0, signal: null });
  assert.equal(fs.existsSync(pidFilePath('namesrv', ns.port, ns.runDir)), false);
});

test('mq namesrv start: a broker connection that drops takes its routes with it', async (t) => {
  const ns = await startNamesrv(t);
  const broker = new RemotingClient();
  const admin = new RemotingClient();
  t.after(() => broker.close());
  t.after(() => admin.close());
  assert.equal((await broker.invoke(ns.addr, registerRequest(0, '127.0.0.1:30911'), 5000)).code, ResponseCode.SUCCESS);
  const route = () => admin.invoke(ns.addr, createRequest(RequestCode.GET_ROUTEINFO_BY_TOPIC, { topic: 'ItTopic' }), 5000);
  assert.equal((await route()).code, ResponseCode.SUCCESS);
  await broker.close();
  await pollUntil(async () => (await route()).code === ResponseCode.TOPIC_NOT_EXIST, 'the route to go with the connection', 10_000, 20);
});

test('mq namesrv stop: stops every name server started from this run directory, then finds none', async (t) => {
  const a = await startNamesrv(t);
  const b = await startNamesrv(t, { env: { MQ_RUN_DIR: a.runDir } });
  const r = await runMq(['namesrv', 'stop'], { env: a.env });
  assert.equal(r.code, 0, r.stderr);
  for (const ns of [a, b]) {
    assert.match(r.stdout, new RegExp(`^Stopped mqnamesrv\\(${ns.proc.pid}\\) on port ${ns.port}$`, 'm'));
    assert.deepEqual(await ns.exited, { code: 0, signal: null });
  }
  assert.deepEqual(fs.readdirSync(a.runDir), []);
  const none = await runMq(['namesrv', 'stop'], { env: a.env });
  assert.equal(none.code, 1);
  assert.equal(none.stderr.trim(), 'mq: No mqnamesrv running.');
});

test('mq namesrv stop: --port stops only that one; a stale pid file is cleaned up', async (t) => {
  const a = await startNamesrv(t);
  const b = await startNamesrv(t, { env: { MQ_RUN_DIR: a.runDir } });
  fs.writeFileSync(path.join(a.runDir, 'namesrv-1.pid'), '999999999\n');
  const r = await runMq(['namesrv', 'stop', '--port', String(b.port)], { env: a.env });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`Stopped mqnamesrv\\(${b.proc.pid}\\) on port ${b.port}`));
  assert.deepEqual(await b.exited, { code: 0, signal: null });
  assert.equal(a.proc.exitCode, null, 'the other one keeps running');
  assert.deepEqual(fs.readdirSync(a.runDir), [`namesrv-${a.port}.pid`]);
  const json = await runMq(['namesrv', 'stop', '--json'], { env: a.env });
  assert.equal(json.code, 0, json.stderr);
  assert.deepEqual(JSON.parse(json.stdout), [{ pid: a.proc.pid, port: a.port, stopped: true }]);
});

const env = (t: { after(fn: () => void): void }) => {
  const home = tmpDir('mq-ns-cli-', t);
  return { home, env: { HOME: home, MQ_RUN_DIR: path.join(home, 'run') } };
};

test('mq namesrv start: bad input: an unknown flag: one line, non-zero exit', async (t) => {
  const r = await runMq(['namesrv', 'start', '--bogus'], env(t));
  assert.notEqual(r.code, 0);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, /^mq: .*--bogus/);
  assert.equal(r.stdout, '');
});

test('mq namesrv start: bad input: a bad --port: one line with the reason, exit 1', async (t) => {
  const r = await runMq(['namesrv', 'start', '--port', '70000'], env(t));
  assert.equal(r.code, 1);
  assert.equal(r.stderr.trim(), 'mq: --port must be an integer from 0 to 65535, not "70000"');
});

test('mq namesrv start: bad input: a missing config file: one line naming it, exit 1', async (t) => {
  const { home, env: e } = env(t);
  const file = path.join(home, 'nope.properties');
  const r = await runMq(['namesrv', 'start', '-c', file], { env: e });
  assert.equal(r.code, 1);
  assert.equal(r.stderr.trim(), `mq: cannot read config file ${file}: no such file`);
});

const brokenFiles: Array<[string, string, string, (file: string) => string]> = [
  [
    'a bad value: one line naming the file and the key',
    'ns.properties',
    'listenPort=abc\n',
    (f) => `${f}: bad value for listenPort: "abc"`,
  ],
  ['broken TOML: one line naming the file', 'ns.toml', 'listenPort = = 9\n', (f) => `cannot parse TOML ${f}`],
];
for (const [what, name, text, message] of brokenFiles) {
  test(`mq namesrv start: bad input: ${what}, exit 1`, async (t) => {
    const { home, env: e } = env(t);
    const file = path.join(home, name);
    fs.writeFileSync(file, text);
    const r = await runMq(['namesrv', 'start', '-c', file], { env: e });
    assert.equal(r.code, 1);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.ok(r.stderr.startsWith(`mq: ${message(file)}`), r.stderr);
  });
}

test('mq namesrv start: bad input: a port already taken: one line, exit 1, no pid file left', async (t) => {
  const ns = await startNamesrv(t);
  const r = await runMq(['namesrv', 'start', '--port', String(ns.port)], {
    env: { HOME: ns.home, MQ_RUN_DIR: path.join(ns.home, 'run2') },
  });
  assert.equal(r.code, 1);
  assert.match(r.stderr.trim(), /^mq: .*EADDRINUSE/);
  assert.equal(fs.existsSync(path.join(ns.home, 'run2')), false);
});

test('mq namesrv start: bad input: -p prints every config item and exits 0; unknown keys warn once each; -m prints none', async (t) => {
  const { home, env: e } = env(t);
  const file = path.join(home, 'ns.toml');
  fs.writeFileSync(file, 'listenPort = 19999\nnotAKey = 1\n');
  const r = await runMq(['namesrv', 'start', '-c', file, '-p'], { env: e });
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n').filter((l) => !l.startsWith('# not acted on: '));
  assert.equal(lines[0], `load config properties file OK, ${file}`);
  assert.ok(lines.includes('listenPort=19999'));
  assert.ok(lines.includes(`configStorePath=${file}`));
  // The first line, NamesrvConfig (with RocketMQ 5's four metrics keys) and NettyServerConfig.
  assert.equal(lines.length, 26);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, /notAKey: unknown key, ignored/);
  const m = await runMq(['namesrv', 'start', '-m'], { env: e });
  assert.equal(m.code, 0, m.stderr);
  assert.equal(m.stdout, '');
});
