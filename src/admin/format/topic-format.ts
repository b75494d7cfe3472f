// Topic tables and texts, as mqadmin prints them:
//   topicList -c     #Cluster Name #Topic #Consumer Group  (header widths 20/48/48, rows 20/64/64)
//   topicRoute       the route as fastjson's pretty JSON (tabs, unquoted broker ids); -l a table
//                    #ClusterName #BrokerName #BrokerAddrs #ReadQueue #WriteQueue #Perm and a total
//   topicStatus      #Broker Name #QID #Min Offset #Max Offset #Last Updated, queues sorted
//   statsAll         #Topic #Consumer Group #Accumulation #InTPS #OutTPS #InMsg24Hour #OutMsg24Hour
//   allocateMQ       {"result":{"<ip>":[MessageQueue..]}} (RebalanceResult as compact fastjson)

import { IntKeyMap, stringifyFastjson } from '../../remoting/fastjson.js';
import { type MessageQueue, type MessageQueueMap, messageQueueToJson } from '../../remoting/protocol/message-queue.js';
import type { TopicRouteData } from '../../remoting/protocol/namesrv/route-data.js';
import type { TopicOffset } from '../../remoting/protocol/topic-stats.js';
import type { TopicClusterRow } from '../topics.js';
import { javaHashMapOrder } from './java-hashmap.js';
import { frontStringAtLeast, jformat } from './printf.js';
import { timeMillisToHumanString2 } from './time.js';

export function topicClusterHeader(): string {
  return jformat('%-20s  %-48s  %-48s', '#Cluster Name', '#Topic', '#Consumer Group');
}

export function topicClusterLine(r: TopicClusterRow): string {
  return jformat(
    '%-20s  %-64s  %-64s',
    frontStringAtLeast(r.cluster, 20),
    frontStringAtLeast(r.topic, 64),
    frontStringAtLeast(r.group, 64),
  );
}

/** TopicRouteData.toJson(true): fastjson's pretty layout, bean fields in alphabetical order. */
export function topicRouteJson(route: TopicRouteData): string {
  return stringifyFastjson({
    brokerDatas: route.brokerDatas.map((bd) => ({
      brokerAddrs: new IntKeyMap([...bd.brokerAddrs]),
      brokerName: bd.brokerName,
      cluster: bd.cluster,
    })),
    filterServerTable: new Map(route.filterServerTable),
    orderTopicConf: route.orderTopicConf,
    queueDatas: route.queueDatas.map((q) => ({
      brokerName: q.brokerName,
      perm: q.perm,
      readQueueNums: q.readQueueNums,
      topicSysFlag: q.topicSysFlag,
      writeQueueNums: q.writeQueueNums,
    })),
  }, { pretty: true });
}

const ROUTE_FORMAT = '%-45s %-32s %-50s %-10s %-11s %-5s';

/** HashMap<Long, String>.toString of broker addresses: "{0=127.0.0.1:10911}". */
function brokerAddrsText(addrs: ReadonlyMap<number, string>): string {
  return `{${[...addrs].sort((a, b) => a[0] - b[0]).map(([id, a]) => `${id}=${a}`).join(', ')}}`;
}

/** topicRoute -l: one row per broker, sorted by name, then a rule and the totals. */
export function topicRouteListLines(route: TopicRouteData): { header: string; rows: string[] } {
  const byBroker = new Map(route.queueDatas.map((q) => [q.brokerName, q]));
  let read = 0;
  let write = 0;
  const rows: string[] = [];
  for (const bd of [...route.brokerDatas].sort((a, b) => (a.brokerName < b.brokerName ? -1 : a.brokerName > b.brokerName ? 1 : 0))) {
    const q = byBroker.get(bd.brokerName);
    read += q?.readQueueNums ?? 0;
    write += q?.writeQueueNums ?? 0;
    rows.push(
      jformat(
        ROUTE_FORMAT,
        bd.cluster,
        bd.brokerName,
        brokerAddrsText(bd.brokerAddrs),
        q?.readQueueNums ?? 0,
        q?.writeQueueNums ?? 0,
        q?.perm ?? 0,
      ),
    );
  }
  rows.push('-'.repeat(158));
  rows.push(jformat(ROUTE_FORMAT, 'Total:', byBroker.size, '', read, write, ''));
  return { header: jformat(ROUTE_FORMAT, '#ClusterName', '#BrokerName', '#BrokerAddrs', '#ReadQueue', '#WriteQueue', '#Perm'), rows };
}

export interface TopicStatusRow {
  brokerName: string;
  queueId: number;
  minOffset: number;
  maxOffset: number;
  lastUpdateTimestamp: number;
}

export function topicStatusRows(table: MessageQueueMap<TopicOffset>): TopicStatusRow[] {
  return table.sorted().map(([mq, o]) => ({
    brokerName: mq.brokerName,
    queueId: mq.queueId,
    minOffset: o.minOffset,
    maxOffset: o.maxOffset,
    lastUpdateTimestamp: o.lastUpdateTimestamp,
  }));
}

export function topicStatusHeader(): string {
  return jformat('%-32s  %-4s  %-20s  %-20s    %s', '#Broker Name', '#QID', '#Min Offset', '#Max Offset', '#Last Updated');
}

export function topicStatusLine(r: TopicStatusRow): string {
  const last = r.lastUpdateTimestamp > 0 ? timeMillisToHumanString2(r.lastUpdateTimestamp) : '';
  return jformat('%-32s  %-4d  %-20d  %-20d    %s', frontStringAtLeast(r.brokerName, 32), r.queueId, r.minOffset, r.maxOffset, last);
}

export interface StatsAllRow {
  topic: string;
  /** Empty when nobody consumes the topic. */
  group: string;
  accumulation: number;
  inTps: number;
  outTps: number;
  inMsg24Hour: number;
  outMsg24Hour: number;
}

const STATS_ALL = '%-64s  %-64s %12s %11s %11s %14s %14s';

export function statsAllHeader(): string {
  return jformat(STATS_ALL, '#Topic', '#Consumer Group', '#Accumulation', '#InTPS', '#OutTPS', '#InMsg24Hour', '#OutMsg24Hour');
}

export function statsAllLine(r: StatsAllRow): string {
  if (r.group === '') {
    return jformat(
      '%-64s  %-64s %12d %11.2f %11s %14d %14s',
      frontStringAtLeast(r.topic, 64),
      '',
      0,
      r.inTps,
      '',
      r.inMsg24Hour,
      'NO_CONSUMER',
    );
  }
  return jformat(
    '%-64s  %-64s %12d %11.2f %11.2f %14d %14d',
    frontStringAtLeast(r.topic, 64),
    frontStringAtLeast(r.group, 64),
    r.accumulation,
    r.inTps,
    r.outTps,
    r.inMsg24Hour,
    r.outMsg24Hour,
  );
}

/** RebalanceResult as fastjson writes it. */
export function allocateMQJson(result: ReadonlyMap<string, readonly MessageQueue[]>): string {
  const m = new Map<string, unknown>();
  for (const [ip, mqs] of javaHashMapOrder(result)) m.set(ip, mqs.map(messageQueueToJson));
  return stringifyFastjson({ result: m });
}
