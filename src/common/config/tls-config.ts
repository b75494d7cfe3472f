// TlsSystemConfig: RocketMQ 4.9's `tls.*` settings, with Java's keys and defaults. Java reads them
// as JVM system properties, and then lets `tls.config.file` (default /etc/rocketmq/tls.properties)
// override every key but the server mode and `tls.enable`. A JS runtime has no system properties,
// so they come from, lowest first:
//   1. `-Dtls.<key>=<value>` tokens in the JAVA_OPT environment variable (what Java's start
//      scripts pass on), then
//   2. environment variables named after the key in capitals with `_` for `.` (TLS_ENABLE,
//      TLS_SERVER_MODE, TLS_SERVER_KEYPATH, TLS_CONFIG_FILE...), then
//   3. the caller's overrides: `tls.*` keys in a server's -c config file, or client options, then
//   4. the file named by `tls.config.file`, when it exists (not for mode, enable and the file itself).

import fs from 'node:fs';
import { ConfigError } from '../errors.js';
import { parseProperties } from './properties.js';
import { bool, type ConfigOf, defineConfig, oneOf, str } from './schema.js';
import { OPTIONAL_PATH } from './value-rules.js';

export const TLS_MODES = ['disabled', 'permissive', 'enforcing'] as const;
export type TlsMode = typeof TLS_MODES[number];

export const TlsConfigDef = defineConfig('TlsSystemConfig', {
  'tls.server.mode': oneOf(TLS_MODES, 'permissive', 'Java default: a port takes TLS and plain text, told apart by the first byte'),
  'tls.enable': bool(false, 'Clients connect in plain text unless told otherwise, as Java clients'),
  'tls.config.file': str('/etc/rocketmq/tls.properties', 'Java default; read only when it exists', OPTIONAL_PATH),
  'tls.test.mode.enable': bool(true, 'Java default: servers use a self-signed certificate, clients trust any'),
  'tls.server.need.client.auth': oneOf(['none', 'optional', 'require'], 'none', 'Whether a server asks for client certificates'),
  'tls.server.keyPath': str('', 'PEM private key of the server (PKCS#8 or PKCS#1, optionally encrypted)', OPTIONAL_PATH),
  'tls.server.keyPassword': str('', 'Passphrase of an encrypted server key'),
  'tls.server.certPath': str('', 'PEM certificate chain of the server', OPTIONAL_PATH),
  'tls.server.authClient': bool(false, 'Verify client certificates against the trusted ones (Java: else any is taken)'),
  'tls.server.trustCertPath': str('', 'PEM certificates trusted for client certificates (empty: the runtime roots)', OPTIONAL_PATH),
  'tls.client.keyPath': str('', 'PEM private key of the client certificate, if any', OPTIONAL_PATH),
  'tls.client.keyPassword': str('', 'Passphrase of an encrypted client key'),
  'tls.client.certPath': str('', 'PEM certificate chain a client presents, if any', OPTIONAL_PATH),
  'tls.client.authServer': bool(false, 'Verify server certificates (Java: else any is taken)'),
  'tls.client.trustCertPath': str('', 'PEM certificates trusted for server certificates (empty: the runtime roots)', OPTIONAL_PATH),
});

export type TlsConfig = ConfigOf<typeof TlsConfigDef.spec>;
export type TlsKey = keyof TlsConfig;

/** Keys `tls.config.file` may not set, as in Java's TlsHelper. */
const NOT_FROM_FILE: ReadonlySet<string> = new Set(['tls.server.mode', 'tls.enable', 'tls.config.file']);

/** The environment variable standing for a key: `tls.server.keyPath` -> TLS_SERVER_KEYPATH. */
export function tlsEnvName(key: string): string {
  return key.toUpperCase().replace(/\./g, '_');
}

/** `-Dtls.x=y` tokens of a JAVA_OPT-style string (quotes are not interpreted, as in the shell scripts). */
export function tlsPropsFromJavaOpt(javaOpt: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const token of (javaOpt ?? '').split(/\s+/)) {
    const m = /^-D(tls\.[^=]+)=(.*)$/.exec(token);
    if (m) out.set(m[1]!, m[2]!);
  }
  return out;
}

/** Keys some source set, per resolved config: Java's broker asks whether tls.enable was given at all. */
const givenKeys = new WeakMap<TlsConfig, Set<string>>();

function applyKnown(cfg: TlsConfig, pairs: Iterable<[string, unknown]>, where: string, skip?: ReadonlySet<string>): void {
  for (const [rawKey, value] of pairs) {
    const key = rawKey.trim();
    if (TlsConfigDef.resolveKey(key) === undefined || skip?.has(key)) continue;
    try {
      TlsConfigDef.set(cfg, key, value);
    } catch (err) {
      throw new ConfigError(`${where}: ${(err as Error).message}`);
    }
    givenKeys.get(cfg)?.add(key);
  }
}

/**
 * Whether a broker reaches its name servers over TLS when its config file does not say (useTLS):
 * tls.enable when some source set it, else whether its own ports enforce TLS (Java's BrokerStartup).
 */
export function brokerClientUsesTls(cfg: TlsConfig): boolean {
  return givenKeys.get(cfg)?.has('tls.enable') ? cfg['tls.enable'] : cfg['tls.server.mode'] === 'enforcing';
}

/**
 * The effective settings, resolved in the order the file header gives. `overrides` holds keys a
 * server's config file or a client's options set; other keys in it are ignored.
 */
export function resolveTlsConfig(
  overrides: Iterable<[string, unknown]> = [],
  env: NodeJS.ProcessEnv = process.env,
): TlsConfig {
  const cfg = TlsConfigDef.defaults();
  givenKeys.set(cfg, new Set());
  applyKnown(cfg, tlsPropsFromJavaOpt(env.JAVA_OPT), 'JAVA_OPT');
  for (const key of Object.keys(TlsConfigDef.spec)) {
    const v = env[tlsEnvName(key)];
    if (v !== undefined && v !== '') applyKnown(cfg, [[key, v]], tlsEnvName(key));
  }
  applyKnown(cfg, overrides, 'TLS settings');
  const file = cfg['tls.config.file'];
  let text: string | undefined;
  try {
    if (file && fs.statSync(file).isFile()) text = fs.readFileSync(file, 'utf8');
  } catch {
    // Java skips a file that is missing or unreadable; so do we.
  }
  if (text !== undefined) applyKnown(cfg, parseProperties(text), file, NOT_FROM_FILE);
  return cfg;
}

/** The settings as `key=value` words for a log line; passwords are only said to be set. */
export function describeTlsConfig(cfg: TlsConfig): string {
  return Object.entries(cfg)
    .filter(([k, v]) => v !== '' && k !== 'tls.config.file')
    .map(([k, v]) => `${k}=${/Password$/.test(k) ? '***' : String(v)}`)
    .join(' ');
}
