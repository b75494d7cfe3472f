// TLS for the remoting ports, as RocketMQ 4.9's TlsHelper builds it from the `tls.*` settings
// (src/common/config/tls-config.ts). A server in permissive or enforcing mode looks at the first
// byte a client sends: 0x16 opens a TLS handshake (a plain frame cannot start with it: its length
// would exceed the 16 MiB limit), anything else is a plain frame, served in permissive mode and
// refused in enforcing mode. In disabled mode a handshake is refused. Files are read and checked at
// start-up (a key that does not fit its certificate, or a wrong passphrase, fails there with the
// keys named), because Deno's TLS stack would accept both and fail every handshake later.

import crypto from 'node:crypto';
import fs from 'node:fs';
import type net from 'node:net';
import tls from 'node:tls';
import type { TlsConfig, TlsMode } from '../common/config/tls-config.js';
import { ConfigError } from '../common/errors.js';
import { getLogger } from '../common/logger.js';
import { makeSelfSignedCertificate } from './tls-self-signed.js';
import { parsePemCertificates, peerChain, verifyChain } from './tls-verify.js';

const log = getLogger('remoting');

/** The first byte of every TLS record that carries a handshake (a ClientHello opens one). */
export const TLS_HANDSHAKE_BYTE = 0x16;
/** A peer that starts a handshake and does not finish it is dropped after this long (Netty's default). */
const HANDSHAKE_TIMEOUT_MS = 10_000;

function readPem(key: string, file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConfigError(`${key} ${file}: ${code === 'ENOENT' ? 'no such file' : code ?? String(err)}`);
  }
}

function trustedFrom(key: string, file: string): { pem: string; certs: crypto.X509Certificate[] } {
  const pem = readPem(key, file);
  const certs = parsePemCertificates(pem);
  if (certs.length === 0) throw new ConfigError(`${key} ${file}: no PEM certificate in it`);
  return { pem, certs };
}

interface KeyPair {
  cert: string;
  /** Decrypted, as PKCS#8 PEM. */
  key: string;
}

/** The certificate and key of one side, checked to belong together; undefined when neither is set. */
function loadKeyPair(cfg: TlsConfig, side: 'server' | 'client'): KeyPair | undefined {
  const certKey = `tls.${side}.certPath` as const;
  const keyKey = `tls.${side}.keyPath` as const;
  const certPath = cfg[certKey];
  const keyPath = cfg[keyKey];
  if (!certPath && !keyPath) return undefined;
  if (!certPath || !keyPath) {
    throw new ConfigError(`${certPath ? keyKey : certKey} must be set together with ${certPath ? certKey : keyKey}`);
  }
  const certPem = readPem(certKey, certPath);
  const certs = parsePemCertificates(certPem);
  if (certs.length === 0) throw new ConfigError(`${certKey} ${certPath}: no PEM certificate in it`);
  let key: crypto.KeyObject;
  try {
    const password = cfg[`tls.${side}.keyPassword`];
    key = crypto.createPrivateKey({ key: readPem(keyKey, keyPath), passphrase: password || undefined });
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw new ConfigError(`${keyKey} ${keyPath}: not a private key, or a wrong tls.${side}.keyPassword (${(err as Error).message})`);
  }
  const leaf = certs[0]!;
  if (!leaf.checkPrivateKey(key)) throw new ConfigError(`${certKey} ${certPath} does not match the private key in ${keyKey} ${keyPath}`);
  const validTo = Date.parse(leaf.validTo);
  if (validTo < Date.now()) {
    log.warn(`${certKey} ${certPath} expired on ${new Date(validTo).toISOString()}: peers that verify it will refuse the handshake`);
  }
  return { cert: certPem, key: key.export({ type: 'pkcs8', format: 'pem' }) as string };
}

/** One line for a TLS failure, without OpenSSL's file-and-line noise. */
export function describeTlsError(err: unknown): string {
  const e = err as { reason?: string; code?: string; message?: string };
  const text = e.reason ?? String(e.message ?? err).split('\n')[0]!.replace(/^[0-9A-F]+:error:[0-9A-F]+:/, '');
  return e.code && !text.includes(e.code) ? `${text} (${e.code})` : text;
}

/** A server's side of TLS: its mode, and the handshake of each connection that starts one. */
export class ServerTls {
  readonly mode: TlsMode;
  private context: tls.SecureContext | undefined;
  private readonly testMode: boolean;
  private readonly requestCert: boolean;
  private readonly needCert: boolean;
  private readonly trusted: crypto.X509Certificate[] | undefined;
  private readonly clientAuth: string;

  constructor(cfg: TlsConfig) {
    this.mode = cfg['tls.server.mode'];
    this.testMode = cfg['tls.test.mode.enable'];
    // Test mode asks for no client certificate (Java asks, optionally, and checks it against the JDK's roots).
    this.clientAuth = this.testMode ? 'none' : cfg['tls.server.need.client.auth'];
    this.requestCert = this.clientAuth !== 'none';
    this.needCert = this.clientAuth === 'require';
    let trust: { pem: string; certs: crypto.X509Certificate[] } | undefined;
    if (this.requestCert && cfg['tls.server.authClient']) {
      const file = cfg['tls.server.trustCertPath'];
      trust = file
        ? trustedFrom('tls.server.trustCertPath', file)
        : { pem: '', certs: tls.rootCertificates.map((p) => new crypto.X509Certificate(p)) };
    }
    this.trusted = trust?.certs;
    if (this.mode === 'disabled' || this.testMode) return;
    const pair = loadKeyPair(cfg, 'server');
    if (!pair) throw new ConfigError('tls.server.certPath and tls.server.keyPath must be set when tls.test.mode.enable=false');
    // The trusted names go into the CertificateRequest: Java clients pick a certificate issued by one of them.
    this.context = tls.createSecureContext({ cert: pair.cert, key: pair.key, ...(trust?.pem ? { ca: trust.pem } : {}) });
  }

  /** For the start-up line. */
  describe(): string {
    const cert = this.testMode ? 'a self-signed certificate (tls.test.mode.enable=true)' : 'tls.server.certPath';
    const auth = this.clientAuth === 'none'
      ? 'no client certificates'
      : `client certificates ${this.clientAuth === 'require' ? 'required' : 'optional'}${this.trusted ? ' and verified' : ''}`;
    return `TLS ${this.mode} with ${cert}, ${auth}`;
  }

  private secureContext(): tls.SecureContext {
    // Made on the first handshake: a server in the default mode that never sees one never pays for a key.
    if (!this.context) {
      const { cert, key } = makeSelfSignedCertificate();
      this.context = tls.createSecureContext({ cert, key });
    }
    return this.context;
  }

  /**
   * Takes over an accepted socket whose first byte opened a handshake (that byte is back in the
   * socket's buffer) and calls `onSecure` with the TLS socket once the peer is accepted. A refused
   * peer costs one warning line and its own connection only.
   */
  accept(socket: net.Socket, peer: string, onSecure: (s: tls.TLSSocket) => void): tls.TLSSocket {
    const s = new tls.TLSSocket(socket, {
      isServer: true,
      secureContext: this.secureContext(),
      requestCert: this.requestCert,
      rejectUnauthorized: false,
    });
    let done = false;
    const refuse = (why: string) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      log.warn(`TLS handshake from ${peer} refused: ${why}`);
      s.destroy();
    };
    const timer = setTimeout(() => refuse(`not finished within ${HANDSHAKE_TIMEOUT_MS} ms`), HANDSHAKE_TIMEOUT_MS);
    timer.unref?.();
    const onError = (err: unknown) => refuse(describeTlsError(err));
    const onClose = () => refuse('the client closed the connection during the handshake');
    // Stays until the connection has its own listener: an 'error' with no listener would end the process.
    s.on('error', onError);
    s.once('close', onClose);
    s.once('secure', () => {
      if (done) return;
      const why = this.checkPeer(s);
      if (why) return refuse(why);
      done = true;
      clearTimeout(timer);
      s.off('close', onClose);
      onSecure(s);
      s.off('error', onError);
    });
    return s;
  }

  private checkPeer(s: tls.TLSSocket): string | null {
    if (!this.requestCert) return null;
    const chain = peerChain(s.getPeerCertificate(true) as unknown as Parameters<typeof peerChain>[0]);
    if (chain.length === 0) return this.needCert ? 'no client certificate (tls.server.need.client.auth=require)' : null;
    if (!this.trusted) return null;
    const err = verifyChain(chain, this.trusted);
    return err ? `client certificate "${chain[0]!.subject.replace(/\n/g, ', ')}": ${err}` : null;
  }
}

/** What `tls.connect` needs for a client, from the `tls.client.*` settings. */
export interface ClientTlsOptions {
  ca?: string;
  cert?: string;
  key?: string;
  rejectUnauthorized: boolean;
}

/**
 * A client's TLS options. As Java's: test mode trusts any server and presents no certificate;
 * otherwise servers are verified only with tls.client.authServer=true, against
 * tls.client.trustCertPath (or the runtime's roots). Host names are not checked, as Java 4.9 does not.
 */
export function clientTlsOptions(cfg: TlsConfig): ClientTlsOptions {
  if (cfg['tls.test.mode.enable']) return { rejectUnauthorized: false };
  const pair = loadKeyPair(cfg, 'client');
  const trustFile = cfg['tls.client.trustCertPath'];
  const verify = cfg['tls.client.authServer'];
  return {
    rejectUnauthorized: verify,
    ...(verify && trustFile ? { ca: trustedFrom('tls.client.trustCertPath', trustFile).pem } : {}),
    ...(pair ? { cert: pair.cert, key: pair.key } : {}),
  };
}

/** Opens a TLS connection; the caller waits for 'secureConnect'. */
export function connectTls(host: string, port: number, opts: ClientTlsOptions): tls.TLSSocket {
  return tls.connect({ host, port, ...opts, checkServerIdentity: () => undefined });
}
