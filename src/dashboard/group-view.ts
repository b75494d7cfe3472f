// The Consumers and Producers pages' data and actions: consumer groups with members, versions,
// consume mode, TPS and total lag; one group's per-queue lag and connected clients; resetting a
// group's offsets on a topic to a time; deleting a group (with its retry and DLQ topics, as
// mqadmin deleteSubGroup -c does); and the producers of a group connected to a topic's brokers.

import type { AdminExt } from '../admin/admin-ext.js';
import { masterAddrsOfCluster } from '../admin/cluster.js';
import { allGroupsProgress, deleteSubGroup, groupProgress, subscriptionGroupExists } from '../admin/groups.js';
import { resetOffset } from '../admin/offsets.js';
import { mqVersionDesc } from '../common/mq-version.js';
import { ResponseCode } from '../remoting/response-code.js';
import type { ClientConnection } from '../remoting/protocol/connection-info.js';
import { consumeTypeCN } from '../remoting/protocol/consumer-types.js';
import { HttpError, type Params } from './http.js';

export async function groupList(admin: AdminExt) {
  const groups = await allGroupsProgress(admin);
  return { groups: groups.sort((a, b) => (a.group < b.group ? -1 : a.group > b.group ? 1 : 0)) };
}

/** Every queue the group consumes with its lag, and the client holding it. */
export async function groupDetail(admin: AdminExt, group: string) {
  const p = await groupProgress(admin, group, true);
  return { group, consumeTps: p.consumeTps, lag: p.diffTotal, queues: p.queues.map((q) => ({ ...q, lag: q.diff })) };
}

const connectionView = (c: ClientConnection) => ({
  clientId: c.clientId,
  clientAddr: c.clientAddr,
  language: c.language,
  version: mqVersionDesc(c.version),
});

/** Who is connected as the group, how it consumes, and what it subscribed to. */
export async function groupClients(admin: AdminExt, group: string) {
  const cc = await admin.examineConsumerConnectionInfo(group);
  return {
    group,
    consumeType: cc.consumeType ? consumeTypeCN[cc.consumeType] : null,
    messageModel: cc.messageModel,
    consumeFromWhere: cc.consumeFromWhere,
    clients: cc.connectionSet.map(connectionView),
    subscriptions: [...cc.subscriptionTable.values()].map((s) => ({
      topic: s.topic,
      expressionType: s.expressionType,
      subString: s.subString,
    })),
  };
}

/** resetOffsetByTime: live clients are told to jump (the new way); an offline group gets its offsets committed (the old way). */
export async function resetGroupOffset(admin: AdminExt, p: Params) {
  const group = p.string('group');
  const topic = p.string('topic');
  const timestamp = p.int('timestamp', -1, Number.MAX_SAFE_INTEGER);
  const r = await resetOffset(admin, topic, group, timestamp, p.bool('force'));
  if (r.mode === 'new') {
    return {
      group,
      topic,
      mode: r.mode,
      queues: r.offsets.sorted().map(([mq, offset]) => ({ brokerName: mq.brokerName, queueId: mq.queueId, offset })),
    };
  }
  return {
    group,
    topic,
    mode: r.mode,
    queues: r.rollback.map((s) => ({ brokerName: s.brokerName, queueId: s.queueId, offset: s.rollbackOffset })),
  };
}

/** Deletes the group from every cluster whose masters have it, with its %RETRY% and %DLQ% topics. */
export async function deleteGroup(admin: AdminExt, group: string) {
  const info = await admin.examineBrokerClusterInfo();
  const clusters: string[] = [];
  for (const cluster of info.clusterAddrTable.keys()) {
    if (await subscriptionGroupExists(admin, await masterAddrsOfCluster(admin, cluster), group)) clusters.push(cluster);
  }
  if (clusters.length === 0) {
    throw new HttpError(404, `subscription group ${group} does not exist on any master`, ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST);
  }
  const topics: Array<{ topic: string; error?: string }> = [];
  for (const cluster of clusters) topics.push(...(await deleteSubGroup(admin, { cluster }, group, true)).topics);
  return { group, clusters, topics };
}

export async function producerClients(admin: AdminExt, topic: string, group: string) {
  return { topic, group, clients: (await admin.examineProducerConnectionInfo(group, topic)).map(connectionView) };
}
