// The Cluster page's data: every broker the name servers know, by cluster and name, with what
// mqadmin clusterList shows (version, TPS in and out, today's and yesterday's counts, disk use),
// and one broker's configuration or runtime table on demand. Broker addresses a request names must
// be brokers of the cluster: the dashboard never connects where the name servers do not point.

import type { AdminExt } from '../admin/admin-ext.js';
import { getBrokerConfigs } from '../admin/brokers.js';
import { clusterRows } from '../admin/cluster.js';
import { clusterBaseFigures, clusterMoreFigures } from '../admin/format/cluster-format.js';
import { MixAll } from '../client/mix-all.js';
import { HttpError } from './http.js';

export interface BrokerView {
  cluster: string;
  brokerName: string;
  brokerId: number;
  /** MASTER for broker id 0, SLAVE otherwise (as RocketMQ 4 assigns roles). */
  role: 'MASTER' | 'SLAVE';
  addr: string;
  version: string;
  inTps: number;
  outTps: number;
  inToday: number;
  outToday: number;
  inYesterday: number;
  outYesterday: number;
  /** Commit-log disk usage, 0..1. */
  diskRatio: number;
  /** Why the broker's figures could not be read. */
  error?: string;
}

export interface ClusterView {
  namesrvAddrs: readonly string[];
  brokers: BrokerView[];
}

export async function clusterView(admin: AdminExt, now = Date.now()): Promise<ClusterView> {
  const rows = await clusterRows(admin);
  const brokers = rows.map((r): BrokerView => {
    const base = clusterBaseFigures(r, now);
    const more = clusterMoreFigures(r);
    return {
      cluster: r.cluster,
      brokerName: r.brokerName,
      brokerId: r.brokerId,
      role: r.brokerId === MixAll.MASTER_ID ? 'MASTER' : 'SLAVE',
      addr: r.addr,
      version: base.version,
      inTps: base.inTps,
      outTps: base.outTps,
      inToday: more.inTotalToday,
      outToday: more.outTotalToday,
      inYesterday: more.inTotalYest,
      outYesterday: more.outTotalYest,
      diskRatio: base.space,
      ...(base.error !== undefined ? { error: base.error } : {}),
    };
  });
  return { namesrvAddrs: admin.nameServerAddressList, brokers };
}

/** `addr` when the name servers list it as a broker; 404 otherwise. */
export async function knownBrokerAddr(admin: AdminExt, addr: string): Promise<string> {
  const info = await admin.examineBrokerClusterInfo();
  for (const bd of info.brokerAddrTable.values()) if ([...bd.brokerAddrs.values()].includes(addr)) return addr;
  throw new HttpError(404, `no broker with address ${addr} is registered on the name server`);
}

/** The broker's configuration, keys sorted. */
export async function brokerConfigView(admin: AdminExt, addr: string): Promise<{ addr: string; config: Record<string, string> }> {
  const [block] = await getBrokerConfigs(admin, { brokerAddr: await knownBrokerAddr(admin, addr) });
  return { addr, config: sortedRecord(block!.config) };
}

/** The broker's runtime table (GET_BROKER_RUNTIME_INFO), keys sorted. */
export async function brokerRuntimeView(admin: AdminExt, addr: string): Promise<{ addr: string; runtime: Record<string, string> }> {
  return { addr, runtime: sortedRecord(await admin.fetchBrokerRuntimeStats(await knownBrokerAddr(admin, addr))) };
}

function sortedRecord(m: Map<string, string>): Record<string, string> {
  return Object.fromEntries([...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
