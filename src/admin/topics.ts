// Topic operations of mqadmin over the admin client: create or update a topic on a broker or on
// every master of a cluster (with its order configuration on the name server), change its
// permission, delete it from brokers and name servers, list topics with the cluster and groups of
// each, and show how queues would be spread over consumers (allocateMQ).

import { MQClientError } from '../common/errors.js';
import { AllocateMessageQueueAveragely } from '../client/consumer/allocate.js';
import { MixAll } from '../client/mix-all.js';
import { DLQ_GROUP_TOPIC_PREFIX, RETRY_GROUP_TOPIC_PREFIX, SystemTopic } from '../common/message/message-const.js';
import { ResponseCode } from '../remoting/response-code.js';
import type { MessageQueue } from '../remoting/protocol/message-queue.js';
import { isReadable, permToString, type TopicConfig } from '../remoting/protocol/topic-config.js';

export { createTopicConfig, TopicSysFlag } from '../remoting/protocol/topic-config.js';
import { javaHashOrder, messageQueueHashCode } from './format/java-hashmap.js';
import type { AdminExt } from './admin-ext.js';
import { brokerNameOfAddr, brokerNamesOfCluster, masterAddrsOfCluster } from './cluster.js';
import { getKvConfig, putKvConfig } from './namesrv.js';

/** NamesrvUtil.NAMESPACE_ORDER_TOPIC_CONFIG: where order configurations live in the KV store. */
export const NAMESPACE_ORDER_TOPIC_CONFIG = 'ORDER_TOPIC_CONFIG';

/** The topic the broker consults before creating a topic (DefaultMQAdminExt.createTopicKey). */
export const AUTO_CREATE_TOPIC_KEY = SystemTopic.AUTO_CREATE_TOPIC_KEY;

/** TopicConfig.toString, which updateTopic prints. */
export function topicConfigToString(tc: TopicConfig): string {
  return `TopicConfig [topicName=${tc.topicName}, readQueueNums=${tc.readQueueNums}, writeQueueNums=${tc.writeQueueNums}, ` +
    `perm=${permToString(tc.perm)}, topicFilterType=${tc.topicFilterType}, topicSysFlag=${tc.topicSysFlag}, order=${tc.order}]`;
}

export function createAndUpdateTopicConfig(admin: AdminExt, addr: string, tc: TopicConfig): Promise<void> {
  return admin.api.createTopic(addr, AUTO_CREATE_TOPIC_KEY, tc, admin.timeoutMs);
}

/**
 * DefaultMQAdminExt.createOrUpdateOrderConf: a cluster-wide value replaces the topic's order
 * configuration; a single broker's "<brokerName>:<queues>" is merged into it.
 */
export async function createOrUpdateOrderConf(admin: AdminExt, topic: string, value: string, isCluster: boolean): Promise<string> {
  let conf = value;
  if (!isCluster) {
    const old = (await getKvConfig(admin, NAMESPACE_ORDER_TOPIC_CONFIG, topic).catch(() => undefined)) ?? '';
    const byBroker = new Map<string, string>();
    for (const item of old.split(';')) if (item.trim()) byBroker.set(item.split(':')[0]!, item);
    byBroker.set(value.split(':')[0]!, value);
    conf = [...byBroker.values()].join(';');
  }
  await putKvConfig(admin, NAMESPACE_ORDER_TOPIC_CONFIG, topic, conf);
  return conf;
}

export interface UpdateTopicResult {
  /** Broker addresses the topic was created or updated on. */
  addrs: string[];
  orderConf?: string;
  config: TopicConfig;
}

/** updateTopic -b: one broker; with `order`, that broker's entry in the order configuration. */
export async function updateTopicOnBroker(admin: AdminExt, addr: string, tc: TopicConfig): Promise<UpdateTopicResult> {
  await createAndUpdateTopicConfig(admin, addr, tc);
  const out: UpdateTopicResult = { addrs: [addr], config: tc };
  if (tc.order) {
    const brokerName = await brokerNameOfAddr(admin, addr);
    out.orderConf = await createOrUpdateOrderConf(admin, tc.topicName, `${brokerName}:${tc.writeQueueNums}`, false);
  }
  return out;
}

/** updateTopic -c: every master of the cluster; with `order`, the cluster's order configuration. */
export async function updateTopicOnCluster(admin: AdminExt, cluster: string, tc: TopicConfig): Promise<UpdateTopicResult> {
  const addrs = await masterAddrsOfCluster(admin, cluster);
  for (const addr of addrs) await createAndUpdateTopicConfig(admin, addr, tc);
  const out: UpdateTopicResult = { addrs, config: tc };
  if (tc.order) {
    const names = await brokerNamesOfCluster(admin, cluster);
    out.orderConf = names.map((n) => `${n}:${tc.writeQueueNums}`).join(';');
    await createOrUpdateOrderConf(admin, tc.topicName, out.orderConf, true);
  }
  return out;
}

export interface PermChange {
  addr: string;
  oldPerm: number;
  newPerm: number;
}

/**
 * updateTopicPerm: the topic keeps its queues and flags (from its route) and gets `perm` on one
 * master (-b) or on every master of a cluster (-c). Unchanged permissions are reported, not sent.
 */
export async function updateTopicPerm(
  admin: AdminExt,
  topic: string,
  perm: number,
  target: { brokerAddr?: string; cluster?: string },
): Promise<{ changes: PermChange[]; config: TopicConfig; unchanged?: string }> {
  const route = await admin.examineTopicRouteInfo(topic);
  const qd0 = route.queueDatas[0];
  if (!qd0) throw new MQClientError(ResponseCode.TOPIC_NOT_EXIST, `topic ${topic} has no queues`);
  const config: TopicConfig = {
    topicName: topic,
    readQueueNums: qd0.readQueueNums,
    writeQueueNums: qd0.writeQueueNums,
    perm,
    topicFilterType: 'SINGLE_TAG',
    topicSysFlag: qd0.topicSysFlag,
    order: false,
  };
  const changes: PermChange[] = [];
  if (target.brokerAddr !== undefined) {
    const bd = route.brokerDatas.find((b) => b.brokerAddrs.get(MixAll.MASTER_ID) === target.brokerAddr);
    if (!bd) {
      throw new MQClientError(ResponseCode.SYSTEM_ERROR, `broker ${target.brokerAddr} does not exist or is not a master of topic ${topic}`);
    }
    const qd = route.queueDatas.find((q) => q.brokerName === bd.brokerName);
    const oldPerm = qd?.perm ?? 0;
    if (oldPerm === perm) return { changes, config, unchanged: target.brokerAddr };
    if (qd) Object.assign(config, { readQueueNums: qd.readQueueNums, writeQueueNums: qd.writeQueueNums, topicSysFlag: qd.topicSysFlag });
    await createAndUpdateTopicConfig(admin, target.brokerAddr, config);
    changes.push({ addr: target.brokerAddr, oldPerm, newPerm: perm });
  } else if (target.cluster !== undefined) {
    for (const addr of await masterAddrsOfCluster(admin, target.cluster)) {
      await createAndUpdateTopicConfig(admin, addr, config);
      changes.push({ addr, oldPerm: qd0.perm, newPerm: perm });
    }
  }
  return { changes, config };
}

/** DeleteTopicSubCommand.deleteTopic: from every master of the cluster, then from every name server. */
export async function deleteTopic(
  admin: AdminExt,
  cluster: string,
  topic: string,
): Promise<{ brokers: string[]; namesrvs: readonly string[] }> {
  const brokers = await masterAddrsOfCluster(admin, cluster);
  for (const addr of brokers) await admin.calls.deleteTopicInBroker(addr, topic, admin.timeoutMs);
  const namesrvs = admin.nameServerAddressList;
  for (const addr of namesrvs) await admin.calls.deleteTopicInNameServer(topic, cluster, admin.timeoutMs, addr);
  return { brokers, namesrvs };
}

export const isRetryOrDlqTopic = (t: string): boolean => t.startsWith(RETRY_GROUP_TOPIC_PREFIX) || t.startsWith(DLQ_GROUP_TOPIC_PREFIX);

export interface TopicClusterRow {
  cluster: string;
  topic: string;
  group: string;
}

/** topicList -c: every topic but retry and DLQ ones, with its cluster and each group consuming it. */
export async function topicListWithClusters(admin: AdminExt): Promise<TopicClusterRow[]> {
  const [info, topics] = await Promise.all([admin.examineBrokerClusterInfo(), admin.fetchAllTopicList()]);
  const rows: TopicClusterRow[] = [];
  const perTopic = await Promise.all(
    topics.filter((t) => !isRetryOrDlqTopic(t)).map(async (topic) => {
      let cluster = '';
      let groups: string[] = [];
      try {
        const route = await admin.examineTopicRouteInfo(topic);
        const brokerName = route.brokerDatas[0]?.brokerName;
        for (const [c, names] of info.clusterAddrTable) {
          if (brokerName !== undefined && names.has(brokerName)) {
            cluster = c;
            break;
          }
        }
        groups = await admin.queryTopicConsumeByWho(topic);
      } catch {
        // Java prints what it has: the topic with an empty cluster or group.
      }
      return (groups.length ? groups : ['']).map((group) => ({ cluster, topic, group }));
    }),
  );
  for (const r of perTopic) rows.push(...r);
  return rows;
}

/** allocateMQ: the queues each of `ips` would get from AllocateMessageQueueAveragely. */
export async function allocateMQ(admin: AdminExt, topic: string, ips: readonly string[]): Promise<Map<string, MessageQueue[]>> {
  const route = await admin.examineTopicRouteInfo(topic);
  // Java collects the queues in a HashSet and allocates over its iteration order.
  const put: MessageQueue[] = [];
  for (const qd of route.queueDatas) {
    if (isReadable(qd.perm)) { for (let i = 0; i < qd.readQueueNums; i++) put.push({ topic, brokerName: qd.brokerName, queueId: i }); }
  }
  const mqs = javaHashOrder(put, messageQueueHashCode);
  const strategy = new AllocateMessageQueueAveragely();
  const out = new Map<string, MessageQueue[]>();
  for (const ip of ips) out.set(ip, strategy.allocate('aa', ip, [...mqs], [...ips]));
  return out;
}
