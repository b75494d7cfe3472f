// TLS on a RemotingServer and RemotingClient over loopback, with certificates made by openssl at
// test time: the three server modes on one port, client certificates required and verified, and
// the bad input (plain text to an enforcing port, an expired certificate, an unknown CA, no client
// certificate) each refused with one log line while a connected client keeps being served.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { RemotingServer } from '../../../src/remoting/server.js';
import { RemotingClient } from '../../../src/remoting/client.js';
import { createRequest, createResponse } from '../../../src/remoting/command.js';
import { RemotingTlsError } from '../../../src/remoting/errors.js';
import { ResponseCode } from '../../../src/remoting/response-code.js';
import { type ClientTlsOptions, clientTlsOptions, ServerTls } from '../../../src/remoting/tls.js';
import { parsePemCertificates, verifyChain } from '../../../src/remoting/tls-verify.js';
import { makeSelfSignedCertificate } from '../../../src/remoting/tls-self-signed.js';
import { resolveTlsConfig, type TlsConfig, type TlsKey } from '../../../src/common/config/tls-config.js';
import { ConfigError } from '../../../src/common/errors.js';
import { setLogLevel, setLogSink } from '../../../src/common/logger.js';
import { makeTestCerts, requireOpenssl, type TestCerts } from '../../harness/certs.js';
import fs from 'node:fs';

type Ctx = { after(fn: () => unknown): void };

/** tls.* settings from `props` alone: no environment, and no tls.config.file. */
function tlsConfig(props: Partial<Record<TlsKey, string | boolean>>): TlsConfig {
  return resolveTlsConfig(Object.entries({ 'tls.config.file': '', ...props }), {});
}

/** Captures warning lines for the test; restores stderr logging after it. */
function captureLog(t: Ctx): string[] {
  const lines: string[] = [];
  setLogLevel('warn');
  setLogSink((l) => lines.push(l));
  t.after(() => {
    setLogSink((l) => process.stderr.write(l + '\n'));
    setLogLevel('silent');
  });
  return lines;
}

async function echoServer(t: Ctx, cfg: TlsConfig): Promise<string> {
  const server = new RemotingServer('test', new ServerTls(cfg));
  server.registerProcessor(1000, (req) => createResponse(req, ResponseCode.SUCCESS, 'echo', { x: req.extFields?.x ?? '' }));
  const port = await server.listen(0, '127.0.0.1');
  t.after(() => server.close());
  return `127.0.0.1:${port}`;
}

function client(t: Ctx, tls?: ClientTlsOptions): RemotingClient {
  const c = new RemotingClient(tls ? { tls, connectTimeoutMs: 5000 } : { connectTimeoutMs: 5000 });
  t.after(() => c.close());
  return c;
}

async function echo(c: RemotingClient, addr: string, x: string): Promise<string | undefined> {
  const res = await c.invoke(addr, createRequest(1000, { x }), 5000);
  return res.extFields?.x;
}

/** Waits until a captured line matches, or fails after 5 s. */
async function lineMatching(lines: string[], re: RegExp): Promise<string> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const hit = lines.find((l) => re.test(l));
    if (hit) return hit;
    if (Date.now() > deadline) assert.fail(`no log line matches ${re}:\n${lines.join('\n')}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const trustingClient = (certs: TestCerts, extra: Partial<Record<TlsKey, string | boolean>> = {}) =>
  clientTlsOptions(
    tlsConfig({ 'tls.test.mode.enable': false, 'tls.client.authServer': true, 'tls.client.trustCertPath': certs.ca, ...extra }),
  );

const serverProps = (certs: TestCerts, mode: string, extra: Partial<Record<TlsKey, string | boolean>> = {}) =>
  tlsConfig({
    'tls.server.mode': mode,
    'tls.test.mode.enable': false,
    'tls.server.certPath': certs.server.cert,
    'tls.server.keyPath': certs.server.key,
    ...extra,
  });

test('a self-signed certificate verifies with its own key and is valid now', () => {
  const { cert, key } = makeSelfSignedCertificate('mq');
  const x = new crypto.X509Certificate(cert);
  assert.equal(x.subject, 'CN=mq');
  assert.ok(x.verify(x.publicKey));
  assert.ok(x.checkPrivateKey(crypto.createPrivateKey(key)));
  assert.equal(verifyChain([x], [x]), null);
});

test('permissive test mode: a plain client and a TLS client on the same port', async (t) => {
  const addr = await echoServer(t, tlsConfig({}));
  const plain = client(t);
  const secure = client(t, clientTlsOptions(tlsConfig({ 'tls.enable': true })));
  assert.equal(await echo(plain, addr, 'plain'), 'plain');
  assert.equal(await echo(secure, addr, 'tls'), 'tls');
  const conn = await secure.getConnection(addr);
  assert.equal((conn.socket as import('node:tls').TLSSocket).encrypted, true);
  assert.equal((await plain.getConnection(addr)).socket.constructor.name === 'TLSSocket', false);
});

test('enforcing: plain text is refused with one line, TLS verified against the CA works', async (t) => {
  if (!requireOpenssl(t)) return;
  const certs = makeTestCerts(t);
  const lines = captureLog(t);
  const addr = await echoServer(t, serverProps(certs, 'enforcing'));
  const secure = client(t, trustingClient(certs));
  assert.equal(await echo(secure, addr, 'a'), 'a');
  await assert.rejects(echo(client(t), addr, 'plain'));
  const line = await lineMatching(lines, /plain-text connection from 127\.0\.0\.1:\d+ refused/);
  assert.match(line, /tls\.server\.mode=enforcing/);
  assert.equal(await echo(secure, addr, 'b'), 'b', 'the TLS client is still served');
});

test('disabled: a TLS handshake is refused with one line, plain text works', async (t) => {
  const lines = captureLog(t);
  const addr = await echoServer(t, tlsConfig({ 'tls.server.mode': 'disabled' }));
  const plain = client(t);
  assert.equal(await echo(plain, addr, 'p'), 'p');
  await assert.rejects(echo(client(t, { rejectUnauthorized: false }), addr, 'tls'), RemotingTlsError);
  await lineMatching(lines, /TLS handshake from 127\.0\.0\.1:\d+ refused: test runs with tls\.server\.mode=disabled/);
  assert.equal(await echo(plain, addr, 'q'), 'q');
});

test('client certificates required and verified: good, missing, unknown CA and expired', async (t) => {
  if (!requireOpenssl(t)) return;
  const certs = makeTestCerts(t);
  const lines = captureLog(t);
  const addr = await echoServer(
    t,
    serverProps(certs, 'enforcing', {
      'tls.server.need.client.auth': 'require',
      'tls.server.authClient': true,
      'tls.server.trustCertPath': certs.ca,
    }),
  );
  const good = client(t, trustingClient(certs, { 'tls.client.certPath': certs.client.cert, 'tls.client.keyPath': certs.client.key }));
  assert.equal(await echo(good, addr, 'good'), 'good');

  const refusals: Array<[string, Partial<Record<TlsKey, string>>, RegExp]> = [
    ['no certificate', {}, /no client certificate \(tls\.server\.need\.client\.auth=require\)/],
    ['unknown CA', { 'tls.client.certPath': certs.stranger.cert, 'tls.client.keyPath': certs.stranger.key }, /"CN=stranger": UNABLE_TO/],
    ['expired', { 'tls.client.certPath': certs.expired.cert, 'tls.client.keyPath': certs.expired.key }, /"CN=localhost": CERT_HAS_EXPIRED/],
  ];
  for (const [what, props, re] of refusals) {
    const before = lines.length;
    await assert.rejects(echo(client(t, trustingClient(certs, props)), addr, what), `${what} must be refused`);
    const line = await lineMatching(lines.slice(before), re);
    assert.match(line, /TLS handshake from 127\.0\.0\.1:\d+ refused/);
    assert.equal(await echo(good, addr, what), what, `served after refusing ${what}`);
  }
});

test('a client that verifies refuses an expired server certificate; the server logs it and serves others', async (t) => {
  if (!requireOpenssl(t)) return;
  const certs = makeTestCerts(t);
  const lines = captureLog(t);
  const addr = await echoServer(
    t,
    tlsConfig({ 'tls.test.mode.enable': false, 'tls.server.certPath': certs.expired.cert, 'tls.server.keyPath': certs.expired.key }),
  );
  assert.ok(lines.some((l) => /tls\.server\.certPath .* expired on/.test(l)), 'start-up warns about the expired certificate');
  const err = await echo(client(t, trustingClient(certs)), addr, 'x').then(() => null, (e: unknown) => e);
  assert.ok(err instanceof RemotingTlsError, String(err));
  assert.match(err.message, /^TLS handshake with 127\.0\.0\.1:\d+ failed: .*(expired|EXPIRED)/);
  await lineMatching(lines, /TLS handshake from 127\.0\.0\.1:\d+ refused: .*(expired|EXPIRED|alert|ECONNRESET|closed)/i);
  // A client that trusts any certificate (authServer=false) is still served, and so is plain text.
  assert.equal(await echo(client(t, { rejectUnauthorized: false }), addr, 'y'), 'y');
  assert.equal(await echo(client(t), addr, 'z'), 'z');
});

test('a certificate that does not match its key, or missing files, fail at start-up naming the keys', (t) => {
  if (!requireOpenssl(t)) return;
  const certs = makeTestCerts(t);
  const mismatch = { 'tls.server.certPath': certs.mismatched.cert, 'tls.server.keyPath': certs.mismatched.key };
  assert.throws(() => new ServerTls(serverProps(certs, 'permissive', mismatch)), (e: unknown) => {
    assert.ok(e instanceof ConfigError);
    assert.match(e.message, /tls\.server\.certPath .*server\.pem does not match the private key in tls\.server\.keyPath .*client\.key/);
    return true;
  });
  assert.throws(
    () => trustingClient(certs, { 'tls.client.certPath': certs.mismatched.cert, 'tls.client.keyPath': certs.mismatched.key }),
    /tls\.client\.certPath .* does not match/,
  );
  assert.throws(
    () => new ServerTls(serverProps(certs, 'enforcing', { 'tls.server.certPath': '/nonexistent.pem' })),
    /tls\.server\.certPath \/nonexistent\.pem: no such file/,
  );
  assert.throws(
    () => new ServerTls(tlsConfig({ 'tls.test.mode.enable': false })),
    /tls\.server\.certPath and tls\.server\.keyPath must be set/,
  );
  // Disabled mode reads nothing.
  assert.equal(new ServerTls(serverProps(certs, 'disabled', mismatch)).mode, 'disabled');
});

test('an encrypted server key is read with tls.server.keyPassword; a wrong one is named', (t) => {
  if (!requireOpenssl(t)) return;
  const certs = makeTestCerts(t);
  const key = crypto.createPrivateKey(fs.readFileSync(certs.server.key));
  const encrypted = `${certs.dir}/server-enc.key`;
  fs.writeFileSync(encrypted, key.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'secret' }));
  const props = { 'tls.server.keyPath': encrypted };
  assert.equal(new ServerTls(serverProps(certs, 'enforcing', { ...props, 'tls.server.keyPassword': 'secret' })).mode, 'enforcing');
  assert.throws(
    () => new ServerTls(serverProps(certs, 'enforcing', { ...props, 'tls.server.keyPassword': 'wrong' })),
    /wrong tls\.server\.keyPassword/,
  );
});

test('verifyChain: issuer, CA flag, dates', (t) => {
  if (!requireOpenssl(t)) return;
  const certs = makeTestCerts(t);
  const read = (f: string) => parsePemCertificates(fs.readFileSync(f, 'utf8'));
  const ca = read(certs.ca);
  assert.equal(verifyChain(read(certs.client.cert), ca), null);
  assert.equal(verifyChain(read(certs.expired.cert), ca), 'CERT_HAS_EXPIRED');
  assert.equal(verifyChain(read(certs.stranger.cert), ca), 'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  assert.equal(verifyChain(read(certs.client.cert), ca, Date.now() + 400 * 86_400_000), 'CERT_HAS_EXPIRED');
  assert.equal(verifyChain([], ca), 'NO_PEER_CERTIFICATE');
  // A leaf is no CA: a certificate it "issued" is not trusted through it.
  assert.equal(verifyChain(read(certs.client.cert), read(certs.server.cert)), 'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
});
