// List bodies of the name server:
//   TopicList  {"brokerAddr":".."?,"topicList":["<topic>"..]}   GET_ALL_TOPIC_LIST_FROM_NAMESERVER, GET_TOPICS_BY_CLUSTER,
//                                                               GET_SYSTEM_TOPIC_LIST_FROM_NS, the unit-topic lists
//   KVTable    {"table":{"<key>":"<value>"..}}                 GET_KVLIST_BY_NAMESPACE, and the REGISTER_BROKER reply
// Namesrv configuration travels as Java properties text instead (UPDATE/GET_NAMESRV_CONFIG): `key=value` lines.

import { mapEntries, stringifyFastjson } from '../../fastjson.js';
import { RemotingCommandError } from '../../errors.js';
import { formatProperties, parseProperties } from '../../../common/config/properties.js';
import { asObject, parseBody } from '../topic-config.js';

export interface TopicList {
  topicList: Set<string>;
  /** Set only by GET_SYSTEM_TOPIC_LIST_FROM_NS: one broker to ask for the broker-side system topics. */
  brokerAddr?: string;
}

export function encodeTopicList(list: TopicList): Buffer {
  return Buffer.from(stringifyFastjson({ brokerAddr: list.brokerAddr, topicList: [...list.topicList] }), 'utf8');
}

export function decodeTopicList(body: Uint8Array): TopicList {
  const o = asObject(parseBody(body, 'TopicList'), 'TopicList');
  const raw = o.topicList ?? [];
  if (!Array.isArray(raw)) throw new RemotingCommandError('TopicList.topicList is not an array');
  const out: TopicList = { topicList: new Set(raw.map(String)) };
  if (typeof o.brokerAddr === 'string') out.brokerAddr = o.brokerAddr;
  return out;
}

export function encodeKVTable(table: ReadonlyMap<string, string>): Buffer {
  return Buffer.from(stringifyFastjson({ table: new Map(table) }), 'utf8');
}

export function decodeKVTable(body: Uint8Array): Map<string, string> {
  const o = asObject(parseBody(body, 'KVTable'), 'KVTable');
  return new Map(mapEntries(o.table).map(([k, v]) => [String(k), String(v)]));
}

/** A properties-text body; escapes are those java.util.Properties reads back. */
export function encodePropertiesBody(entries: Iterable<[string, string]>): Buffer {
  return Buffer.from(formatProperties(entries), 'utf8');
}

export function decodePropertiesBody(body: Uint8Array | null | undefined): Map<string, string> {
  if (!body || body.length === 0) return new Map();
  return parseProperties(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'));
}
