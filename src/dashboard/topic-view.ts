// The Topics page's data and actions: the topic list with each topic's kind (normal, retry, DLQ,
// system: RocketMQ's own topics, `rmq_sys_*`, and the cluster and broker names the name server lists
// as system topics), a topic's route, queue offsets and consumer groups, creating or updating it on
// clusters or brokers, deleting it everywhere, and sending it a test message.

import type { AdminExt } from '../admin/admin-ext.js';
import { sendOne } from '../admin/send.js';
import { createTopicConfig, deleteTopic, isRetryOrDlqTopic, updateTopicOnBroker, updateTopicOnCluster } from '../admin/topics.js';
import { MixAll } from '../client/mix-all.js';
import { DLQ_GROUP_TOPIC_PREFIX, RETRY_GROUP_TOPIC_PREFIX, SystemTopic, topicNameRemark } from '../common/message/message-const.js';
import { compareMessageQueue } from '../remoting/protocol/message-queue.js';
import { PermName } from '../remoting/protocol/topic-config.js';
import { badRequest, HttpError, type Params } from './http.js';

export type TopicKind = 'NORMAL' | 'RETRY' | 'DLQ' | 'SYSTEM';

const SYSTEM_TOPICS: ReadonlySet<string> = new Set(Object.values(SystemTopic));
const SYSTEM_TOPIC_PREFIX = 'rmq_sys_';

export function topicKind(topic: string, nameServerSystemTopics: ReadonlySet<string>): TopicKind {
  if (topic.startsWith(RETRY_GROUP_TOPIC_PREFIX)) return 'RETRY';
  if (topic.startsWith(DLQ_GROUP_TOPIC_PREFIX)) return 'DLQ';
  if (SYSTEM_TOPICS.has(topic) || topic.startsWith(SYSTEM_TOPIC_PREFIX) || nameServerSystemTopics.has(topic)) return 'SYSTEM';
  return 'NORMAL';
}

export async function topicList(admin: AdminExt): Promise<{ topics: Array<{ topic: string; kind: TopicKind }> }> {
  const [all, sys] = await Promise.all([
    admin.fetchAllTopicList(),
    // An older name server without the system topic list still gives a usable page.
    admin.calls.getSystemTopicList(admin.timeoutMs).then((l) => new Set(l.topicList), () => new Set<string>()),
  ]);
  return { topics: [...new Set(all)].sort().map((topic) => ({ topic, kind: topicKind(topic, sys) })) };
}

export async function topicRoute(admin: AdminExt, topic: string) {
  const route = await admin.examineTopicRouteInfo(topic);
  return {
    topic,
    orderTopicConf: route.orderTopicConf ?? null,
    brokers: route.brokerDatas.map((bd) => ({
      cluster: bd.cluster,
      brokerName: bd.brokerName,
      addrs: [...bd.brokerAddrs].sort(([a], [b]) => a - b).map(([brokerId, addr]) => ({ brokerId, addr })),
    })),
    queues: route.queueDatas.map((q) => ({ ...q })),
  };
}

/** Each queue's offsets and the store time of its last message. */
export async function topicStatus(admin: AdminExt, topic: string) {
  const stats = await admin.examineTopicStats(topic);
  const queues = [...stats].sort(([a], [b]) => compareMessageQueue(a, b)).map(([mq, o]) => ({
    brokerName: mq.brokerName,
    queueId: mq.queueId,
    minOffset: o.minOffset,
    maxOffset: o.maxOffset,
    lastUpdateTimestamp: o.lastUpdateTimestamp,
  }));
  return { topic, queues, messages: queues.reduce((n, q) => n + q.maxOffset - q.minOffset, 0) };
}

/** The groups consuming the topic, each with its lag and rate on this topic (or why they could not be read). */
export async function topicConsumers(admin: AdminExt, topic: string) {
  const groups = await admin.queryTopicConsumeByWho(topic);
  return {
    topic,
    groups: await Promise.all(
      groups.sort().map(async (group) => {
        try {
          const cs = await admin.examineConsumeStats(group, topic);
          let lag = 0;
          const queues = [...cs.offsetTable].sort(([a], [b]) => compareMessageQueue(a, b)).map(([mq, w]) => {
            lag += w.brokerOffset - w.consumerOffset;
            return { brokerName: mq.brokerName, queueId: mq.queueId, ...w, lag: w.brokerOffset - w.consumerOffset };
          });
          return { group, lag, consumeTps: cs.consumeTps, queues };
        } catch (err) {
          return { group, lag: 0, consumeTps: 0, queues: [], error: (err as Error).message };
        }
      }),
    ),
  };
}

const PERMS: ReadonlySet<number> = new Set([PermName.PERM_WRITE, PermName.PERM_READ, PermName.PERM_READ | PermName.PERM_WRITE]);
const MAX_QUEUES = 65_535;

/** The checks of a create or update form, with RocketMQ's topic rules and remarks; 400 on the first that fails. */
export function topicForm(p: Params) {
  const topic = (p.optString('topic') ?? '').trim();
  const remark = topicNameRemark(topic);
  if (remark !== null) throw badRequest(remark);
  const writeQueueNums = p.optInt('writeQueueNums', 0, MAX_QUEUES) ?? 8;
  const readQueueNums = p.optInt('readQueueNums', 0, MAX_QUEUES) ?? 8;
  const perm = p.optInt('perm', 0, 7) ?? 6;
  if (!PERMS.has(perm)) throw badRequest(`perm must be 2 (write), 4 (read) or 6 (read and write), not ${perm}`);
  const clusters = p.strings('clusters');
  const brokers = p.strings('brokers');
  if (clusters.length === 0 && brokers.length === 0) throw badRequest('choose at least one cluster or broker to create the topic on');
  return { topic, writeQueueNums, readQueueNums, perm, order: p.bool('order'), clusters, brokers };
}

/** Creates or updates the topic on every master of the clusters and on the masters of the brokers named. */
export async function saveTopic(admin: AdminExt, form: ReturnType<typeof topicForm>): Promise<{ topic: string; addrs: string[] }> {
  const tc = createTopicConfig(form.topic, {
    readQueueNums: form.readQueueNums,
    writeQueueNums: form.writeQueueNums,
    perm: form.perm,
    order: form.order,
  });
  const addrs: string[] = [];
  for (const cluster of form.clusters) addrs.push(...(await updateTopicOnCluster(admin, cluster, tc)).addrs);
  if (form.brokers.length > 0) {
    const info = await admin.examineBrokerClusterInfo();
    for (const name of form.brokers) {
      const master = info.brokerAddrTable.get(name)?.brokerAddrs.get(MixAll.MASTER_ID);
      if (master === undefined) throw new HttpError(404, `broker ${name} has no master registered on the name server`);
      if (!addrs.includes(master)) addrs.push(...(await updateTopicOnBroker(admin, master, tc)).addrs);
    }
  }
  return { topic: form.topic, addrs };
}

/** Deletes the topic from every cluster that serves it: its masters, then the name servers. */
export async function deleteTopicEverywhere(admin: AdminExt, topic: string): Promise<{ topic: string; clusters: string[] }> {
  const [info, route] = await Promise.all([admin.examineBrokerClusterInfo(), admin.examineTopicRouteInfo(topic)]);
  const names = new Set(route.brokerDatas.map((bd) => bd.brokerName));
  const clusters = [...info.clusterAddrTable].filter(([, brokers]) => [...brokers].some((b) => names.has(b))).map(([c]) => c);
  for (const cluster of clusters) await deleteTopic(admin, cluster, topic);
  return { topic, clusters };
}

/** Sends one message with the tags, keys and body given; retry and DLQ topics are refused as Java's producer refuses them. */
export async function sendTestMessage(admin: AdminExt, p: Params) {
  const topic = p.string('topic');
  if (isRetryOrDlqTopic(topic)) throw badRequest(`send a test message to a normal topic, not ${topic}`);
  const body = p.optString('body') ?? '';
  if (body.length === 0) throw badRequest('the message body length is zero');
  const r = await sendOne(admin, { topic, body, ...optional('tags', p.optString('tags')), ...optional('keys', p.optString('keys')) });
  return {
    sendStatus: r.sendStatus,
    msgId: r.msgId,
    offsetMsgId: r.offsetMsgId,
    brokerName: r.messageQueue.brokerName,
    queueId: r.messageQueue.queueId,
    queueOffset: r.queueOffset,
  };
}

function optional<K extends string>(key: K, v: string | undefined): { [P in K]?: string } {
  return (v === undefined ? {} : { [key]: v }) as { [P in K]?: string };
}
