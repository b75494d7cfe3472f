// Throughput figures (mqadmin statsAll): per topic the put rate and today's puts, and per group
// consuming it the get rate, today's gets and the backlog. Rates come from the brokers' stats
// items (VIEW_BROKER_STATS_DATA); a broker without the item counts as zero, as in Java.

import { MixAll } from '../client/mix-all.js';
import { type BrokerStatsData, BrokerStatsName } from '../remoting/protocol/broker-admin.js';
import { consumeStatsTotalDiff } from '../remoting/protocol/consume-stats.js';
import type { AdminExt } from './admin-ext.js';
import type { StatsAllRow } from './format/topic-format.js';
import { isRetryOrDlqTopic } from './topics.js';

/** StatsAllSubCommand.compute24HourSum: the day's sum, else the hour's, else the minute's. */
export function compute24HourSum(d: BrokerStatsData): number {
  if (d.statsDay.sum !== 0) return d.statsDay.sum;
  if (d.statsHour.sum !== 0) return d.statsHour.sum;
  return d.statsMinute.sum;
}

async function sumOverMasters(
  admin: AdminExt,
  masters: readonly string[],
  statsName: string,
  statsKey: string,
): Promise<{ tps: number; sum: number }> {
  let tps = 0;
  let sum = 0;
  for (const addr of masters) {
    try {
      const d = await admin.calls.viewBrokerStatsData(addr, statsName, statsKey, admin.timeoutMs);
      tps += d.statsMinute.tps;
      sum += compute24HourSum(d);
    } catch {
      // No such stats item on that broker: nothing counted there.
    }
  }
  return { tps, sum };
}

/** The statsAll rows of one topic; with `activeOnly`, only rows with traffic today. */
export async function topicStats(admin: AdminExt, topic: string, activeOnly: boolean): Promise<StatsAllRow[]> {
  const route = await admin.examineTopicRouteInfo(topic);
  const masters = route.brokerDatas.map((bd) => bd.brokerAddrs.get(MixAll.MASTER_ID)).filter((a): a is string => a !== undefined);
  const groups = await admin.queryTopicConsumeByWho(topic);
  const put = await sumOverMasters(admin, masters, BrokerStatsName.TOPIC_PUT_NUMS, topic);
  if (groups.length === 0) {
    if (activeOnly && put.sum <= 0) return [];
    return [{ topic, group: '', accumulation: 0, inTps: put.tps, outTps: 0, inMsg24Hour: put.sum, outMsg24Hour: 0 }];
  }
  const rows: StatsAllRow[] = [];
  for (const group of groups) {
    const get = await sumOverMasters(admin, masters, BrokerStatsName.GROUP_GET_NUMS, `${topic}@${group}`);
    let accumulation = 0;
    try {
      accumulation = Math.max(0, consumeStatsTotalDiff(await admin.examineConsumeStats(group, topic)));
    } catch {
      // A group without progress has no backlog to show.
    }
    if (activeOnly && put.sum <= 0 && get.sum <= 0) continue;
    rows.push({ topic, group, accumulation, inTps: put.tps, outTps: get.tps, inMsg24Hour: put.sum, outMsg24Hour: get.sum });
  }
  return rows;
}

/** statsAll: every topic but retry and DLQ ones (or only `onlyTopic`). */
export async function statsAll(admin: AdminExt, activeOnly: boolean, onlyTopic?: string): Promise<StatsAllRow[]> {
  const topics = (await admin.fetchAllTopicList()).filter((t) => !isRetryOrDlqTopic(t) && (!onlyTopic || t === onlyTopic));
  const rows: StatsAllRow[] = [];
  for (const topic of topics) {
    try {
      rows.push(...(await topicStats(admin, topic, activeOnly)));
    } catch {
      // Java skips a topic whose figures cannot be read.
    }
  }
  return rows;
}
