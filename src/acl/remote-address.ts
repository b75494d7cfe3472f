// White remote address patterns of plain_acl.yml (Java's RemoteAddressStrategyFactory), for IPv4
// and IPv6:
//   blank                          matches nothing
//   *   *.*.*.*   *:*:*:*:*:*:*:*  matches everything
//   192.168.0.1   ::1              one address (IPv6 compared in its expanded form)
//   1.1.1.1,2.2.2.2   ::1,::2      a list of addresses
//   192.168.1.{1,2,3}   1:2::{3,4} a list sharing a prefix
//   192.168.0.*   192.168.1-10.*   1:2:3:4:5:6:7:*   1:2::ac5:1-200:*
//                                  a range in one group; groups after it are not compared
// A pattern that does not parse is refused with Java's messages (AclError).

import net from 'node:net';
import { AclError } from './acl-error.js';

export interface RemoteAddressMatcher {
  /** Whether `host` (an IP without port) is covered. */
  match(host: string | undefined | null): boolean;
}

const NOTHING: RemoteAddressMatcher = { match: () => false };
const EVERYTHING: RemoteAddressMatcher = { match: () => true };

/** Commons-lang StringUtils.split on one character: empty pieces are dropped. */
function tokens(text: string, sep: string): string[] {
  return text.split(sep).filter((p) => p.length > 0);
}

function scopeError(pattern: string): AclError {
  return new AclError(`Netaddress examine scope Exception netaddress is ${pattern}`);
}

function addressError(address: string): AclError {
  return new AclError(`Netaddress examine Exception netaddress is ${address}`);
}

/**
 * An IPv6 text widened to `groups` groups of four upper-case hex digits ("::1" -> 0000:..:0001);
 * an IPv4 text comes back unchanged. Patterns with * or - are widened the same way, as Java does.
 */
export function expandIP(address: string, groups: number): string {
  let s = address.toUpperCase();
  const pad = groups - (s.split(':').length - 1);
  if (pad > 0) s = s.split('::').join(':' + ':'.repeat(pad));
  return s
    .split(':')
    .map((g) => (g.length < 4 ? g.padStart(4, '0') : g))
    .join(':');
}

/** The matcher of one pattern; throws AclError for a pattern that does not parse. */
export function remoteAddressMatcher(pattern: string | undefined | null): RemoteAddressMatcher {
  if (pattern === undefined || pattern === null || pattern.trim() === '') return NOTHING;
  if (pattern === '*' || pattern === '*.*.*.*' || pattern === '*:*:*:*:*:*:*:*') return EVERYTHING;
  if (pattern.endsWith('}')) return braceList(pattern);
  if (pattern.includes(',')) return addressSet(tokens(pattern, ','));
  if (pattern.includes('*') || pattern.includes('-')) return pattern.includes(':') ? ipv6Range(pattern) : ipv4Range(pattern);
  return oneAddress(pattern);
}

function braceList(pattern: string): RemoteAddressMatcher {
  const v6 = pattern.includes(':');
  const parts = tokens(pattern, v6 ? ':' : '.');
  if (!v6 && parts.length < 4) throw new AclError(`MultipleRemoteAddressStrategy has got a/some wrong format IP(s) ${pattern}`);
  const last = parts[parts.length - 1]!;
  if (!last.startsWith('{')) throw new AclError(`MultipleRemoteAddressStrategy netaddress examine scope Exception netaddress ${pattern}`);
  const prefix = pattern.slice(0, pattern.indexOf('{'));
  return addressSet(tokens(last.slice(1, -1), ',').map((p) => prefix + p));
}

function addressSet(addresses: readonly string[]): RemoteAddressMatcher {
  const set = new Set<string>();
  for (const a of addresses) {
    if (net.isIPv4(a)) set.add(a);
    else if (net.isIPv6(a)) set.add(expandIP(a, 8));
    else throw addressError(a);
  }
  return { match: (host) => !!host && set.has(net.isIPv6(host) ? expandIP(host, 8) : host) };
}

function oneAddress(address: string): RemoteAddressMatcher {
  if (!net.isIPv4(address) && !net.isIPv6(address)) throw addressError(address);
  const want = expandIP(address, 8);
  return { match: (host) => !!host && expandIP(host, 8) === want };
}

interface Range {
  start: number;
  end: number;
}

/** One group of a range pattern: "*" or "a-b" (radix 10 or 16); undefined for a plain group. */
function rangeOf(group: string, radix: 10 | 16, max: number): Range | undefined {
  const value = group.trim();
  if (value === '*') return { start: 0, end: max };
  if (!value.includes('-')) return undefined;
  if (value.startsWith('-')) throw new AclError(`RangeRemoteAddressStrategy netaddress examine scope Exception value ${value} `);
  const [a, b] = tokens(value, '-');
  const digits = radix === 10 ? /^[+-]?\d+$/ : /^[+-]?[0-9a-fA-F]+$/;
  if (a === undefined || b === undefined || !digits.test(a) || !digits.test(b)) {
    throw new AclError(`RangeRemoteAddressStrategy netaddress examine scope Exception value ${value} `);
  }
  const start = parseInt(a, radix);
  const end = parseInt(b, radix);
  if (!(start >= 0 && end <= max && start <= end)) {
    throw new AclError(`RangeRemoteAddressStrategy netaddress examine scope Exception start is ${start} , end is ${end}`);
  }
  return { start, end };
}

function isOctet(text: string): boolean {
  return /^\d{1,3}$/.test(text.trim()) && Number(text.trim()) <= 255;
}

/**
 * "a.b.*.*", "a.b.c.1-200", "a.1-5.*.*": the first of groups 2..4 that is "*" or a range (ending
 * above 0) decides; the groups before it are the prefix an address must start with.
 */
function ipv4Range(pattern: string): RemoteAddressMatcher {
  const parts = tokens(pattern, '.');
  for (let index = 1; index <= 3 && index < parts.length; index++) {
    const range = rangeOf(parts[index]!, 10, 255);
    if (!range || range.end <= 0) continue;
    // Java checks the group count and all prefix groups but the last; every one is checked here.
    if (parts.length !== 4 || !parts.slice(0, index).every(isOctet)) throw scopeError(pattern);
    const head = parts.slice(0, index).map((p) => p.trim() + '.').join('');
    return {
      match(host) {
        if (!host || !net.isIPv4(host) || !host.startsWith(head)) return false;
        const groups = host.slice(head.length).split('.');
        const v = Number(groups[0]);
        return v >= range.start && v <= range.end;
      },
    };
  }
  throw scopeError(pattern);
}

/** Java's IPv6AddressCheck: "*" only at the end, a range only in the last group or the one before a final "*". */
function checkIpv6Pattern(pattern: string): void {
  const star = pattern.indexOf('*');
  const minus = pattern.indexOf('-');
  if (star > -1 && star !== pattern.length - 1) throw scopeError(pattern);
  if (minus > -1) {
    const lastColon = pattern.lastIndexOf(':');
    const limit = star === -1 ? lastColon : pattern.lastIndexOf(':', lastColon - 1);
    if (minus <= limit) throw scopeError(pattern);
  }
}

/** The expanded prefix of an IPv6 range pattern (AclUtils.v6ipProcess). */
function ipv6Head(pattern: string): string {
  const star = pattern.includes('*');
  const minus = pattern.includes('-');
  if (star && minus) {
    const lastColon = pattern.lastIndexOf(':');
    return expandIP(pattern.slice(0, pattern.slice(0, lastColon).lastIndexOf(':')), 6);
  }
  if (!star && !minus) return expandIP(pattern, 8);
  return expandIP(pattern.slice(0, pattern.lastIndexOf(':')), 7);
}

function ipv6Range(pattern: string): RemoteAddressMatcher {
  checkIpv6Pattern(pattern);
  const parts = tokens(pattern, ':');
  for (let i = 1; i < parts.length; i++) {
    const range = rangeOf(parts[i]!, 16, 0xffff);
    if (!range || range.end <= 0) continue;
    const expanded = expandIP(pattern, 8).split(':');
    if (!expanded.slice(0, i - 1).every((g) => /^[0-9A-F]{1,4}$/.test(g))) throw scopeError(pattern);
    const head = ipv6Head(pattern);
    const index = tokens(head, ':').length;
    return {
      match(host) {
        if (!host || !net.isIPv6(host)) return false;
        const full = expandIP(host, 8);
        if (!full.startsWith(head)) return false;
        const v = parseInt(full.slice(5 * index, 5 * index + 4), 16);
        return v >= range.start && v <= range.end;
      },
    };
  }
  throw scopeError(pattern);
}

/** The host of "host:port" as Java's validator takes it (the text before the last colon), brackets removed. */
export function remoteHostOf(remoteAddr: string | undefined | null): string | undefined {
  if (remoteAddr === undefined || remoteAddr === null) return undefined;
  let host = remoteAddr.includes(':') ? remoteAddr.slice(0, remoteAddr.lastIndexOf(':')) : remoteAddr;
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  // Dual-stack sockets report IPv4 peers as ::ffff:a.b.c.d; Java sees a.b.c.d.
  if (host.startsWith('::ffff:') && net.isIPv4(host.slice(7))) host = host.slice(7);
  return host;
}
