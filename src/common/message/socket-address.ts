// Born and store hosts as the commit log holds them: address = ipv4 (4 bytes) | ipv6 (16 bytes),
// followed by port as int32, all big-endian. Which form a record uses is told by the sysFlag bits
// BORNHOST_V6 / STOREHOSTADDRESS_V6. IPv4-mapped IPv6 peers ("::ffff:1.2.3.4") are written as IPv4,
// as Java's InetAddress turns them into Inet4Address.

import net from 'node:net';

export interface SocketAddress {
  host: string;
  port: number;
}

/** 4 or 16 address bytes of an IP literal. Throws on anything else. */
export function ipToBytes(host: string): Buffer {
  let h = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  const zone = h.indexOf('%');
  if (zone >= 0) h = h.slice(0, zone);
  if (net.isIPv4(h)) return Buffer.from(h.split('.').map(Number));
  if (!net.isIPv6(h)) throw new TypeError(`not an IP address: ${JSON.stringify(host)}`);
  const lower = h.toLowerCase();
  if (lower.startsWith('::ffff:') && net.isIPv4(lower.slice(7))) return ipToBytes(lower.slice(7));
  const out = Buffer.alloc(16);
  let tail = h;
  let v4: number[] | undefined;
  const lastColon = h.lastIndexOf(':');
  if (h.indexOf('.', lastColon) >= 0) {
    v4 = h.slice(lastColon + 1).split('.').map(Number);
    tail = h.slice(0, lastColon + 1) + '0:0';
  }
  const dbl = tail.indexOf('::');
  const head = dbl >= 0 ? tail.slice(0, dbl) : tail;
  const rest = dbl >= 0 ? tail.slice(dbl + 2) : '';
  const hg = head ? head.split(':') : [];
  const tg = rest ? rest.split(':') : [];
  const groups = [...hg, ...new Array<string>(8 - hg.length - tg.length).fill('0'), ...tg];
  for (let i = 0; i < 8; i++) out.writeUInt16BE(parseInt(groups[i]!, 16), i * 2);
  if (v4) { for (let i = 0; i < 4; i++) out[12 + i] = v4[i]!; }
  return out;
}

/** Text form of 4 or 16 address bytes: dotted IPv4, or compressed IPv6 (RFC 5952) such as "::1". */
export function bytesToIp(b: Uint8Array, pos = 0, len = b.length - pos): string {
  if (len === 4) return `${b[pos]}.${b[pos + 1]}.${b[pos + 2]}.${b[pos + 3]}`;
  if (len !== 16) throw new TypeError(`address of ${len} bytes`);
  const g: number[] = [];
  for (let i = 0; i < 8; i++) g.push((b[pos + i * 2]! << 8) | b[pos + i * 2 + 1]!);
  // The longest run of two or more zero groups (the first one on a tie) becomes "::".
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (a: number[]) => a.map((x) => x.toString(16)).join(':');
  if (bestStart < 0) return hex(g);
  return `${hex(g.slice(0, bestStart))}::${hex(g.slice(bestStart + bestLen))}`;
}

/** Java's UtilAll.ipToIPv6Str: eight groups of four hex digits, nothing compressed. */
export function bytesToIpv6Full(b: Uint8Array): string {
  const parts: string[] = [];
  for (let i = 0; i < 16; i += 2) parts.push(((b[i]! << 8) | b[i + 1]!).toString(16).padStart(4, '0'));
  return parts.join(':');
}

/** The 8-byte (IPv4) or 20-byte (IPv6) host field for `host:port`. */
export function encodeSocketAddress(host: string, port: number): Buffer {
  const ip = ipToBytes(host);
  const out = Buffer.allocUnsafe(ip.length + 4);
  ip.copy(out, 0);
  out.writeInt32BE(port, ip.length);
  return out;
}

export function decodeSocketAddress(buf: Uint8Array, pos: number, ipv6: boolean): SocketAddress {
  const ipLen = ipv6 ? 16 : 4;
  const p = pos + ipLen;
  const port = (buf[p]! << 24) | (buf[p + 1]! << 16) | (buf[p + 2]! << 8) | buf[p + 3]!;
  return { host: bytesToIp(buf, pos, ipLen), port };
}

/** "127.0.0.1:10911" or "[::1]:10911". */
export function formatSocketAddress(a: SocketAddress): string {
  return a.host.includes(':') ? `[${a.host}]:${a.port}` : `${a.host}:${a.port}`;
}

/** Parses "host:port", "[v6]:port" or a bare "v6:port" (as Java name servers print IPv6 brokers). */
export function parseSocketAddress(addr: string): SocketAddress {
  const a = addr.trim();
  if (a.startsWith('[')) {
    const close = a.indexOf(']');
    return { host: a.slice(1, close), port: Number(a.slice(close + 2)) };
  }
  const i = a.lastIndexOf(':');
  return { host: a.slice(0, i), port: Number(a.slice(i + 1)) };
}
