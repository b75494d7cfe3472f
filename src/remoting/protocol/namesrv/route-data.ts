// Route bodies of the name server: GET_ROUTEINFO_BY_TOPIC (TopicRouteData) and
// GET_BROKER_CLUSTER_INFO (ClusterInfo). Fields in fastjson's alphabetical order:
//   TopicRouteData  {"brokerDatas":[BrokerData..],"filterServerTable":{"<addr>":["<fs>"..]},
//                    "orderTopicConf":"..."?,"queueDatas":[QueueData..]}
//   BrokerData      {"brokerAddrs":{<brokerId>:"<addr>"},"brokerName":"..","cluster":".."}
//   QueueData       {"brokerName":"..","perm":n,"readQueueNums":n,"topicSysFlag":n,"writeQueueNums":n}
//   ClusterInfo     {"brokerAddrTable":{"<brokerName>":BrokerData},"clusterAddrTable":{"<cluster>":["<brokerName>"..]}}
// Two dialects: fastjson writes brokerId keys unquoted ({0:"addr"}); the strict one (route data for
// clients since V4_9_4, or on request) quotes them and sorts every map by key.

import { MQVersion } from '../../../common/mq-version.js';
import { type FJValue, IntKeyMap, mapEntries, stringifyFastjson } from '../../fastjson.js';
import { RemotingCommandError } from '../../errors.js';
import { asObject, parseBody } from '../topic-config.js';

/** Clients at or above MQVersion V4_9_4 get route data in strict JSON. */
export const VERSION_STRICT_ROUTE_JSON = MQVersion.V4_9_4;

export interface QueueData {
  brokerName: string;
  readQueueNums: number;
  writeQueueNums: number;
  perm: number;
  topicSysFlag: number;
}

export interface BrokerData {
  cluster: string;
  brokerName: string;
  /** brokerId (0 = master) -> "host:port". */
  brokerAddrs: Map<number, string>;
}

export interface TopicRouteData {
  orderTopicConf?: string;
  queueDatas: QueueData[];
  brokerDatas: BrokerData[];
  /** broker address -> its filter servers. */
  filterServerTable: Map<string, string[]>;
}

export interface ClusterInfo {
  brokerAddrTable: Map<string, BrokerData>;
  /** cluster name -> broker names. */
  clusterAddrTable: Map<string, Set<string>>;
}

export interface RouteEncodeOptions {
  /** Quoted keys and sorted maps, as Java sends to clients of V4_9_4 and later. */
  strict?: boolean;
}

export function queueDataEquals(a: QueueData, b: QueueData): boolean {
  return a.brokerName === b.brokerName && a.readQueueNums === b.readQueueNums && a.writeQueueNums === b.writeQueueNums &&
    a.perm === b.perm && a.topicSysFlag === b.topicSysFlag;
}

/** Master address when registered, else any slave's (BrokerData.selectBrokerAddr, minus the randomness). */
export function selectBrokerAddr(bd: BrokerData): string | undefined {
  return bd.brokerAddrs.get(0) ?? bd.brokerAddrs.values().next().value;
}

function queueDataToJson(q: QueueData): Record<string, unknown> {
  return {
    brokerName: q.brokerName,
    perm: q.perm,
    readQueueNums: q.readQueueNums,
    topicSysFlag: q.topicSysFlag,
    writeQueueNums: q.writeQueueNums,
  };
}

function brokerDataToJson(bd: BrokerData, strict: boolean): Record<string, unknown> {
  const ids = [...bd.brokerAddrs.keys()].sort((a, b) => a - b);
  const brokerAddrs = strict
    ? Object.fromEntries(ids.map((id) => [String(id), bd.brokerAddrs.get(id)]))
    : new IntKeyMap(ids.map((id) => [id, bd.brokerAddrs.get(id)]));
  return { brokerAddrs, brokerName: bd.brokerName, cluster: bd.cluster };
}

function sortedEntries<V>(m: Map<string, V>, strict: boolean): Array<[string, V]> {
  const e = [...m];
  return strict ? e.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) : e;
}

// Every object below is built with its fields in alphabetical order and its maps pre-sorted when
// strict, so the writer needs no key sorting of its own (which would order broker ids as text).
export function encodeTopicRouteData(route: TopicRouteData, opts: RouteEncodeOptions = {}): Buffer {
  const strict = opts.strict ?? false;
  const json = {
    brokerDatas: route.brokerDatas.map((bd) => brokerDataToJson(bd, strict)),
    filterServerTable: new Map(sortedEntries(route.filterServerTable, strict)),
    orderTopicConf: route.orderTopicConf ?? undefined,
    queueDatas: route.queueDatas.map(queueDataToJson),
  };
  return Buffer.from(stringifyFastjson(json), 'utf8');
}

export function decodeTopicRouteData(body: Uint8Array): TopicRouteData {
  const o = asObject(parseBody(body, 'TopicRouteData'), 'TopicRouteData');
  const route: TopicRouteData = {
    queueDatas: list(o.queueDatas, 'queueDatas').map(queueDataFromJson),
    brokerDatas: list(o.brokerDatas, 'brokerDatas').map(brokerDataFromJson),
    filterServerTable: new Map(mapEntries(o.filterServerTable).map(([k, v]) => [String(k), list(v, 'filterServerTable').map(String)])),
  };
  if (typeof o.orderTopicConf === 'string') route.orderTopicConf = o.orderTopicConf;
  return route;
}

export function encodeClusterInfo(info: ClusterInfo): Buffer {
  const brokerAddrTable = new Map<string, unknown>();
  for (const [name, bd] of info.brokerAddrTable) brokerAddrTable.set(name, brokerDataToJson(bd, false));
  const clusterAddrTable = new Map<string, unknown>();
  for (const [cluster, names] of info.clusterAddrTable) clusterAddrTable.set(cluster, [...names]);
  return Buffer.from(stringifyFastjson({ brokerAddrTable, clusterAddrTable }), 'utf8');
}

export function decodeClusterInfo(body: Uint8Array): ClusterInfo {
  const o = asObject(parseBody(body, 'ClusterInfo'), 'ClusterInfo');
  return {
    brokerAddrTable: new Map(mapEntries(o.brokerAddrTable).map(([k, v]) => [String(k), brokerDataFromJson(v)])),
    clusterAddrTable: new Map(
      mapEntries(o.clusterAddrTable).map(([k, v]) => [String(k), new Set(list(v, 'clusterAddrTable').map(String))]),
    ),
  };
}

function queueDataFromJson(v: FJValue): QueueData {
  const o = asObject(v, 'QueueData');
  return {
    brokerName: str(o.brokerName, 'QueueData.brokerName'),
    readQueueNums: num(o.readQueueNums),
    writeQueueNums: num(o.writeQueueNums),
    perm: num(o.perm),
    topicSysFlag: num(o.topicSysFlag),
  };
}

function brokerDataFromJson(v: FJValue): BrokerData {
  const o = asObject(v, 'BrokerData');
  const brokerAddrs = new Map<number, string>();
  for (const [k, addr] of mapEntries(o.brokerAddrs)) {
    const id = Number(k);
    if (!Number.isInteger(id)) throw new RemotingCommandError(`BrokerData brokerAddrs key ${JSON.stringify(k)} is not a broker id`);
    brokerAddrs.set(id, String(addr));
  }
  return { cluster: typeof o.cluster === 'string' ? o.cluster : '', brokerName: str(o.brokerName, 'BrokerData.brokerName'), brokerAddrs };
}

function list(v: FJValue | undefined, what: string): FJValue[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new RemotingCommandError(`${what} is not an array`);
  return v;
}

function str(v: FJValue | undefined, what: string): string {
  if (typeof v !== 'string') throw new RemotingCommandError(`${what} is missing`);
  return v;
}

function num(v: FJValue | undefined): number {
  return typeof v === 'number' ? v : v === undefined || v === null ? 0 : Number(v);
}
