// Brokers of a cluster, as mqadmin's CommandUtil finds them in the name server's cluster table,
// and the rows of `clusterList` (each broker's runtime figures). A cluster the name server does
// not know is an error here (Java prints a hint and carries on with nothing), so a typo in -c
// never reports success.

import { MQClientError } from '../common/errors.js';
import { MixAll } from '../client/mix-all.js';
import { ResponseCode } from '../remoting/response-code.js';
import type { BrokerData, ClusterInfo } from '../remoting/protocol/namesrv/route-data.js';
import type { AdminExt } from './admin-ext.js';

function clusterNotFound(cluster: string, info: ClusterInfo): MQClientError {
  const known = [...info.clusterAddrTable.keys()].sort();
  return new MQClientError(
    ResponseCode.SYSTEM_ERROR,
    `cluster ${cluster} does not exist on the name server${known.length ? ` (known: ${known.join(', ')})` : ' (no broker is registered)'}`,
  );
}

/** The BrokerData of every broker set in `cluster`, by broker name. */
export function brokersOfCluster(info: ClusterInfo, cluster: string): BrokerData[] {
  const names = info.clusterAddrTable.get(cluster);
  if (!names) throw clusterNotFound(cluster, info);
  return [...names].sort().map((n) => info.brokerAddrTable.get(n)).filter((bd): bd is BrokerData => bd !== undefined);
}

/** CommandUtil.fetchMasterAddrByClusterName. */
export async function masterAddrsOfCluster(admin: AdminExt, cluster: string): Promise<string[]> {
  const info = await admin.examineBrokerClusterInfo();
  return brokersOfCluster(info, cluster).map((bd) => bd.brokerAddrs.get(MixAll.MASTER_ID)).filter((a): a is string => a !== undefined);
}

/** CommandUtil.fetchMasterAndSlaveAddrByClusterName. */
export async function allAddrsOfCluster(admin: AdminExt, cluster: string): Promise<string[]> {
  const info = await admin.examineBrokerClusterInfo();
  return brokersOfCluster(info, cluster).flatMap((bd) => [...bd.brokerAddrs.values()]);
}

/** CommandUtil.fetchMasterAndSlaveDistinguish: master address -> its slaves' addresses. */
export async function mastersAndSlavesOfCluster(admin: AdminExt, cluster: string): Promise<Map<string, string[]>> {
  const info = await admin.examineBrokerClusterInfo();
  const out = new Map<string, string[]>();
  for (const bd of brokersOfCluster(info, cluster)) {
    const master = bd.brokerAddrs.get(MixAll.MASTER_ID);
    if (master === undefined) continue;
    out.set(master, [...bd.brokerAddrs].filter(([id]) => id !== MixAll.MASTER_ID).map(([, a]) => a));
  }
  return out;
}

/** CommandUtil.fetchBrokerNameByClusterName. */
export async function brokerNamesOfCluster(admin: AdminExt, cluster: string): Promise<string[]> {
  const info = await admin.examineBrokerClusterInfo();
  return brokersOfCluster(info, cluster).map((bd) => bd.brokerName);
}

/** CommandUtil.fetchBrokerNameByAddr. */
export async function brokerNameOfAddr(admin: AdminExt, addr: string): Promise<string> {
  const info = await admin.examineBrokerClusterInfo();
  for (const [name, bd] of info.brokerAddrTable) if ([...bd.brokerAddrs.values()].includes(addr)) return name;
  throw new MQClientError(ResponseCode.SYSTEM_ERROR, `no broker with address ${addr} is registered on the name server`);
}

export interface ClusterBrokerRow {
  cluster: string;
  brokerName: string;
  brokerId: number;
  addr: string;
  /** The broker's runtime table, or the reason it could not be read. */
  stats: Map<string, string> | { error: string };
}

/**
 * One row per broker address of every cluster (or of `onlyCluster`), clusters in the name
 * server's order and broker names sorted, each with its runtime figures fetched in parallel.
 */
export async function clusterRows(admin: AdminExt, onlyCluster?: string): Promise<ClusterBrokerRow[]> {
  const info = await admin.examineBrokerClusterInfo();
  if (onlyCluster !== undefined && !info.clusterAddrTable.has(onlyCluster)) throw clusterNotFound(onlyCluster, info);
  const rows: ClusterBrokerRow[] = [];
  for (const cluster of info.clusterAddrTable.keys()) {
    if (onlyCluster !== undefined && cluster !== onlyCluster) continue;
    for (const bd of brokersOfCluster(info, cluster)) {
      // Java's HashMap of small Long keys iterates them in order: the master first, then its slaves.
      for (const [brokerId, addr] of [...bd.brokerAddrs].sort((x, y) => x[0] - y[0])) {
        rows.push({ cluster, brokerName: bd.brokerName, brokerId, addr, stats: new Map() });
      }
    }
  }
  await Promise.all(rows.map(async (r) => {
    try {
      r.stats = await admin.fetchBrokerRuntimeStats(r.addr);
    } catch (err) {
      r.stats = { error: (err as Error).message };
    }
  }));
  return rows;
}
