// mqadmin's exports (tools/command/export): JSON files written to a directory, in fastjson's pretty
// format (tab indents), maps in the order Java's HashMaps iterate, bean fields alphabetical, null
// map values left out:
//   exportMetadata -b -t|-g   <dir>/topic.json: TopicConfigSerializeWrapper {dataVersion, topicConfigTable}
//                             <dir>/subscriptionGroup.json: SubscriptionGroupWrapper
//   exportMetadata -c         <dir>/metadata.json (topic.json / subscriptionGroup.json with -t / -g):
//                             {exportTime, subscriptionGroupTable, topicConfigTable}, user topics and
//                             groups merged over the masters (queue counts added up)
//   exportConfigs -c          <dir>/configs.json: {brokerConfigs: {<brokerName>: 16 chosen keys},
//                             clusterScale: {namesrvSize, masterBrokerSize, slaveBrokerSize}}
//   exportMetrics -c          <dir>/metrics.json: {evaluateReport: {<brokerName>: {runtimeEnv,
//                             runtimeQuota, runtimeVersion}}, totalData: {totalTps, totalOneDayNum}}
// "User" topics and groups leave out the broker's system topics, and retry and DLQ topics unless
// asked for (getUserTopicConfig), and the reserved groups (getUserSubscriptionGroup).

import fs from 'node:fs/promises';
import path from 'node:path';
import { MixAll } from '../client/mix-all.js';
import { SystemTopic } from '../common/message/message-const.js';
import { CURRENT_VERSION } from '../common/mq-version.js';
import { JavaDouble, stringifyFastjson } from '../remoting/fastjson.js';
import { type BrokerStatsData, BrokerStatsName } from '../remoting/protocol/broker-admin.js';
import { subscriptionGroupConfigToJson, type SubscriptionGroupWrapper } from '../remoting/protocol/subscription-group.js';
import {
  dataVersionToJson,
  type TopicConfig,
  type TopicConfigSerializeWrapper,
  topicConfigToJson,
} from '../remoting/protocol/topic-config.js';
import type { SubscriptionGroupConfig } from '../remoting/protocol/subscription-group.js';
import type { AdminExt } from './admin-ext.js';
import { brokersOfCluster, masterAddrsOfCluster, mastersAndSlavesOfCluster } from './cluster.js';
import { javaHashMapOrder, javaHashOrder, javaPropertiesOrder } from './format/java-hashmap.js';
import { mqVersionDesc } from './format/mq-version.js';
import { javaHashCode } from '../common/message/java-hash.js';
import { compute24HourSum } from './stats.js';
import { isRetryOrDlqTopic } from './topics.js';

/** Where the exports go when -f is not given. */
export const DEFAULT_EXPORT_DIR = '/tmp/rocketmq/export';

/** Java's timeout for the export look-ups (10 s). */
const EXPORT_TIMEOUT_MS = 10_000;

/** DefaultMQAdminExtImpl's SYSTEM_GROUP_SET: groups getUserSubscriptionGroup leaves out. */
const SYSTEM_GROUPS: ReadonlySet<string> = new Set([
  'DEFAULT_CONSUMER',
  'DEFAULT_PRODUCER',
  'TOOLS_CONSUMER',
  'FILTERSRV_CONSUMER',
  '__MONITOR_CONSUMER',
  'CLIENT_INNER_PRODUCER',
  'SELF_TEST_P_GROUP',
  'SELF_TEST_C_GROUP',
  'CID_ONS-HTTP-PROXY',
  'CID_ONSAPI_PERMISSION',
  'CID_ONSAPI_OWNER',
  'CID_ONSAPI_PULL',
  'CID_RMQ_SYS_TRANS',
]);

export async function getUserTopicConfig(admin: AdminExt, addr: string, specialTopic: boolean): Promise<TopicConfigSerializeWrapper> {
  const w = await admin.calls.getAllTopicConfig(addr, EXPORT_TIMEOUT_MS);
  const system = new Set((await admin.calls.getSystemTopicListFromBroker(addr, EXPORT_TIMEOUT_MS)).topicList);
  for (const t of [...w.topicConfigTable.keys()]) {
    if (system.has(t) || (!specialTopic && isRetryOrDlqTopic(t))) w.topicConfigTable.delete(t);
  }
  return w;
}

export async function getUserSubscriptionGroup(admin: AdminExt, addr: string): Promise<SubscriptionGroupWrapper> {
  const w = await admin.calls.getAllSubscriptionGroup(addr, EXPORT_TIMEOUT_MS);
  for (const g of [...w.subscriptionGroupTable.keys()]) {
    if (g.startsWith(MixAll.CID_RMQ_SYS_PREFIX) || SYSTEM_GROUPS.has(g)) w.subscriptionGroupTable.delete(g);
  }
  return w;
}

/** A string-keyed map in Java's HashMap order, values mapped. */
function hashMap<V>(m: ReadonlyMap<string, V>, f: (v: V) => unknown = (v) => v): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [k, v] of javaHashMapOrder(m)) {
    const x = f(v);
    if (x !== undefined && x !== null) out.set(k, x);
  }
  return out;
}

function topicTableJson(t: ReadonlyMap<string, TopicConfig>): Map<string, unknown> {
  return hashMap(t, topicConfigToJson);
}

function groupTableJson(t: ReadonlyMap<string, SubscriptionGroupConfig>): Map<string, unknown> {
  return hashMap(t, subscriptionGroupConfigToJson);
}

/** MixAll.string2FileNotSafe: the directory is made, the file written over. */
async function writeExport(file: string, json: unknown): Promise<string> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, stringifyFastjson(json, { pretty: true }), 'utf8');
  return file;
}

export interface ExportMetadataOptions {
  dir: string;
  /** Only topics (-t) or only groups (-g); neither: both (cluster exports only). */
  only?: 'topic' | 'group';
  /** -s: retry and DLQ topics too. */
  specialTopic: boolean;
}

/**
 * exportMetadata of one broker: its user topics (-t) or groups (-g) as the broker's wrapper. With
 * neither, Java writes nothing; so does this (null).
 */
export async function exportBrokerMetadata(admin: AdminExt, addr: string, o: ExportMetadataOptions): Promise<string | null> {
  if (o.only === 'topic') {
    const w = await getUserTopicConfig(admin, addr, o.specialTopic);
    return writeExport(path.join(o.dir, 'topic.json'), {
      dataVersion: dataVersionToJson(w.dataVersion),
      topicConfigTable: topicTableJson(w.topicConfigTable),
    });
  }
  if (o.only === 'group') {
    const w = await getUserSubscriptionGroup(admin, addr);
    return writeExport(path.join(o.dir, 'subscriptionGroup.json'), {
      dataVersion: dataVersionToJson(w.dataVersion),
      subscriptionGroupTable: groupTableJson(w.subscriptionGroupTable),
    });
  }
  return null;
}

/** exportMetadata of a cluster: user topics and groups of every master, queue counts summed by name. */
export async function exportClusterMetadata(admin: AdminExt, cluster: string, o: ExportMetadataOptions): Promise<string> {
  const topics = new Map<string, TopicConfig>();
  const groups = new Map<string, SubscriptionGroupConfig>();
  for (const addr of await masterAddrsOfCluster(admin, cluster)) {
    const tw = await getUserTopicConfig(admin, addr, o.specialTopic);
    const gw = await getUserSubscriptionGroup(admin, addr);
    for (const [name, tc] of tw.topicConfigTable) {
      const seen = topics.get(name);
      topics.set(
        name,
        seen
          ? { ...tc, writeQueueNums: seen.writeQueueNums + tc.writeQueueNums, readQueueNums: seen.readQueueNums + tc.readQueueNums }
          : tc,
      );
    }
    for (const [name, gc] of gw.subscriptionGroupTable) {
      const seen = groups.get(name);
      groups.set(name, seen ? { ...gc, retryQueueNums: seen.retryQueueNums + gc.retryQueueNums } : gc);
    }
  }
  const result = new Map<string, unknown>();
  let file = 'metadata.json';
  if (o.only !== 'group') result.set('topicConfigTable', topicTableJson(topics));
  if (o.only !== 'topic') result.set('subscriptionGroupTable', groupTableJson(groups));
  if (o.only === 'topic') file = 'topic.json';
  if (o.only === 'group') file = 'subscriptionGroup.json';
  result.set('exportTime', Date.now());
  return writeExport(path.join(o.dir, file), hashMap(result));
}

/** The broker settings exportConfigs keeps, as ExportConfigsCommand.needBrokerProprties picks them. */
export const EXPORTED_BROKER_KEYS = [
  'brokerClusterName',
  'brokerId',
  'brokerName',
  'brokerRole',
  'fileReservedTime',
  'filterServerNums',
  'flushDiskType',
  'maxMessageSize',
  'messageDelayLevel',
  'msgTraceTopicName',
  'slaveReadEnable',
  'traceOn',
  'traceTopicEnable',
  'useTLS',
  'autoCreateTopicEnable',
  'autoCreateSubscriptionGroup',
] as const;

/** exportConfigs: chosen settings of each master of the cluster, and the cluster's size. */
export async function exportConfigs(admin: AdminExt, cluster: string, dir: string): Promise<string> {
  const brokerConfigs = new Map<string, Map<string, string>>();
  let masters = 0;
  let slaves = 0;
  for (const [master, slaveAddrs] of await mastersAndSlavesOfCluster(admin, cluster)) {
    const { config } = await admin.calls.getBrokerConfig(master, admin.timeoutMs);
    masters++;
    slaves += slaveAddrs.length;
    const picked = new Map<string, string>();
    // Properties.setProperty of a null value throws in Java; a key the broker lacks is left out here.
    for (const k of EXPORTED_BROKER_KEYS) if (config.has(k)) picked.set(k, config.get(k)!);
    brokerConfigs.set(config.get('brokerName') ?? master, picked);
  }
  const scale = new Map<string, number>([
    ['namesrvSize', admin.nameServerAddressList.length],
    ['masterBrokerSize', masters],
    ['slaveBrokerSize', slaves],
  ]);
  const result = new Map<string, unknown>([
    ['brokerConfigs', hashMap(brokerConfigs, (c) => new Map(javaPropertiesOrder(c)))],
    ['clusterScale', hashMap(scale)],
  ]);
  return writeExport(path.join(dir, 'configs.json'), hashMap(result));
}

async function statsOrNull(admin: AdminExt, addr: string, topic: string): Promise<BrokerStatsData | null> {
  try {
    return await admin.calls.viewBrokerStatsData(addr, BrokerStatsName.TOPIC_PUT_NUMS, topic, admin.timeoutMs);
  } catch {
    return null;
  }
}

const firstNumber = (s: string | undefined): number => {
  const n = Number.parseFloat((s ?? '').split(' ')[0] ?? '');
  return Number.isFinite(n) ? n : 0;
};
const long = (s: string | undefined): number => {
  const n = Number.parseInt(s ?? '', 10);
  return Number.isFinite(n) ? n : 0;
};

/** The client kinds connected as the broker's groups: "<language>%<version>", as a Java HashSet orders them. */
async function clientInfo(admin: AdminExt, groups: Iterable<string>): Promise<string[]> {
  const set = new Set<string>();
  for (const g of groups) {
    try {
      const cc = await admin.examineConsumerConnectionInfo(g);
      for (const c of cc.connectionSet) set.add(`${c.language}%${mqVersionDesc(c.version)}`);
    } catch {
      // A group nobody is connected as adds nothing, as in Java.
    }
  }
  return javaHashOrder([...set], javaHashCode);
}

/** exportMetrics: per broker of the cluster its environment, current rates, day totals and client versions. */
export async function exportMetrics(admin: AdminExt, cluster: string, dir: string): Promise<string> {
  const info = await admin.examineBrokerClusterInfo();
  const totalTps = { totalNormalInTps: 0, totalNormalOutTps: 0, totalTransInTps: 0, totalScheduleInTps: 0 };
  const totalDay = { normalOneDayInNum: 0, normalOneDayOutNum: 0, transOneDayInNum: 0, scheduleOneDayInNum: 0 };
  const report = new Map<string, unknown>();
  for (const { brokerName, brokerAddrs } of brokersOfCluster(info, cluster)) {
    const addr = brokerAddrs.get(MixAll.MASTER_ID);
    if (addr === undefined) continue;
    const kv = await admin.fetchBrokerRuntimeStats(addr);
    const { config } = await admin.calls.getBrokerConfig(addr, admin.timeoutMs);
    const groups = await getUserSubscriptionGroup(admin, addr);
    const topics = await getUserTopicConfig(admin, addr, false);
    const trans = await statsOrNull(admin, addr, SystemTopic.TRANS_HALF);
    const schedule = await statsOrNull(admin, addr, SystemTopic.SCHEDULE);

    const tps = {
      normalInTps: firstNumber(kv.get('putTps')),
      normalOutTps: firstNumber(kv.get('getTransferedTps')),
      transInTps: trans ? trans.statsMinute.tps : 0,
      scheduleInTps: schedule ? schedule.statsMinute.tps : 0,
    };
    const day = {
      normalOneDayInNum: long(kv.get('msgPutTotalTodayMorning')) - long(kv.get('msgPutTotalYesterdayMorning')),
      normalOneDayOutNum: long(kv.get('msgGetTotalTodayMorning')) - long(kv.get('msgGetTotalYesterdayMorning')),
      transOneDayInNum: trans ? compute24HourSum(trans) : 0,
      scheduleOneDayInNum: schedule ? compute24HourSum(schedule) : 0,
    };
    totalTps.totalNormalInTps += tps.normalInTps;
    totalTps.totalNormalOutTps += tps.normalOutTps;
    totalTps.totalTransInTps += tps.transInTps;
    totalTps.totalScheduleInTps += tps.scheduleInTps;
    for (const k of Object.keys(day) as Array<keyof typeof day>) totalDay[k] += day[k];

    const runtimeEnv = new Map<string, unknown>([['cpuNum', config.get('clientCallbackExecutorThreads')], [
      'totalMemKBytes',
      kv.get('totalMemKBytes'),
    ]]);
    const runtimeQuota = new Map<string, unknown>([
      [
        'diskRatio',
        hashMap(
          new Map([['commitLogDiskRatio', kv.get('commitLogDiskRatio')], ['consumeQueueDiskRatio', kv.get('consumeQueueDiskRatio')]]),
        ),
      ],
      ['tps', doubles(tps)],
      ['oneDayNum', hashMap(new Map(Object.entries(day)))],
      ['messageAverageSize', kv.get('putMessageAverageSize')],
      ['topicSize', topics.topicConfigTable.size],
      ['groupSize', groups.subscriptionGroupTable.size],
    ]);
    const runtimeVersion = new Map<string, unknown>([
      ['rocketmqVersion', mqVersionDesc(CURRENT_VERSION)],
      ['clientInfo', await clientInfo(admin, groups.subscriptionGroupTable.keys())],
    ]);
    report.set(
      brokerName,
      hashMap(
        new Map<string, unknown>([['runtimeEnv', hashMap(runtimeEnv)], ['runtimeQuota', hashMap(runtimeQuota)], [
          'runtimeVersion',
          hashMap(runtimeVersion),
        ]]),
      ),
    );
  }
  const totalData = new Map<string, unknown>([['totalTps', doubles(totalTps)], [
    'totalOneDayNum',
    hashMap(new Map(Object.entries(totalDay))),
  ]]);
  const result = new Map<string, unknown>([['evaluateReport', hashMap(report)], ['totalData', hashMap(totalData)]]);
  return writeExport(path.join(dir, 'metrics.json'), hashMap(result));
}

/** A Map<String, Double> as fastjson writes it: 0.0, not 0. */
function doubles(o: Record<string, number>): Map<string, unknown> {
  return hashMap(new Map(Object.entries(o)), (v) => new JavaDouble(v));
}
