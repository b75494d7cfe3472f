// `clusterList` tables, column for column as mqadmin prints them:
//   base  #Cluster Name #Broker Name #BID #Addr #Version #InTPS(LOAD) #OutTPS(LOAD) #PCWait(ms) #Hour #SPACE
//         TPS cells are "%9.2f(<thread-pool queue size>,<head wait>ms)", #Hour the age of the
//         oldest stored message, #SPACE the commit-log disk ratio
//   -m    #Cluster Name #Broker Name #InTotalYest #OutTotalYest #InTotalToday #OutTotalToday
// A broker whose figures could not be read prints zeros and blanks, as Java does.

import type { ClusterBrokerRow } from '../cluster.js';
import { jformat } from './printf.js';

const BASE = '%-16s  %-22s  %-4s  %-22s %-16s %19s %19s %10s %5s %6s';
const MORE = '%-16s  %-32s %14s %14s %14s %14s';

export interface ClusterBaseFigures {
  cluster: string;
  brokerName: string;
  brokerId: number;
  addr: string;
  version: string;
  inTps: number;
  outTps: number;
  sendThreadPoolQueueSize: string;
  sendThreadPoolQueueHeadWaitTimeMills: string;
  pullThreadPoolQueueSize: string;
  pullThreadPoolQueueHeadWaitTimeMills: string;
  pageCacheLockTimeMills: string;
  /** Hours since the oldest stored message. */
  hour: number;
  /** Commit-log disk usage ratio. */
  space: number;
  error?: string;
}

const firstNumber = (v: string | undefined): number => {
  const n = Number((v ?? '').split(' ')[0]);
  return Number.isFinite(n) ? n : 0;
};

export function clusterBaseFigures(r: ClusterBrokerRow, now: number): ClusterBaseFigures {
  const ok = r.stats instanceof Map;
  const s = ok ? (r.stats as Map<string, string>) : new Map<string, string>();
  const get = (k: string) => s.get(k) ?? (ok ? 'null' : '');
  const earliest = s.get('earliestMessageTimeStamp');
  const ratio = Number(s.get('commitLogDiskRatio'));
  const out: ClusterBaseFigures = {
    cluster: r.cluster,
    brokerName: r.brokerName,
    brokerId: r.brokerId,
    addr: r.addr,
    version: s.get('brokerVersionDesc') ?? '',
    inTps: firstNumber(s.get('putTps')),
    outTps: firstNumber(s.get('getTransferedTps')),
    sendThreadPoolQueueSize: get('sendThreadPoolQueueSize'),
    sendThreadPoolQueueHeadWaitTimeMills: get('sendThreadPoolQueueHeadWaitTimeMills'),
    pullThreadPoolQueueSize: get('pullThreadPoolQueueSize'),
    pullThreadPoolQueueHeadWaitTimeMills: get('pullThreadPoolQueueHeadWaitTimeMills'),
    pageCacheLockTimeMills: get('pageCacheLockTimeMills'),
    hour: earliest ? (now - Number(earliest)) / 3_600_000 : 0,
    space: Number.isFinite(ratio) ? ratio : 0,
  };
  if (!ok) out.error = (r.stats as { error: string }).error;
  return out;
}

export function clusterBaseHeader(): string {
  return jformat(
    BASE,
    '#Cluster Name',
    '#Broker Name',
    '#BID',
    '#Addr',
    '#Version',
    '#InTPS(LOAD)',
    '#OutTPS(LOAD)',
    '#PCWait(ms)',
    '#Hour',
    '#SPACE',
  );
}

export function clusterBaseLine(f: ClusterBaseFigures): string {
  return jformat(
    BASE,
    f.cluster,
    f.brokerName,
    String(f.brokerId),
    f.addr,
    f.version,
    jformat('%9.2f(%s,%sms)', f.inTps, f.sendThreadPoolQueueSize, f.sendThreadPoolQueueHeadWaitTimeMills),
    jformat('%9.2f(%s,%sms)', f.outTps, f.pullThreadPoolQueueSize, f.pullThreadPoolQueueHeadWaitTimeMills),
    f.pageCacheLockTimeMills,
    jformat('%2.2f', f.hour),
    jformat('%.4f', f.space),
  );
}

export interface ClusterMoreFigures {
  cluster: string;
  brokerName: string;
  inTotalYest: number;
  outTotalYest: number;
  inTotalToday: number;
  outTotalToday: number;
}

export function clusterMoreFigures(r: ClusterBrokerRow): ClusterMoreFigures {
  const s = r.stats instanceof Map ? r.stats : new Map<string, string>();
  const n = (k: string) => Number(s.get(k));
  const diff = (a: string, b: string) => {
    const d = n(a) - n(b);
    return Number.isFinite(d) ? d : 0;
  };
  return {
    cluster: r.cluster,
    brokerName: r.brokerName,
    inTotalYest: diff('msgPutTotalTodayMorning', 'msgPutTotalYesterdayMorning'),
    outTotalYest: diff('msgGetTotalTodayMorning', 'msgGetTotalYesterdayMorning'),
    inTotalToday: diff('msgPutTotalTodayNow', 'msgPutTotalTodayMorning'),
    outTotalToday: diff('msgGetTotalTodayNow', 'msgGetTotalTodayMorning'),
  };
}

export function clusterMoreHeader(): string {
  return jformat(MORE, '#Cluster Name', '#Broker Name', '#InTotalYest', '#OutTotalYest', '#InTotalToday', '#OutTotalToday');
}

export function clusterMoreLine(f: ClusterMoreFigures): string {
  return jformat(
    '%-16s  %-32s %14d %14d %14d %14d',
    f.cluster,
    f.brokerName,
    f.inTotalYest,
    f.outTotalYest,
    f.inTotalToday,
    f.outTotalToday,
  );
}
