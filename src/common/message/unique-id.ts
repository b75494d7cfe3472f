// Unique client message ids (UNIQ_KEY, what a producer calls msgId), as Java's MessageClientIDSetter
// makes them: hex upper case of ip (4 or 16 bytes) | pid (int16) | class-loader hash (int32) |
// milliseconds since the start of the current month, local time (int32) | counter (int16).
// 32 hex characters with an IPv4 address, 56 with IPv6.

import os from 'node:os';
import { bytesToHex, hexToBytes } from './message-id.js';
import { bytesToIp, bytesToIpv6Full, ipToBytes } from './socket-address.js';

function isPrivateV4(b: Buffer): boolean {
  return b[0] === 10 || (b[0] === 172 && b[1]! >= 16 && b[1]! <= 31) || (b[0] === 192 && b[1] === 168);
}

function isInternalV6(b: Buffer): boolean {
  const allZeroUpTo15 = b.subarray(0, 15).every((x) => x === 0);
  if (allZeroUpTo15 && (b[15] === 0 || b[15] === 1)) return true; // any-local, loopback
  if (b[0] === 0xfe && (b[1]! & 0xc0) === 0x80) return true; // link-local fe80::/10
  if (b[0] === 0xfe && (b[1]! & 0xc0) === 0xc0) return true; // site-local fec0::/10
  return false;
}

/**
 * The host address Java's UtilAll.getIP would pick: the first public IPv4 or non-internal IPv6,
 * else the first private IPv4, else 127.0.0.1.
 */
export function localIpBytes(): Buffer {
  let privateV4: Buffer | undefined;
  for (const addrs of Object.values(os.networkInterfaces())) {
    for (const a of addrs ?? []) {
      if (a.internal) continue;
      let b: Buffer;
      try {
        b = ipToBytes(a.address);
      } catch {
        continue;
      }
      if (b.length === 4) {
        if (!isPrivateV4(b)) return b;
        privateV4 ??= b;
      } else if (!isInternalV6(b)) {
        return b;
      }
    }
  }
  return privateV4 ?? Buffer.from([127, 0, 0, 1]);
}

function monthStart(ms: number): { start: number; next: number } {
  const d = new Date(ms);
  return {
    start: new Date(d.getFullYear(), d.getMonth(), 1).getTime(),
    next: new Date(d.getFullYear(), d.getMonth() + 1, 1).getTime(),
  };
}

/** Makes unique ids for one process; `uniqueIdGenerator` below is the shared one. */
export class UniqueIdGenerator {
  private readonly prefix: string;
  private counter = 0;
  private start = 0;
  private next = 0;
  private readonly buf = Buffer.alloc(6);

  constructor(
    ip: Buffer = localIpBytes(),
    pid = process.pid,
    loaderHash = (Math.random() * 0x7fffffff) | 0,
    private readonly now: () => number = Date.now,
  ) {
    const fixed = Buffer.alloc(ip.length + 6);
    ip.copy(fixed, 0);
    fixed.writeInt16BE((pid << 16) >> 16, ip.length);
    fixed.writeInt32BE(loaderHash | 0, ip.length + 2);
    this.prefix = bytesToHex(fixed);
  }

  create(): string {
    const t = this.now();
    if (t >= this.next) ({ start: this.start, next: this.next } = monthStart(t));
    let diff = (t - this.start) | 0;
    if (diff < 0 && diff > -1_000_000) diff = 0; // a clock stepped back by NTP
    this.buf.writeInt32BE(diff, 0);
    this.buf.writeUInt16BE(this.counter, 4);
    this.counter = (this.counter + 1) & 0xffff;
    return this.prefix + bytesToHex(this.buf);
  }
}

let shared: UniqueIdGenerator | undefined;

/** A new UNIQ_KEY from this process's generator. */
export function createUniqId(): string {
  shared ??= new UniqueIdGenerator();
  return shared.create();
}

function ipLengthOf(bytes: Buffer): number {
  return bytes.length === 28 ? 16 : 4;
}

/** The address bytes inside a unique id. */
export function uniqIdIpBytes(id: string): Buffer {
  const b = hexToBytes(id);
  return b.subarray(0, ipLengthOf(b));
}

/** The address inside a unique id; IPv6 in Java's uncompressed form, as getIPStrFromID prints it. */
export function uniqIdIpString(id: string): string {
  const ip = uniqIdIpBytes(id);
  return ip.length === 16 ? bytesToIpv6Full(ip) : bytesToIp(ip);
}

export function uniqIdPid(id: string): number {
  const b = hexToBytes(id);
  return b.readUInt16BE(b.length - 12);
}

/**
 * When the id was made, to the millisecond, assuming (as Java's getNearlyTimeFromID does) that
 * it is from this month or, when that would be in the future, from last month.
 */
export function uniqIdTimestamp(id: string, now = Date.now()): number {
  const b = hexToBytes(id);
  const span = b.readUInt32BE(ipLengthOf(b) + 6);
  const d = new Date(now);
  let start = new Date(d.getFullYear(), d.getMonth(), 1).getTime();
  if (start + span >= now) start = new Date(d.getFullYear(), d.getMonth() - 1, 1).getTime();
  return start + span;
}
