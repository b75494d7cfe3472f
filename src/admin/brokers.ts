// Broker operations of mqadmin: runtime status, configuration (read and change, on one broker or a
// whole cluster), consume stats of every group on a broker, raw consume-queue entries, and the
// send probes (sendMsgStatus: send to the broker's own topic and time it; clusterRT: the average
// send time of every broker of a cluster).

import { type QueueProgress, queueProgress } from './groups.js';
import { Message } from '../client/message/message.js';
import { MQClientError } from '../common/errors.js';
import { ResponseCode } from '../remoting/response-code.js';
import type { ConsumeStatsList } from '../remoting/protocol/consume-stats.js';
import type { QueryConsumeQueueResponseBody } from '../remoting/protocol/consume-queue.js';
import type { AdminExt } from './admin-ext.js';
import { allAddrsOfCluster, masterAddrsOfCluster, mastersAndSlavesOfCluster } from './cluster.js';
import { withProducer } from './send.js';
import type { SendResult } from '../client/producer/send-result.js';

export interface BrokerConfigBlock {
  /** Java's banner line for the block ("============<addr>============", or Master / Slave ones). */
  title: string;
  addr: string;
  config: Map<string, string>;
}

/** getBrokerConfig: one broker, or each master of a cluster followed by its slaves. */
export async function getBrokerConfigs(admin: AdminExt, target: { brokerAddr?: string; cluster?: string }): Promise<BrokerConfigBlock[]> {
  const read = async (addr: string, title: string): Promise<BrokerConfigBlock> => ({
    title,
    addr,
    config: (await admin.calls.getBrokerConfig(addr, admin.timeoutMs)).config,
  });
  if (target.brokerAddr !== undefined) return [await read(target.brokerAddr, `============${target.brokerAddr}============`)];
  const out: BrokerConfigBlock[] = [];
  for (const [master, slaves] of await mastersAndSlavesOfCluster(admin, target.cluster!)) {
    out.push(await read(master, `============Master: ${master}============`));
    for (const s of slaves) out.push(await read(s, `============My Master: ${master}=====Slave: ${s}============`));
  }
  return out;
}

/** updateBrokerConfig: one key on one broker, or on every master of a cluster. */
export async function updateBrokerConfig(
  admin: AdminExt,
  target: { brokerAddr?: string; cluster?: string },
  key: string,
  value: string,
): Promise<string[]> {
  const addrs = target.brokerAddr !== undefined ? [target.brokerAddr] : await masterAddrsOfCluster(admin, target.cluster!);
  for (const addr of addrs) await admin.calls.updateBrokerConfig(addr, [[key, value]], admin.timeoutMs);
  return addrs;
}

/** brokerStatus: the runtime table of one broker, or of every broker (masters and slaves) of a cluster. */
export async function brokerStatus(
  admin: AdminExt,
  target: { brokerAddr?: string; cluster?: string },
): Promise<Array<{ addr: string; stats: Map<string, string> }>> {
  const addrs = target.brokerAddr !== undefined ? [target.brokerAddr] : await allAddrsOfCluster(admin, target.cluster!);
  const out: Array<{ addr: string; stats: Map<string, string> }> = [];
  for (const addr of addrs) out.push({ addr, stats: await admin.fetchBrokerRuntimeStats(addr) });
  return out;
}

export function fetchConsumeStatsInBroker(
  admin: AdminExt,
  brokerAddr: string,
  isOrder: boolean,
  timeoutMs: number,
): Promise<ConsumeStatsList> {
  return admin.calls.getBrokerConsumeStats(brokerAddr, isOrder, timeoutMs);
}

/** One queue of brokerConsumeStats' table: consumerProgress' queue columns, and the group. */
export type BrokerConsumeStatsRow = Omit<QueueProgress, 'clientIP'> & { group: string };

/**
 * brokerConsumeStats' rows: every queue of every group with a backlog of at least `level`, leaving
 * out queues never consumed (no last timestamp), as mqadmin does.
 */
export function brokerConsumeStatsRows(list: ConsumeStatsList, level: number): BrokerConsumeStatsRow[] {
  const rows: BrokerConsumeStatsRow[] = [];
  for (const m of list.consumeStatsList) {
    for (const [group, statsList] of m) {
      for (const cs of statsList) {
        for (const [mq, w] of cs.offsetTable.sorted()) {
          const q = queueProgress(mq, w);
          if (q.diff < level || w.lastTimestamp <= 0) continue;
          rows.push({ ...q, group });
        }
      }
    }
  }
  return rows;
}

/** queryCq: `count` consume-queue entries from `index`, on the given broker or the topic's first master. */
export async function queryConsumeQueue(
  admin: AdminExt,
  topic: string,
  queueId: number,
  index: number,
  count: number,
  brokerAddr?: string,
  group?: string,
): Promise<{ addr: string; body: QueryConsumeQueueResponseBody }> {
  let addr = brokerAddr;
  if (addr === undefined) {
    const route = await admin.examineTopicRouteInfo(topic);
    addr = route.brokerDatas[0]?.brokerAddrs.get(0);
    if (addr === undefined) throw new MQClientError(ResponseCode.TOPIC_NOT_EXIST, `No topic route data of ${topic}!`);
  }
  const header = { topic, queueId, index, count, ...(group !== undefined ? { consumerGroup: group } : {}) };
  return { addr, body: await admin.calls.queryConsumeQueue(addr, header, admin.timeoutMs) };
}

/** The body sendMsgStatus sends: "hello jodie" repeated to at least `size` bytes. */
export function probeBody(size: number): string {
  return 'hello jodie'.repeat(Math.ceil(size / 11));
}

/** sendMsgStatus: a warm-up send to the broker's own topic, then `count` timed sends. */
export async function sendMsgStatus(
  admin: AdminExt,
  brokerName: string,
  size: number,
  count: number,
  onResult: (rtMs: number, r: SendResult) => void,
): Promise<void> {
  await withProducer(admin, 'PID_SMSC', async (p) => {
    await p.send(new Message(brokerName, probeBody(16)));
    for (let i = 0; i < count; i++) {
      const begin = Date.now();
      const r = await p.send(new Message(brokerName, probeBody(size)));
      onResult(Date.now() - begin, r);
    }
  });
}

export interface ClusterRtRow {
  cluster: string;
  brokerName: string;
  /** Average send time in ms, the first send left out. */
  rt: number;
  successCount: number;
  failCount: number;
}

/** One clusterRT round: `amount` sends of `size` bytes to each broker's own topic. */
export async function clusterRtRound(admin: AdminExt, cluster: string | undefined, amount: number, size: number): Promise<ClusterRtRow[]> {
  const info = await admin.examineBrokerClusterInfo();
  const clusters = cluster !== undefined ? [cluster] : [...info.clusterAddrTable.keys()];
  const rows: ClusterRtRow[] = [];
  await withProducer(admin, String(Date.now()), async (p) => {
    for (const c of clusters) {
      const names = info.clusterAddrTable.get(c);
      if (!names) throw new MQClientError(ResponseCode.SYSTEM_ERROR, `cluster [${c}] not exist`);
      for (const brokerName of [...names].sort()) {
        const body = 'a'.repeat(size);
        let elapsed = 0;
        let ok = 0;
        let failed = 0;
        for (let i = 0; i < amount; i++) {
          const start = Date.now();
          try {
            await p.send(new Message(brokerName, body));
            ok++;
          } catch {
            failed++;
          }
          if (i !== 0) elapsed += Date.now() - start;
        }
        rows.push({ cluster: c, brokerName, rt: amount > 1 ? elapsed / (amount - 1) : 0, successCount: ok, failCount: failed });
      }
    }
  });
  return rows;
}

export interface SendRtRow {
  /** The queue picked last (Java's row keeps the previous pick when a send fails before picking). */
  brokerName: string;
  queueId: number;
  ok: boolean;
  rtMs: number;
}

/**
 * checkMsgSendRT: `amount` sends of a `size`-byte body of 'a's to `topic`, send i to queue i modulo
 * the queue count; `onRow` gets each send as it ends. The answer is the average time of every send
 * but the first (NaN for a single send, as Java's 0/0).
 */
export async function checkMsgSendRT(
  admin: AdminExt,
  topic: string,
  amount: number,
  size: number,
  onRow: (row: SendRtRow) => void,
): Promise<number> {
  let brokerName = '';
  let queueId = 0;
  let elapsed = 0;
  const msg = new Message(topic, 'a'.repeat(size));
  await withProducer(admin, String(Date.now()), async (p) => {
    for (let i = 0; i < amount; i++) {
      const start = Date.now();
      let ok = false;
      try {
        await p.send(msg, {
          selector: (mqs, _m, arg) => {
            const mq = mqs[(arg as number) % mqs.length]!;
            brokerName = mq.brokerName;
            queueId = mq.queueId;
            return mq;
          },
          arg: i,
        });
        ok = true;
      } catch {
        ok = false;
      }
      const rtMs = Date.now() - start;
      if (i !== 0) elapsed += rtMs;
      onRow({ brokerName, queueId, ok, rtMs });
    }
  });
  return elapsed / (amount - 1);
}
