// A self-signed certificate for `tls.test.mode.enable=true`, the setting under which Java's server
// uses Netty's SelfSignedCertificate and clients trust any certificate. No runtime's `node:crypto`
// makes certificates, so this writes the few DER structures of one (RFC 5280) itself:
//   Certificate = SEQUENCE { tbs, AlgorithmIdentifier ecdsa-with-SHA256, BIT STRING signature }
//   tbs = SEQUENCE { [0] { INTEGER 2 }, INTEGER serial, AlgorithmIdentifier, Name issuer,
//                    SEQUENCE { UTCTime notBefore, UTCTime notAfter }, Name subject, SubjectPublicKeyInfo }
//   Name = SEQUENCE { SET { SEQUENCE { OID commonName, UTF8String cn } } }
// The key is EC P-256: made in a millisecond, and every TLS 1.2/1.3 peer (Java's JSSE included) takes it.

import crypto from 'node:crypto';

function der(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  const n = body.length;
  const len = n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), len, body]);
}

const seq = (...c: Buffer[]) => der(0x30, ...c);

function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const bytes = [a! * 40 + b!];
  for (const v of rest) {
    const groups = [v & 0x7f];
    for (let x = v >>> 7; x > 0; x >>>= 7) groups.unshift((x & 0x7f) | 0x80);
    bytes.push(...groups);
  }
  return der(0x06, Buffer.from(bytes));
}

function utcTime(d: Date): Buffer {
  const p = (n: number) => String(n).padStart(2, '0');
  const s = `${p(d.getUTCFullYear() % 100)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${
    p(d.getUTCSeconds())
  }Z`;
  return der(0x17, Buffer.from(s, 'ascii'));
}

const name = (cn: string) => seq(der(0x31, seq(oid('2.5.4.3'), der(0x0c, Buffer.from(cn, 'utf8')))));

export interface SelfSignedCertificate {
  /** PEM certificate. */
  cert: string;
  /** PEM PKCS#8 private key. */
  key: string;
}

/** A fresh key and a certificate for it, valid from a day ago for a year, named `cn`. */
export function makeSelfSignedCertificate(cn = 'localhost', now = new Date()): SelfSignedCertificate {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const serial = crypto.randomBytes(16);
  serial[0]! &= 0x7f; // a positive INTEGER
  const algorithm = seq(oid('1.2.840.10045.4.3.2'));
  const day = 86_400_000;
  const tbs = seq(
    der(0xa0, der(0x02, Buffer.from([2]))),
    der(0x02, serial),
    algorithm,
    name(cn),
    seq(utcTime(new Date(now.getTime() - day)), utcTime(new Date(now.getTime() + 365 * day))),
    name(cn),
    publicKey.export({ type: 'spki', format: 'der' }),
  );
  const signature = crypto.sign('sha256', tbs, privateKey);
  const certDer = seq(tbs, algorithm, der(0x03, Buffer.from([0]), signature));
  const b64 = certDer.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '');
  return {
    cert: `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`,
    key: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
  };
}
