// Verifies a peer's certificate chain against trusted certificates: each link's signature and
// issuer name, the CA flag of every issuer, and every certificate's validity dates. Servers check
// client certificates here, after the handshake, rather than in the TLS stack: Deno's `node:tls`
// server ignores the `ca` it is given and checks client certificates against its built-in roots,
// and one path on every runtime is one path tested on every runtime. Errors use OpenSSL's codes.

import crypto from 'node:crypto';

const MAX_DEPTH = 8;

/** Every certificate of a PEM bundle (an empty list for text without one). */
export function parsePemCertificates(pem: string): crypto.X509Certificate[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((b) => new crypto.X509Certificate(b));
}

function validityError(cert: crypto.X509Certificate, now: number): string | null {
  const from = Date.parse(cert.validFrom);
  const to = Date.parse(cert.validTo);
  if (Number.isNaN(from) || Number.isNaN(to)) return 'ERROR_IN_CERT_NOT_AFTER_FIELD';
  if (now < from) return 'CERT_NOT_YET_VALID';
  if (now > to) return 'CERT_HAS_EXPIRED';
  return null;
}

function issues(issuer: crypto.X509Certificate, cert: crypto.X509Certificate): boolean {
  return cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
}

/**
 * Null when `chain` (the peer's certificate first, then what else it sent) leads to one of
 * `trusted`; otherwise the OpenSSL code of the first problem.
 */
export function verifyChain(
  chain: readonly crypto.X509Certificate[],
  trusted: readonly crypto.X509Certificate[],
  now = Date.now(),
): string | null {
  let cert = chain[0];
  if (!cert) return 'NO_PEER_CERTIFICATE';
  const pool = chain.slice(1).filter((c) => c.ca);
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    const invalid = validityError(cert, now);
    if (invalid) return invalid;
    if (trusted.some((t) => t.fingerprint256 === cert!.fingerprint256)) return null;
    const anchor = trusted.find((t) => t.ca && issues(t, cert!));
    if (anchor) return validityError(anchor, now);
    const next = pool.find((c) => c !== cert && issues(c, cert!));
    if (!next) return depth === 0 && chain.length === 1 ? 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' : 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY';
    cert = next;
  }
  return 'CERT_CHAIN_TOO_LONG';
}

interface DetailedPeer {
  raw?: Buffer;
  issuerCertificate?: DetailedPeer;
}

/** The chain a TLS peer presented, its own certificate first; empty when it presented none. */
export function peerChain(detailed: DetailedPeer | null | undefined): crypto.X509Certificate[] {
  const out: crypto.X509Certificate[] = [];
  const seen = new Set<string>();
  for (let c = detailed; c?.raw && out.length < MAX_DEPTH; c = c.issuerCertificate) {
    const x = new crypto.X509Certificate(c.raw);
    if (seen.has(x.fingerprint256)) break; // a self-signed root points at itself
    seen.add(x.fingerprint256);
    out.push(x);
  }
  return out;
}
