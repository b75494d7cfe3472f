// Certificates for TLS tests, made with the `openssl` command at test time in a temp dir (no key is
// ever committed): a CA, a server certificate for 127.0.0.1 and localhost, a client certificate,
// an expired server certificate (notAfter a day before notBefore, so expired from its first
// second), and a certificate whose key belongs to another one. EC P-256 keys: fast to make, and
// taken by every runtime and by Java. CI sets MQ_REQUIRE_OPENSSL=1, so there a missing openssl
// fails instead of skipping.

import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { tmpDir } from './tmp.js';

export interface CertFiles {
  cert: string;
  key: string;
}

export interface TestCerts {
  dir: string;
  /** The CA's certificate (trust it to verify the others). */
  ca: string;
  server: CertFiles;
  client: CertFiles;
  /** A server certificate that expired before it was made. */
  expired: CertFiles;
  /** The server certificate with the client's key. */
  mismatched: CertFiles;
  /** A client certificate signed by a CA nobody trusts. */
  stranger: CertFiles;
}

let available: boolean | undefined;

/** Why TLS tests cannot run here, or null. */
export function opensslUnavailable(): string | null {
  available ??= spawnSync('openssl', ['version'], { stdio: 'ignore' }).status === 0;
  if (available) return null;
  return 'openssl is not installed: TLS tests make their certificates with it at test time';
}

/** Skips the test (or fails it under MQ_REQUIRE_OPENSSL) when openssl is missing; true when it can run. */
export function requireOpenssl(t: TestContext): boolean {
  const why = opensslUnavailable();
  if (!why) return true;
  if (process.env.MQ_REQUIRE_OPENSSL) throw new Error(why);
  t.skip(why);
  return false;
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

function makeCa(dir: string, name: string): void {
  openssl(dir, ['req', '-x509', ...EC, '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '30', '-subj', `/CN=${name}`]);
}

function signed(dir: string, name: string, ca: string, cn: string, days: number, ext?: string): CertFiles {
  openssl(dir, ['req', ...EC, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`]);
  const extArgs = ext ? ['-extfile', 'ext.cnf'] : [];
  if (ext) fs.writeFileSync(path.join(dir, 'ext.cnf'), ext);
  openssl(dir, [
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    `${ca}.pem`,
    '-CAkey',
    `${ca}.key`,
    '-CAcreateserial',
    '-days',
    String(days),
    ...extArgs,
    '-out',
    `${name}.pem`,
  ]);
  return { cert: path.join(dir, `${name}.pem`), key: path.join(dir, `${name}.key`) };
}

/** A fresh set of certificates in a temp dir removed after the test. */
export function makeTestCerts(t: { after(fn: () => unknown): void }): TestCerts {
  const dir = tmpDir('mq-tls-', t);
  makeCa(dir, 'ca');
  makeCa(dir, 'other-ca');
  const san = 'subjectAltName=IP:127.0.0.1,DNS:localhost\n';
  const server = signed(dir, 'server', 'ca', 'localhost', 30, san);
  const client = signed(dir, 'client', 'ca', 'mq-test-client', 30);
  const expired = signed(dir, 'expired', 'ca', 'localhost', -1, san);
  const stranger = signed(dir, 'stranger', 'other-ca', 'stranger', 30);
  return { dir, ca: path.join(dir, 'ca.pem'), server, client, expired, mismatched: { cert: server.cert, key: client.key }, stranger };
}

/** A tls.properties file with `props`, as Java's tls.config.file. */
export function writeTlsProperties(dir: string, name: string, props: Record<string, string | boolean>): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, Object.entries(props).map(([k, v]) => `${k}=${v}`).join('\n') + '\n');
  return file;
}
