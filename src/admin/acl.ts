// The plain ACL operations of mqadmin updateAclConfig, deleteAclConfig, updateGlobalWhiteAddr and
// clusterAclConfigVersion (tools/command/acl in 4.9.8), and their text. A cluster (-c) means every
// broker of it, slaves included, for changes (each keeps its own file) and its masters for versions.

import { type ClusterAclVersionInfo, type PlainAccessConfig, splitJavaList } from '../remoting/protocol/acl.js';
import { formatDateTime } from '../common/time-format.js';
import type { AdminExt } from './admin-ext.js';
import { allAddrsOfCluster, masterAddrsOfCluster } from './cluster.js';
import { jformat } from './format/printf.js';

export type { ClusterAclVersionInfo, PlainAccessConfig };

/** One broker (-b) or a cluster (-c). */
export type AclTarget = { brokerAddr: string } | { cluster: string };

async function changedBrokers(admin: AdminExt, target: AclTarget): Promise<string[]> {
  return 'brokerAddr' in target ? [target.brokerAddr] : allAddrsOfCluster(admin, target.cluster);
}

/** Runs `change` on each broker of `target` in turn, calling `done` after each; the first failure stops it. */
async function eachBroker(admin: AdminExt, target: AclTarget, change: (addr: string) => Promise<void>, done?: (addr: string) => void) {
  const addrs = await changedBrokers(admin, target);
  for (const addr of addrs) {
    await change(addr);
    done?.(addr);
  }
  return addrs;
}

/** UPDATE_AND_CREATE_ACL_CONFIG: creates the account or changes the fields given. */
export function updateAclConfig(admin: AdminExt, target: AclTarget, config: PlainAccessConfig, done?: (addr: string) => void) {
  return eachBroker(admin, target, (addr) => admin.calls.createPlainAccessConfig(addr, config, admin.timeoutMs), done);
}

/** DELETE_ACL_CONFIG. */
export function deleteAclConfig(admin: AdminExt, target: AclTarget, accessKey: string, done?: (addr: string) => void) {
  return eachBroker(admin, target, (addr) => admin.calls.deletePlainAccessConfig(addr, accessKey, admin.timeoutMs), done);
}

/** UPDATE_GLOBAL_WHITE_ADDRS_CONFIG: `addresses` comma-separated; they replace the file's list. */
export function updateGlobalWhiteAddr(
  admin: AdminExt,
  target: AclTarget,
  addresses: string,
  aclFileFullPath: string | undefined,
  done?: (addr: string) => void,
) {
  return eachBroker(
    admin,
    target,
    (addr) => admin.calls.updateGlobalWhiteAddrsConfig(addr, addresses, aclFileFullPath, admin.timeoutMs),
    done,
  );
}

/** GET_BROKER_CLUSTER_ACL_INFO of the broker, or of every master of the cluster. */
export async function aclConfigVersions(admin: AdminExt, target: AclTarget): Promise<ClusterAclVersionInfo[]> {
  const addrs = 'brokerAddr' in target ? [target.brokerAddr] : await masterAddrsOfCluster(admin, target.cluster);
  const out: ClusterAclVersionInfo[] = [];
  for (const addr of addrs) out.push(await admin.calls.getBrokerClusterAclInfo(addr, admin.timeoutMs));
  return out;
}

/** updateAclConfig's -t/-g value: String.split(",") of the trimmed text. */
export function permList(text: string): string[] {
  return splitJavaList(text.trim()) ?? [];
}

const javaText = (v: string | undefined) => (v === undefined ? 'null' : `'${v}'`);
const javaList = (v: readonly string[] | undefined) => (v === undefined ? 'null' : `[${v.join(', ')}]`);

/**
 * The account as updateAclConfig prints it. 4.9.8 prints the object's identity hash (PlainAccessConfig
 * has no toString there); this is 5.x's toString, which leaves the secret key out.
 */
export function accessConfigText(c: PlainAccessConfig): string {
  return `PlainAccessConfig{accessKey=${javaText(c.accessKey)}, whiteRemoteAddress=${javaText(c.whiteRemoteAddress)}, admin=${c.admin}, ` +
    `defaultTopicPerm=${javaText(c.defaultTopicPerm)}, defaultGroupPerm=${javaText(c.defaultGroupPerm)}, ` +
    `topicPerms=${javaList(c.topicPerms)}, groupPerms=${javaList(c.groupPerms)}}`;
}

const VERSION_ROW = '%-16s  %-22s  %-22s  %-20s  %-22s  %-22s';

export function aclVersionHeader(): string {
  return jformat(
    VERSION_ROW,
    '#Cluster Name',
    '#Broker Name',
    '#Broker Addr',
    '#AclFilePath',
    '#AclConfigVersionNum',
    '#AclLastUpdateTime',
  );
}

/** One line per ACL file of the broker. */
export function aclVersionLines(info: ClusterAclVersionInfo): string[] {
  return [...info.allAclConfigDataVersion].map(([file, dv]) =>
    jformat(VERSION_ROW, info.clusterName, info.brokerName, info.brokerAddr, file, String(dv.counter), formatDateTime(dv.timestamp))
  );
}
