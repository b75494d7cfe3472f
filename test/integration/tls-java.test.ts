// TLS interop with Apache RocketMQ's Java code. The 4.9.8 Java client with -Dtls.enable=true sends
// and consumes through our name server and broker: in the default permissive mode (trusting any
// certificate, so our self-signed one), and against a cluster enforcing TLS with certificates made
// by openssl, where it verifies the server and presents a client certificate the broker requires,
// on the VIP channel too; without its certificate, or with a key that is not the certificate's, it
// is refused in one log line while others are served. Our client does the same against Java's
// name server and broker started with -Dtls.server.mode=enforcing and a tls.config.file.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Producer } from '../../src/client/producer/producer.js';
import { Message } from '../../src/client/message/message.js';
import { setLogLevel } from '../../src/common/logger.js';
import { makeTestCerts, requireOpenssl, type TestCerts, writeTlsProperties } from '../harness/certs.js';
import { freeBrokerPort, type JavaRun, requireReferees, runJavaClient, startJavaBroker, startJavaNamesrv } from '../harness/java.js';
import { startBroker, startNamesrv } from '../harness/servers.js';
import { sendAndConsumeOverTls } from './tls-support.js';

setLogLevel('error');

function summary(r: JavaRun): string {
  return r.stdout.split('\n').filter((l) => l.startsWith('SUMMARY')).join(' ') ||
    `exit ${r.code}\n${r.stdout.slice(-1500)}\n${r.stderr.slice(-1500)}`;
}

/** What our servers said about TLS, for a failure message. */
let serverLog: () => string = () => '';

async function javaSendAndConsume(namesrvAddr: string, topicName: string, jvmProps: Record<string, string>, count = 50): Promise<void> {
  const env = { NAMESRV_ADDR: namesrvAddr };
  let topic = topicName;
  // A producer that failed does not exit (its client threads live on): 60 s bounds the wait.
  const produce = () =>
    runJavaClient('mqtest.QuickProducer', ['-count', String(count), '-topic', topic], { env, jvmProps, timeoutMs: 60_000 });
  let p = await produce();
  // The Java producer gives its first send 3 s (sendMsgTimeout, not settable from outside), and that
  // includes a fresh JVM's first two TLS handshakes, which on a loaded 2-core machine can take longer.
  // Such a client-side timeout gets one more run, on a fresh topic so the consumer's count stays exact.
  if (p.code !== 0 && /call timeout|RemotingTimeoutException/.test(p.stdout + p.stderr)) {
    topic = `${topicName}Again`;
    p = await produce();
  }
  assert.equal(p.code, 0, `${summary(p)}\nour servers:\n${serverLog()}`);
  assert.match(summary(p), new RegExp(`SUMMARY sent=${count} ok=${count}`));
  const c = await runJavaClient('mqtest.QuickConsumer', [
    '-expect',
    String(count),
    '-timeout',
    '60',
    '-topic',
    topic,
    '-group',
    `${topic}_group`,
  ], {
    env,
    jvmProps,
  });
  assert.equal(c.code, 0, summary(c));
  assert.match(summary(c), new RegExp(`SUMMARY consumed=${count} expected=${count}`));
}

/** Java's client settings that verify the server against our CA and present the client certificate. */
function javaClientProps(certs: TestCerts): Record<string, string> {
  return {
    'tls.enable': 'true',
    'tls.test.mode.enable': 'false',
    'tls.config.file': `${certs.dir}/none.properties`,
    'tls.client.authServer': 'true',
    'tls.client.trustCertPath': certs.ca,
    'tls.client.certPath': certs.client.cert,
    'tls.client.keyPath': certs.client.key,
  };
}

test('the Java client with -Dtls.enable=true against our permissive name server and broker (self-signed)', async (t) => {
  if (!requireReferees(t, 'client')) return;
  const ns = await startNamesrv(t, { env: { TLS_CONFIG_FILE: '' } });
  await startBroker(t, { namesrvAddr: ns.addr, props: { autoCreateTopicEnable: true }, env: { TLS_CONFIG_FILE: '' } });
  await javaSendAndConsume(ns.addr, 'JavaTlsPermissive', { 'tls.enable': 'true', 'tls.config.file': '/nonexistent' });
  // The same port still serves a plain Java client.
  await javaSendAndConsume(ns.addr, 'JavaPlainPermissive', {}, 10);
});

test('the Java client verifying our enforcing cluster, with the client certificate the broker requires', async (t) => {
  if (!requireReferees(t, 'client') || !requireOpenssl(t)) return;
  const certs = makeTestCerts(t);
  const tlsFile = writeTlsProperties(certs.dir, 'tls.properties', {
    'tls.test.mode.enable': false,
    'tls.server.certPath': certs.server.cert,
    'tls.server.keyPath': certs.server.key,
    'tls.server.need.client.auth': 'require',
    'tls.server.authClient': true,
    'tls.server.trustCertPath': certs.ca,
    'tls.client.certPath': certs.client.cert,
    'tls.client.keyPath': certs.client.key,
  });
  const env = { TLS_SERVER_MODE: 'enforcing', TLS_CONFIG_FILE: tlsFile };
  const ns = await startNamesrv(t, { env });
  const broker = await startBroker(t, { namesrvAddr: ns.addr, port: await freeBrokerPort(), props: { autoCreateTopicEnable: true }, env });
  serverLog = () => [...ns.stderr.lines, ...broker.stderr.lines].filter((l) => /TLS|refused|WARN|ERROR/.test(l)).join('\n');
  t.after(() => (serverLog = () => ''));
  await javaSendAndConsume(ns.addr, 'JavaTlsEnforcing', javaClientProps(certs));
  await javaSendAndConsume(ns.addr, 'JavaTlsVip', { ...javaClientProps(certs), 'com.rocketmq.sendMessageWithVIPChannel': 'true' }, 20);

  // Without its certificate the Java client is refused, in one line each time, and nothing else stops.
  const props = javaClientProps(certs);
  delete props['tls.client.certPath'];
  delete props['tls.client.keyPath'];
  const refused = await runJavaClient('mqtest.QuickProducer', ['-count', '1', '-topic', 'JavaTlsEnforcing'], {
    env: { NAMESRV_ADDR: ns.addr },
    jvmProps: props,
    // Only the refusal matters: the client is stopped while it would still be retrying.
    timeoutMs: 15_000,
  });
  assert.doesNotMatch(refused.stdout, /SUMMARY sent=1 ok=1/);
  await ns.stderr.waitFor(/TLS handshake from 127\.0\.0\.1:\d+ refused: no client certificate/);
  // A client certificate with a key that is not its own: Java's client does not check the pair, so
  // the handshake's signature is wrong, and the server says so in one line.
  const mismatched = await runJavaClient('mqtest.QuickProducer', ['-count', '1', '-topic', 'JavaTlsEnforcing'], {
    env: { NAMESRV_ADDR: ns.addr },
    jvmProps: { ...javaClientProps(certs), 'tls.client.keyPath': certs.server.key },
    timeoutMs: 15_000,
  });
  assert.doesNotMatch(mismatched.stdout, /SUMMARY sent=1 ok=1/);
  await ns.stderr.waitFor(/TLS handshake from 127\.0\.0\.1:\d+ refused: .*(bad signature|BAD_SIGNATURE|decrypt)/i);
  await javaSendAndConsume(ns.addr, 'JavaTlsAfterRefusal', javaClientProps(certs), 10);
  assert.match(broker.stderr.text, /the HA port \d+ stays plain TCP/);
});

test('our client against Java name server and broker enforcing TLS', async (t) => {
  if (!requireReferees(t, 'server') || !requireOpenssl(t)) return;
  const certs = makeTestCerts(t);
  const javaTls = writeTlsProperties(certs.dir, 'java-tls.properties', {
    'tls.test.mode.enable': false,
    'tls.server.certPath': certs.server.cert,
    'tls.server.keyPath': certs.server.key,
    'tls.server.need.client.auth': 'none',
    'tls.client.authServer': true,
    'tls.client.trustCertPath': certs.ca,
  });
  const jvmProps = { 'tls.server.mode': 'enforcing', 'tls.config.file': javaTls, 'tls.enable': 'true' };
  const ns = await startJavaNamesrv(t, { jvmProps });
  await startJavaBroker(t, ns.addr, {}, {}, { jvmProps });
  const tls = { 'tls.test.mode.enable': false, 'tls.client.authServer': true, 'tls.client.trustCertPath': certs.ca, 'tls.config.file': '' };
  await sendAndConsumeOverTls(t, { namesrvAddr: ns.addr, topic: 'OursOverJavaTls', group: 'tls_java', tls });
  const topic = 'OursOverJavaTls';
  // A plain client is refused by Java's enforcing name server.
  const plain = new Producer({ producerGroup: 'tls_java_plain', namesrvAddr: ns.addr, useTLS: false, sendMsgTimeout: 3000 });
  await plain.start();
  t.after(() => plain.shutdown());
  await assert.rejects(plain.send(new Message(topic, 'plain')));
});
