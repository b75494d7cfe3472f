// Topic configuration as brokers publish it (TopicConfig, DataVersion, TopicConfigSerializeWrapper),
// shared by the name server (REGISTER_BROKER bodies) and the broker (topics.json).
//   TopicConfig JSON   {"order":b,"perm":n,"readQueueNums":n,"topicFilterType":"SINGLE_TAG|MULTI_TAG",
//                       "topicName":s,"topicSysFlag":n,"writeQueueNums":n}        (fastjson: fields sorted)
//   TopicConfig line   "<topicName> <readQueueNums> <writeQueueNums> <perm> <topicFilterType>"
//                       (the compressed REGISTER_BROKER form; topicSysFlag and order do not travel)
//   DataVersion JSON   {"counter":n,"timestamp":n}
//   Wrapper JSON       {"dataVersion":{..},"topicConfigTable":{"<topic>":{TopicConfig},..}}
// Table order is kept as read, so a decoded body re-encodes to the bytes Java wrote.

import { createDataVersion, type DataVersion } from '../../common/data-version.js';
import { RemotingCommandError } from '../errors.js';
import { type FJValue, mapEntries, parseFastjson, stringifyFastjson } from '../fastjson.js';

/** Permission bits of a topic or a broker (PermName). */
export const PermName = {
  PERM_PRIORITY: 0x8,
  PERM_READ: 0x4,
  PERM_WRITE: 0x2,
  PERM_INHERIT: 0x1,
} as const;

export const isReadable = (perm: number): boolean => (perm & PermName.PERM_READ) !== 0;
export const isWriteable = (perm: number): boolean => (perm & PermName.PERM_WRITE) !== 0;
export const isInherited = (perm: number): boolean => (perm & PermName.PERM_INHERIT) !== 0;

/** "RWX" with "-" for a missing bit, as mqadmin prints permissions. */
export function permToString(perm: number): string {
  return (isReadable(perm) ? 'R' : '-') + (isWriteable(perm) ? 'W' : '-') + (isInherited(perm) ? 'X' : '-');
}

/** Unit bits of topicSysFlag (TopicSysFlag), used by the unit-topic listings of the name server. */
export const TopicSysFlag = {
  FLAG_UNIT: 0x1,
  FLAG_UNIT_SUB: 0x2,
} as const;

export const hasUnitFlag = (sysFlag: number): boolean => (sysFlag & TopicSysFlag.FLAG_UNIT) !== 0;
export const hasUnitSubFlag = (sysFlag: number): boolean => (sysFlag & TopicSysFlag.FLAG_UNIT_SUB) !== 0;

export type TopicFilterType = 'SINGLE_TAG' | 'MULTI_TAG';
const FILTER_TYPES: readonly string[] = ['SINGLE_TAG', 'MULTI_TAG'];

export interface TopicConfig {
  topicName: string;
  readQueueNums: number;
  writeQueueNums: number;
  perm: number;
  topicFilterType: TopicFilterType;
  topicSysFlag: number;
  order: boolean;
}

/** Queue count a topic gets when nobody says otherwise (TopicConfig.defaultReadQueueNums). */
export const DEFAULT_QUEUE_NUMS = 16;

export function createTopicConfig(topicName: string, fields: Partial<Omit<TopicConfig, 'topicName'>> = {}): TopicConfig {
  return {
    topicName,
    readQueueNums: fields.readQueueNums ?? DEFAULT_QUEUE_NUMS,
    writeQueueNums: fields.writeQueueNums ?? DEFAULT_QUEUE_NUMS,
    perm: fields.perm ?? (PermName.PERM_READ | PermName.PERM_WRITE),
    topicFilterType: fields.topicFilterType ?? 'SINGLE_TAG',
    topicSysFlag: fields.topicSysFlag ?? 0,
    order: fields.order ?? false,
  };
}

export function topicConfigEquals(a: TopicConfig, b: TopicConfig): boolean {
  return a.topicName === b.topicName && a.readQueueNums === b.readQueueNums && a.writeQueueNums === b.writeQueueNums &&
    a.perm === b.perm && a.topicFilterType === b.topicFilterType && a.topicSysFlag === b.topicSysFlag && a.order === b.order;
}

/** The JSON shape, fields in fastjson's (alphabetical) order. */
export function topicConfigToJson(tc: TopicConfig): Record<string, unknown> {
  return {
    order: tc.order,
    perm: tc.perm,
    readQueueNums: tc.readQueueNums,
    topicFilterType: tc.topicFilterType,
    topicName: tc.topicName,
    topicSysFlag: tc.topicSysFlag,
    writeQueueNums: tc.writeQueueNums,
  };
}

/** Reads a decoded TopicConfig object; absent fields take Java's defaults. `name` fills a missing topicName. */
export function topicConfigFromJson(v: FJValue | undefined, name?: string): TopicConfig {
  const o = asObject(v, 'TopicConfig');
  const topicName = o.topicName === undefined || o.topicName === null ? name : String(o.topicName);
  if (topicName === undefined) throw new RemotingCommandError('TopicConfig has no topicName');
  const filter = o.topicFilterType === undefined || o.topicFilterType === null ? 'SINGLE_TAG' : String(o.topicFilterType);
  if (!FILTER_TYPES.includes(filter)) throw new RemotingCommandError(`TopicConfig ${topicName}: bad topicFilterType ${filter}`);
  return createTopicConfig(topicName, {
    readQueueNums: optInt(o.readQueueNums, 'readQueueNums'),
    writeQueueNums: optInt(o.writeQueueNums, 'writeQueueNums'),
    perm: optInt(o.perm, 'perm'),
    topicFilterType: filter as TopicFilterType,
    topicSysFlag: optInt(o.topicSysFlag, 'topicSysFlag'),
    order: o.order === undefined || o.order === null ? undefined : o.order === true || o.order === 'true',
  });
}

/** The space-separated line of the compressed REGISTER_BROKER body. */
export function encodeTopicConfigLine(tc: TopicConfig): string {
  return `${tc.topicName} ${tc.readQueueNums} ${tc.writeQueueNums} ${tc.perm} ${tc.topicFilterType}`;
}

export function decodeTopicConfigLine(line: string): TopicConfig {
  const parts = line.split(' ');
  if (parts.length !== 5) throw new RemotingCommandError(`bad topic config line ${JSON.stringify(line)}`);
  const [topicName, r, w, p, filter] = parts as [string, string, string, string, string];
  if (!FILTER_TYPES.includes(filter)) throw new RemotingCommandError(`bad topicFilterType in ${JSON.stringify(line)}`);
  return createTopicConfig(topicName, {
    readQueueNums: lineInt(r, line),
    writeQueueNums: lineInt(w, line),
    perm: lineInt(p, line),
    topicFilterType: filter as TopicFilterType,
  });
}

export { createDataVersion, type DataVersion, dataVersionEquals, nextDataVersion } from '../../common/data-version.js';

export function dataVersionToJson(dv: DataVersion): Record<string, unknown> {
  return { counter: dv.counter, timestamp: dv.timestamp };
}

export function dataVersionFromJson(v: FJValue | undefined): DataVersion {
  if (v === undefined || v === null) return createDataVersion();
  const o = asObject(v, 'DataVersion');
  return { timestamp: optInt(o.timestamp, 'timestamp') ?? 0, counter: optInt(o.counter, 'counter') ?? 0 };
}

export function encodeDataVersion(dv: DataVersion): Buffer {
  return Buffer.from(stringifyFastjson(dataVersionToJson(dv)), 'utf8');
}

export function decodeDataVersion(body: Uint8Array | null | undefined): DataVersion | undefined {
  if (!body || body.length === 0) return undefined;
  return dataVersionFromJson(parseBody(body, 'DataVersion'));
}

export interface TopicConfigSerializeWrapper {
  /** Topic name -> config, in the order the broker listed them. */
  topicConfigTable: Map<string, TopicConfig>;
  dataVersion: DataVersion;
}

export function createTopicConfigWrapper(
  topics: Iterable<TopicConfig> = [],
  dataVersion: DataVersion = createDataVersion(),
): TopicConfigSerializeWrapper {
  const topicConfigTable = new Map<string, TopicConfig>();
  for (const tc of topics) topicConfigTable.set(tc.topicName, tc);
  return { topicConfigTable, dataVersion };
}

/** A Map keeps the broker's order even for topic names that look like array indexes. */
export function topicConfigWrapperToJson(w: TopicConfigSerializeWrapper): Record<string, unknown> {
  const table = new Map<string, unknown>();
  for (const [name, tc] of w.topicConfigTable) table.set(name, topicConfigToJson(tc));
  return { dataVersion: dataVersionToJson(w.dataVersion), topicConfigTable: table };
}

export function topicConfigWrapperFromJson(v: FJValue | undefined): TopicConfigSerializeWrapper {
  if (v === undefined || v === null) return createTopicConfigWrapper();
  const o = asObject(v, 'TopicConfigSerializeWrapper');
  const table = new Map<string, TopicConfig>();
  for (const [k, tc] of mapEntries(o.topicConfigTable)) table.set(String(k), topicConfigFromJson(tc, String(k)));
  return { topicConfigTable: table, dataVersion: dataVersionFromJson(o.dataVersion) };
}

/**
 * The wrapper as text. `pretty` gives fastjson's pretty format (tab indents, no space after the
 * colon), which is how the broker's topics.json looks on disk.
 */
export function encodeTopicConfigWrapper(w: TopicConfigSerializeWrapper, opts: { pretty?: boolean } = {}): string {
  const json = topicConfigWrapperToJson(w);
  return stringifyFastjson(json, { pretty: opts.pretty ?? false });
}

export function decodeTopicConfigWrapper(text: string | Uint8Array): TopicConfigSerializeWrapper {
  return topicConfigWrapperFromJson(parseBody(text, 'TopicConfigSerializeWrapper'));
}

/** Parses a fastjson body, turning syntax errors into the remoting error type. */
export function parseBody(body: string | Uint8Array, what: string): FJValue {
  try {
    return parseFastjson(body);
  } catch (err) {
    throw new RemotingCommandError(`cannot decode ${what}: ${(err as Error).message}`);
  }
}

export function asObject(v: FJValue | undefined, what: string): Record<string, FJValue> {
  if (v === null || v === undefined || typeof v !== 'object' || Array.isArray(v)) {
    throw new RemotingCommandError(`${what} is not a JSON object`);
  }
  return v as Record<string, FJValue>;
}

function optInt(v: FJValue | undefined, field: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isInteger(n)) throw new RemotingCommandError(`${field} is not an integer: ${JSON.stringify(v)}`);
  return n;
}

function lineInt(s: string, line: string): number {
  if (!/^-?\d+$/.test(s)) throw new RemotingCommandError(`bad number ${JSON.stringify(s)} in topic config line ${JSON.stringify(line)}`);
  return Number(s);
}
