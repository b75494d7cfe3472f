// TLS across our own cluster, started through the CLI with certificates made by openssl: a name
// server enforcing TLS from tls.* keys in its config file, a broker enforcing TLS from TLS_SERVER_MODE
// and a tls.properties file (tls.config.file) that also makes it verify the name server when it
// registers. Our producer and consumer move messages over TLS, on the VIP channel too; mq admin and
// mq tools work with --tls and are refused without it, and the servers log each refusal in one line.
// `mq start` enforcing TLS registers its broker and serves its dashboard over TLS, as does mq dashboard --tls.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Producer } from '../../src/client/producer/producer.js';
import { Message } from '../../src/client/message/message.js';
import { setLogLevel } from '../../src/common/logger.js';
import { makeTestCerts, requireOpenssl, writeTlsProperties } from '../harness/certs.js';
import { sendAndConsumeOverTls } from './tls-support.js';
import { freeBrokerPort } from '../harness/java.js';
import { runMq, spawnMq, startBroker, startMqAll, startNamesrv } from '../harness/servers.js';
import { apiGet } from './dashboard-support.js';

setLogLevel('error');

test('our name server and broker enforcing TLS: clients, admin and tools with and without TLS', async (t) => {
  if (!requireOpenssl(t)) return;
  const certs = makeTestCerts(t);
  const serverKeys = `tls.test.mode.enable=false\ntls.server.certPath=${certs.server.cert}\ntls.server.keyPath=${certs.server.key}\n`;
  const noFile = { TLS_CONFIG_FILE: '' };
  const ns = await startNamesrv(t, { config: `tls.server.mode=enforcing\n${serverKeys}`, env: noFile });
  await ns.stderr.waitFor(/TLS enforcing with tls\.server\.certPath, no client certificates on port \d+/);

  const tlsFile = writeTlsProperties(certs.dir, 'broker-tls.properties', {
    'tls.test.mode.enable': false,
    'tls.server.certPath': certs.server.cert,
    'tls.server.keyPath': certs.server.key,
    'tls.client.authServer': true,
    'tls.client.trustCertPath': certs.ca,
  });
  const broker = await startBroker(t, {
    namesrvAddr: ns.addr,
    // A fixed port, so the VIP channel is two below it where clients look for it.
    port: await freeBrokerPort(),
    props: { autoCreateTopicEnable: true },
    env: { TLS_SERVER_MODE: 'enforcing', TLS_CONFIG_FILE: tlsFile },
  });
  const note = await broker.stderr.waitFor(/TLS enforcing .* on ports (\d+) and (\d+); the HA port (\d+) stays plain TCP/);
  assert.equal(Number(note[1]), broker.port);
  assert.equal(Number(note[2]), broker.vipPort);

  const tls = { 'tls.test.mode.enable': false, 'tls.client.authServer': true, 'tls.client.trustCertPath': certs.ca, 'tls.config.file': '' };
  await t.test('our producer and consumer over TLS, on the VIP channel too', async () => {
    for (const vipChannelEnabled of [false, true]) {
      const topic = `TlsTopic${vipChannelEnabled ? 'Vip' : ''}`;
      await sendAndConsumeOverTls(t, { namesrvAddr: ns.addr, topic, group: `tls_${vipChannelEnabled}`, tls, vipChannelEnabled });
    }
  });

  await t.test('mq admin and mq tools: --tls works, plain text is refused in one line', async () => {
    const env = { TLS_CONFIG_FILE: '' };
    const ok = await runMq(['admin', 'clusterList', '-n', ns.addr, '--tls'], { env });
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /TestCluster\s+broker-t\s+0\s+127\.0\.0\.1:\d+/);
    const viaJavaOpt = await runMq(['admin', 'topicRoute', '-n', ns.addr, '-t', 'TlsTopic'], {
      env: { ...env, JAVA_OPT: '-Dtls.enable=true' },
    });
    assert.equal(viaJavaOpt.code, 0, viaJavaOpt.stderr);
    const refused = await runMq(['admin', 'clusterList', '-n', ns.addr], { env });
    assert.equal(refused.code, 1);
    assert.equal(refused.stderr.trim().split('\n').filter((l) => l.startsWith('mq:')).length, 1, refused.stderr);
    await ns.stderr.waitFor(/plain-text connection from 127\.0\.0\.1:\d+ refused: namesrv runs with tls\.server\.mode=enforcing/);
    const tools = await runMq(['tools', 'producer', '-n', ns.addr, '-c', '3', '-t', 'TlsTopic', '--tls'], { env });
    assert.equal(tools.code, 0, tools.stderr);
    assert.equal(tools.stdout.match(/sendStatus=SEND_OK/g)?.length, 3, tools.stdout);
  });

  await t.test('a client that trusts another CA is refused; the broker logs it and keeps serving', async () => {
    const p = new Producer({
      producerGroup: 'tls_pg_stranger',
      namesrvAddr: ns.addr,
      useTLS: true,
      tls: { ...tls, 'tls.client.trustCertPath': certs.stranger.cert },
      sendMsgTimeout: 3000,
      retryTimesWhenSendFailed: 0,
    });
    await p.start();
    t.after(() => p.shutdown());
    await assert.rejects(p.send(new Message('TlsTopic', 'x')), /TLS handshake with 127\.0\.0\.1:\d+ failed|No route info|route/);
    await ns.stderr.waitFor(/TLS handshake from 127\.0\.0\.1:\d+ refused/);
    const again = await runMq(['admin', 'brokerStatus', '-n', ns.addr, '-b', broker.addr, '--tls'], { env: { TLS_CONFIG_FILE: '' } });
    assert.equal(again.code, 0, again.stderr);
  });
});

test('mq start enforcing TLS in test mode: the broker registers, its dashboard and mq dashboard --tls read the cluster over TLS', async (t) => {
  const env = { TLS_SERVER_MODE: 'enforcing', TLS_CONFIG_FILE: '' };
  const mq = await startMqAll(t, { env });
  const [, url] = await mq.stdout.waitFor(/^Dashboard on (http:\/\/127\.0\.0\.1:\d+\/)/, 10_000);
  const cluster = await apiGet(url!, '/api/cluster');
  assert.deepEqual(cluster.brokers.map((b: { addr: string }) => b.addr), [mq.brokerAddr]);
  const ok = await runMq(['admin', 'clusterList', '-n', mq.namesrvAddr, '--tls'], { env: { TLS_CONFIG_FILE: '' } });
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, new RegExp(`DefaultCluster\\s+broker-a\\s+0\\s+${mq.brokerAddr.replace(/\./g, '\\.')}`));
  const plain = await runMq(['admin', 'clusterList', '-n', mq.namesrvAddr], { env: { TLS_CONFIG_FILE: '' } });
  assert.equal(plain.code, 1, plain.stdout);

  const dashboard = spawnMq(['dashboard', '-n', mq.namesrvAddr, '--port', '0', '--tls'], { TLS_CONFIG_FILE: '' });
  t.after(async () => {
    dashboard.signal('SIGKILL');
    await dashboard.exited;
  });
  const [, url2] = await dashboard.stdout.waitFor(/^Dashboard on (http:\/\/127\.0\.0\.1:\d+\/)/, 30_000);
  assert.deepEqual((await apiGet(url2!, '/api/cluster')).brokers.map((b: { addr: string }) => b.addr), [mq.brokerAddr]);
});
