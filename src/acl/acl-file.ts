// One plain ACL file (plain_acl.yml and conf/acl/**/*.yml), read and written as YAML:
//   globalWhiteRemoteAddresses: [pattern..]
//   accounts: [{accessKey, secretKey, whiteRemoteAddress, admin, defaultTopicPerm,
//               defaultGroupPerm, topicPerms: ["topic=PERM"..], groupPerms: ["group=PERM"..]}..]
//   dataVersion: [{counter, timestamp}]        (written by every management update)
// Java reads these with SnakeYAML, a YAML 1.1 parser (so yes/no are booleans and duplicate keys
// keep the last value), and binds them with fastjson (so secretKey: 12345678 becomes a string).
// Writing keeps the file's own keys and order, as Java's map round trip does, and replaces the
// file atomically.

import crypto from 'node:crypto';
import fs from 'node:fs';
import { parse, stringify } from 'yaml';
import type { PlainAccessConfig } from '../remoting/protocol/acl.js';
import type { DataVersion } from '../remoting/protocol/topic-config.js';
import { AclError } from './acl-error.js';

export const CONFIG_GLOBAL_WHITE_ADDRS = 'globalWhiteRemoteAddresses';
export const CONFIG_ACCOUNTS = 'accounts';
export const CONFIG_DATA_VERSION = 'dataVersion';

/** A file's top-level mapping as read; keys keep their order. */
export type AclYaml = Record<string, unknown>;

/** What one file says, typed. */
export interface AclFileData {
  /** The patterns as written (null entries kept as undefined: they match nothing). */
  globalWhiteRemoteAddresses: Array<string | undefined>;
  accounts: PlainAccessConfig[];
  /** The first element of dataVersion, if the file has one. */
  dataVersion: DataVersion | undefined;
}

const YAML_OPTIONS = { version: '1.1', intAsBigInt: true, uniqueKeys: false } as const;

/** The mapping a YAML text holds; null for an empty text (Java: "No data"). Throws AclError if it is no mapping. */
export function parseAclYaml(text: string, file: string): AclYaml | null {
  let doc: unknown;
  try {
    doc = parse(text, YAML_OPTIONS);
  } catch (err) {
    throw new AclError(`cannot parse YAML file ${file}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
  }
  if (doc === undefined || doc === null) return null;
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new AclError(`YAML file ${file} does not hold a mapping`);
  return Object.keys(doc).length === 0 ? null : (doc as AclYaml);
}

/** The text Java's SnakeYAML dumpAsMap gives for the same data: block style, list items not indented. */
export function aclYamlText(data: AclYaml): string {
  return stringify(data, { version: '1.1', indentSeq: false, lineWidth: 0 });
}

export interface FileText {
  text: string;
  /** SHA-1 of the bytes, to tell a real change from a touch. */
  hash: string;
}

/** The file's text, or undefined when it does not exist. */
export function readFileText(file: string): FileText | undefined {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new AclError(`cannot read ACL file ${file}: ${(err as Error).message}`);
  }
  return { text: bytes.toString('utf8'), hash: crypto.createHash('sha1').update(bytes).digest('hex') };
}

/** Replaces the file in one rename, so the watcher never reads half a file; returns the new text's hash. */
export function writeAclYaml(file: string, data: AclYaml): string {
  const bytes = Buffer.from(aclYamlText(data), 'utf8');
  const tmp = `${file}.tmp`;
  try {
    const fd = fs.openSync(tmp, 'w');
    try {
      fs.writeSync(fd, bytes);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw new AclError(`cannot write ACL file ${file}: ${(err as Error).message}`);
  }
  return crypto.createHash('sha1').update(bytes).digest('hex');
}

/** A scalar as fastjson binds it to a String field; lists and mappings are refused. */
function stringValue(v: unknown, what: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString();
  throw new AclError(`${what} is not a string: ${JSON.stringify(v)}`);
}

function booleanValue(v: unknown, what: string): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number' || typeof v === 'bigint') return Number(v) !== 0;
  if (typeof v === 'string') {
    const t = v.trim().toLowerCase();
    if (t === 'true' || t === '1' || t === 'y') return true;
    if (t === 'false' || t === '0' || t === 'n' || t === '') return false;
  }
  throw new AclError(`${what} is not a boolean: ${JSON.stringify(v)}`);
}

function listValue(v: unknown, what: string): unknown[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw new AclError(`${what} is not a list`);
  return v;
}

function stringList(v: unknown, what: string): string[] | undefined {
  return listValue(v, what)?.map((x, i) => stringValue(x, `${what}[${i}]`) ?? 'null');
}

function numberValue(v: unknown, what: string): number {
  if (typeof v === 'number' || typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return Number(v.trim());
  throw new AclError(`${what} is not a number: ${JSON.stringify(v)}`);
}

export function accountFromYaml(v: unknown, what: string): PlainAccessConfig {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new AclError(`${what} is not a mapping`);
  const o = v as Record<string, unknown>;
  const c: PlainAccessConfig = { admin: booleanValue(o.admin, `${what}.admin`) };
  for (const k of ['accessKey', 'secretKey', 'whiteRemoteAddress', 'defaultTopicPerm', 'defaultGroupPerm'] as const) {
    const s = stringValue(o[k], `${what}.${k}`);
    if (s !== undefined) c[k] = s;
  }
  const topics = stringList(o.topicPerms, `${what}.topicPerms`);
  if (topics !== undefined) c.topicPerms = topics;
  const groups = stringList(o.groupPerms, `${what}.groupPerms`);
  if (groups !== undefined) c.groupPerms = groups;
  return c;
}

/** The typed content of a file's mapping; throws AclError where a value has the wrong shape. */
export function aclFileData(raw: AclYaml | null, file: string): AclFileData {
  if (raw === null) return { globalWhiteRemoteAddresses: [], accounts: [], dataVersion: undefined };
  const whites = listValue(raw[CONFIG_GLOBAL_WHITE_ADDRS], `${file}: ${CONFIG_GLOBAL_WHITE_ADDRS}`) ?? [];
  const accounts = listValue(raw[CONFIG_ACCOUNTS], `${file}: ${CONFIG_ACCOUNTS}`) ?? [];
  const versions = listValue(raw[CONFIG_DATA_VERSION], `${file}: ${CONFIG_DATA_VERSION}`);
  let dataVersion: DataVersion | undefined;
  const first = versions?.[0];
  if (first !== undefined && first !== null) {
    if (typeof first !== 'object') throw new AclError(`${file}: ${CONFIG_DATA_VERSION} is not a list of mappings`);
    const dv = first as Record<string, unknown>;
    dataVersion = {
      counter: dv.counter === undefined ? 0 : numberValue(dv.counter, `${file}: dataVersion.counter`),
      timestamp: dv.timestamp === undefined ? 0 : numberValue(dv.timestamp, `${file}: dataVersion.timestamp`),
    };
  }
  return {
    globalWhiteRemoteAddresses: whites.map((w, i) => stringValue(w, `${file}: ${CONFIG_GLOBAL_WHITE_ADDRS}[${i}]`)),
    accounts: accounts.map((a, i) => accountFromYaml(a, `${file}: ${CONFIG_ACCOUNTS}[${i}]`)),
    dataVersion,
  };
}
