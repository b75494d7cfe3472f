// Broker maintenance from mqadmin (DefaultMQAdminExtImpl): the store clean-ups cleanExpiredCQ,
// deleteExpiredCommitLog and cleanUnusedTopic on one broker or on every broker (masters and slaves)
// of a cluster, or of every cluster when none is named; and resuming the check of a half message.
// Like Java, a cluster the name server does not know reaches no broker and answers false.

import type { ClusterInfo } from '../remoting/protocol/namesrv/route-data.js';
import type { AdminExt } from './admin-ext.js';
import { viewMessage } from './messages.js';

export type MaintenanceTarget = { brokerAddr: string } | { cluster?: string };

export type StoreCleanup = 'cleanExpiredConsumeQueue' | 'deleteExpiredCommitLog' | 'cleanUnusedTopic';

/** ClusterInfo.retrieveAllAddrByCluster: every address of every broker of the cluster. */
function addrsOfCluster(info: ClusterInfo, cluster: string): string[] {
  const names = info.clusterAddrTable.get(cluster);
  if (!names) return [];
  return [...names].flatMap((n) => [...(info.brokerAddrTable.get(n)?.brokerAddrs.values() ?? [])]);
}

function cleanupOn(admin: AdminExt, what: StoreCleanup, addr: string): Promise<boolean> {
  switch (what) {
    case 'cleanExpiredConsumeQueue':
      return admin.calls.cleanExpiredConsumeQueue(addr, admin.timeoutMs);
    case 'deleteExpiredCommitLog':
      return admin.calls.deleteExpiredCommitLog(addr, admin.timeoutMs);
    case 'cleanUnusedTopic':
      return admin.calls.cleanUnusedTopicByAddr(addr, admin.timeoutMs);
  }
}

/**
 * Runs a store clean-up on the target; the answer is that of the last broker asked (false when none
 * was), as Java's. A broker that refuses throws its response code.
 */
export async function storeCleanup(admin: AdminExt, what: StoreCleanup, target: MaintenanceTarget): Promise<boolean> {
  if ('brokerAddr' in target) return cleanupOn(admin, what, target.brokerAddr);
  const info = await admin.examineBrokerClusterInfo();
  const clusters = target.cluster ? [target.cluster] : [...info.clusterAddrTable.keys()];
  let result = false;
  for (const c of clusters) {
    for (const addr of addrsOfCluster(info, c)) result = await cleanupOn(admin, what, addr);
  }
  return result;
}

/**
 * DefaultMQAdminExt.resumeCheckHalfMessage: the message is looked up first (by offset id, or by
 * client id in `topic`), then the broker that stored it is asked to write it back to the half queue.
 */
export async function resumeCheckHalfMessage(admin: AdminExt, msgId: string, topic?: string): Promise<boolean> {
  const msg = await viewMessage(admin, msgId, topic);
  return admin.calls.resumeCheckHalfMessage(msg.storeHost, msg.offsetMsgId, admin.timeoutMs);
}
