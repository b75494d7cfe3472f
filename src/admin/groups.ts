// Consumer group operations of mqadmin: create, update and delete subscription groups on brokers,
// and consumer progress, for one group (every queue it consumes, with the backlog) or for all of
// them (found through their %RETRY% topics: members, version, consume type, model, TPS, backlog).

import { getDLQTopic, getRetryTopic } from '../client/mix-all.js';
import { RETRY_GROUP_TOPIC_PREFIX } from '../common/message/message-const.js';
import { type ConsumeStats, consumeStatsTotalDiff, type OffsetWrapper } from '../remoting/protocol/consume-stats.js';
import { type ConsumerConnection, minClientVersion } from '../remoting/protocol/connection-info.js';
import { ConsumeType } from '../remoting/protocol/consumer-types.js';
import type { MessageQueue } from '../remoting/protocol/message-queue.js';
import type { SubscriptionGroupConfig } from '../remoting/protocol/subscription-group.js';
import { MQClientError } from '../common/errors.js';
import { ResponseCode } from '../remoting/response-code.js';
import type { AdminExt } from './admin-ext.js';
import { masterAddrsOfCluster } from './cluster.js';
import { mqVersionDesc } from './format/mq-version.js';
import { deleteTopic } from './topics.js';
import { javaHashMapOrder } from './format/java-hashmap.js';
import { selectBrokerAddr } from '../remoting/protocol/namesrv/route-data.js';

export { createSubscriptionGroupConfig } from '../remoting/protocol/subscription-group.js';

/** SubscriptionGroupConfig.toString, which updateSubGroup prints. */
export function subscriptionGroupConfigToString(c: SubscriptionGroupConfig): string {
  return `SubscriptionGroupConfig [groupName=${c.groupName}, consumeEnable=${c.consumeEnable}, consumeFromMinEnable=${c.consumeFromMinEnable}, ` +
    `consumeBroadcastEnable=${c.consumeBroadcastEnable}, retryQueueNums=${c.retryQueueNums}, retryMaxTimes=${c.retryMaxTimes}, ` +
    `brokerId=${c.brokerId}, whichBrokerWhenConsumeSlowly=${c.whichBrokerWhenConsumeSlowly}, notifyConsumerIdsChangedEnable=${c.notifyConsumerIdsChangedEnable}]`;
}

export async function updateSubGroup(
  admin: AdminExt,
  target: { brokerAddr?: string; cluster?: string },
  config: SubscriptionGroupConfig,
): Promise<string[]> {
  const addrs = target.brokerAddr !== undefined ? [target.brokerAddr] : await masterAddrsOfCluster(admin, target.cluster!);
  for (const addr of addrs) await admin.api.createSubscriptionGroup(addr, config, admin.timeoutMs);
  return addrs;
}

/** Whether any master of the cluster (or the broker) has the group. */
export async function subscriptionGroupExists(admin: AdminExt, addrs: readonly string[], group: string): Promise<boolean> {
  for (const addr of addrs) {
    if ((await admin.calls.getAllSubscriptionGroup(addr, admin.timeoutMs)).subscriptionGroupTable.has(group)) return true;
  }
  return false;
}

/** Fails unless one of the brokers has the group: deleting one no broker has is a mistake worth reporting. */
export async function requireSubscriptionGroup(admin: AdminExt, addrs: readonly string[], group: string): Promise<void> {
  if (!(await subscriptionGroupExists(admin, addrs, group))) {
    throw new MQClientError(ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, `subscription group ${group} does not exist on ${addrs.join(', ')}`);
  }
}

export interface DeleteSubGroupResult {
  brokers: string[];
  /** With -c: the group's retry and DLQ topics, deleted too; errors are reported, not fatal. */
  topics: Array<{ topic: string; error?: string }>;
}

/** deleteSubGroup: from one broker, or from every master of a cluster along with its %RETRY% and %DLQ% topics. */
export async function deleteSubGroup(
  admin: AdminExt,
  target: { brokerAddr?: string; cluster?: string },
  group: string,
  removeOffset: boolean,
): Promise<DeleteSubGroupResult> {
  const brokers = target.brokerAddr !== undefined ? [target.brokerAddr] : await masterAddrsOfCluster(admin, target.cluster!);
  for (const addr of brokers) await admin.calls.deleteSubscriptionGroup(addr, group, removeOffset, admin.timeoutMs);
  const topics: DeleteSubGroupResult['topics'] = [];
  if (target.cluster !== undefined) {
    for (const topic of [getRetryTopic(group), getDLQTopic(group)]) {
      try {
        await deleteTopic(admin, target.cluster, topic);
        topics.push({ topic });
      } catch (err) {
        topics.push({ topic, error: (err as Error).message });
      }
    }
  }
  return { brokers, topics };
}

export interface QueueProgress {
  topic: string;
  brokerName: string;
  queueId: number;
  brokerOffset: number;
  consumerOffset: number;
  diff: number;
  lastTimestamp: number;
  /** With -s true: the IP of the client holding the queue. */
  clientIP?: string;
}

export interface GroupProgress {
  group: string;
  queues: QueueProgress[];
  consumeTps: number;
  diffTotal: number;
}

/** The IP of each queue's current owner, from each member's running info (best effort, as Java). */
async function queueOwners(admin: AdminExt, group: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  try {
    const cc = await admin.examineConsumerConnectionInfo(group);
    for (const conn of cc.connectionSet) {
      const info = await admin.getConsumerRunningInfo(group, conn.clientId, false);
      for (const mq of info.mqTable.keys()) out.set(mqId(mq), conn.clientId.split('@')[0]!);
    }
  } catch {
    // Owners are a decoration; the progress stands without them.
  }
  return out;
}

/** One queue's row of consumerProgress (and of brokerConsumeStats): offsets and the backlog between them. */
export function queueProgress(mq: MessageQueue, w: OffsetWrapper): QueueProgress {
  return {
    topic: mq.topic,
    brokerName: mq.brokerName,
    queueId: mq.queueId,
    brokerOffset: w.brokerOffset,
    consumerOffset: w.consumerOffset,
    diff: w.brokerOffset - w.consumerOffset,
    lastTimestamp: w.lastTimestamp,
  };
}

const mqId = (mq: MessageQueue) => `${mq.topic}@${mq.brokerName}@${mq.queueId}`;

/** consumerProgress -g: every queue of every topic the group consumes, sorted as a Java TreeMap sorts them. */
export async function groupProgress(admin: AdminExt, group: string, showClientIP: boolean): Promise<GroupProgress> {
  const stats: ConsumeStats = await admin.examineConsumeStats(group);
  const owners = showClientIP ? await queueOwners(admin, group) : undefined;
  let diffTotal = 0;
  const queues = stats.offsetTable.sorted().map(([mq, w]): QueueProgress => {
    const q = queueProgress(mq, w);
    diffTotal += q.diff;
    if (owners) q.clientIP = owners.get(mqId(mq)) ?? 'N/A';
    return q;
  });
  return { group, queues, consumeTps: stats.consumeTps, diffTotal };
}

export interface GroupSummary {
  group: string;
  count: number;
  /** Oldest client version ("OFFLINE" when nobody is connected). */
  version: string;
  /** PUSH or PULL, empty when offline. */
  consumeType: string;
  /** CLUSTERING or BROADCASTING for push consumers, else empty. */
  messageModel: string;
  consumeTps: number;
  diffTotal: number;
}

/** consumerProgress without -g: one line per group that has a %RETRY% topic. */
export async function allGroupsProgress(admin: AdminExt): Promise<GroupSummary[]> {
  const groups = (await admin.fetchAllTopicList()).filter((t) => t.startsWith(RETRY_GROUP_TOPIC_PREFIX)).map((t) =>
    t.slice(RETRY_GROUP_TOPIC_PREFIX.length)
  );
  return Promise.all(groups.map(async (group): Promise<GroupSummary> => {
    let stats: ConsumeStats | undefined;
    let cc: ConsumerConnection | undefined;
    try {
      stats = await admin.examineConsumeStats(group);
    } catch {
      // A group that never consumed shows zeros.
    }
    try {
      cc = await admin.examineConsumerConnectionInfo(group);
    } catch {
      // Not online: counted as zero members.
    }
    const count = cc?.connectionSet.length ?? 0;
    return {
      group,
      count,
      version: count > 0 ? mqVersionDesc(minClientVersion(cc!)) : 'OFFLINE',
      consumeType: count > 0 ? (cc!.consumeType === ConsumeType.CONSUME_ACTIVELY ? 'PULL' : 'PUSH') : '',
      messageModel: count > 0 && cc!.consumeType === ConsumeType.CONSUME_PASSIVELY ? String(cc!.messageModel ?? '') : '',
      consumeTps: Math.trunc(stats?.consumeTps ?? 0),
      diffTotal: stats ? consumeStatsTotalDiff(stats) : 0,
    };
  }));
}

export interface ConsumerConfigInfo {
  /** Null when no cluster lists the broker (Java prints "null"). */
  cluster: string | null;
  brokerName: string;
  config: SubscriptionGroupConfig;
}

/**
 * getConsumerConfig: the group's subscription group config on each broker that has it, asked of each
 * broker's master (else its first slave), in the order Java walks the cluster table's HashMap.
 */
export async function consumerConfigs(admin: AdminExt, group: string): Promise<ConsumerConfigInfo[]> {
  const info = await admin.examineBrokerClusterInfo();
  const out: ConsumerConfigInfo[] = [];
  for (const [brokerName, bd] of javaHashMapOrder(info.brokerAddrTable)) {
    const addr = selectBrokerAddr(bd);
    if (addr === undefined) continue;
    const config = (await admin.calls.getAllSubscriptionGroup(addr, admin.timeoutMs)).subscriptionGroupTable.get(group);
    if (!config) continue;
    const cluster = javaHashMapOrder(info.clusterAddrTable).find(([, names]) => names.has(brokerName))?.[0] ?? null;
    out.push({ cluster, brokerName, config });
  }
  return out;
}
