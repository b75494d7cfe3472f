// RocketMQ's statistics items (Java's common/stats StatsItem, StatsItemSet, StatsSnapshot). An item
// adds up a value and how many times something was added to it. Samples of both are taken on three
// clocks: every 10 s (the last 7 kept, one minute), every 10 min (7, one hour) and every hour (25,
// one day); the first sample of a list is preceded by a zero one dated one interval earlier, so an
// item created between two ticks counts everything from its creation. Over each list:
//   sum   = last value - first value
//   tps   = sum * 1000 / (last time - first time)
//   avgpt = sum / (last times - first times), 0 when nothing was added (for a latency item, the
//           average time; for a count item, the average added per call)
// The counters are plain numbers bumped by callers holding the item, so counting allocates nothing.

export interface StatsSnapshot {
  sum: number;
  tps: number;
  avgpt: number;
  times: number;
}

interface CallSnapshot {
  at: number;
  times: number;
  value: number;
}

/** One sampling clock: its interval and how many samples a list keeps. */
interface Clock {
  readonly intervalMs: number;
  readonly keep: number;
}

export const MINUTE_SAMPLING: Clock = { intervalMs: 10_000, keep: 7 };
export const HOUR_SAMPLING: Clock = { intervalMs: 10 * 60_000, keep: 7 };
export const DAY_SAMPLING: Clock = { intervalMs: 60 * 60_000, keep: 25 };

function sample(list: CallSnapshot[], clock: Clock, now: number, times: number, value: number): void {
  if (list.length === 0) list.push({ at: now - clock.intervalMs, times: 0, value: 0 });
  list.push({ at: now, times, value });
  if (list.length > clock.keep) list.shift();
}

function compute(list: readonly CallSnapshot[]): StatsSnapshot {
  if (list.length === 0) return { sum: 0, tps: 0, avgpt: 0, times: 0 };
  const first = list[0]!;
  const last = list[list.length - 1]!;
  const sum = last.value - first.value;
  const dt = last.at - first.at;
  const times = last.times - first.times;
  return { sum, tps: dt > 0 ? (sum * 1000) / dt : 0, avgpt: times > 0 ? sum / times : 0, times };
}

export class StatsItem {
  /** What was added up (messages, bytes, milliseconds). */
  value = 0;
  /** How many additions. */
  times = 0;
  private readonly minute: CallSnapshot[] = [];
  private readonly hour: CallSnapshot[] = [];
  private readonly day: CallSnapshot[] = [];

  constructor(readonly statsName: string, readonly statsKey: string) {}

  add(value: number, times: number): void {
    this.value += value;
    this.times += times;
  }

  samplingInSeconds(now: number): void {
    sample(this.minute, MINUTE_SAMPLING, now, this.times, this.value);
  }

  samplingInMinutes(now: number): void {
    sample(this.hour, HOUR_SAMPLING, now, this.times, this.value);
  }

  samplingInHour(now: number): void {
    sample(this.day, DAY_SAMPLING, now, this.times, this.value);
  }

  inMinute(): StatsSnapshot {
    return compute(this.minute);
  }

  inHour(): StatsSnapshot {
    return compute(this.hour);
  }

  inDay(): StatsSnapshot {
    return compute(this.day);
  }
}

/** The items of one statistic by key (topic, topic@group, queueId@topic@group...). */
export class StatsItemSet {
  readonly items = new Map<string, StatsItem>();

  constructor(readonly statsName: string) {}

  getAndCreate(statsKey: string): StatsItem {
    let item = this.items.get(statsKey);
    if (!item) this.items.set(statsKey, item = new StatsItem(this.statsName, statsKey));
    return item;
  }

  addValue(statsKey: string, value: number, times: number): void {
    this.getAndCreate(statsKey).add(value, times);
  }

  get(statsKey: string): StatsItem | undefined {
    return this.items.get(statsKey);
  }

  delValue(statsKey: string): void {
    this.items.delete(statsKey);
  }

  delValueByPrefixKey(statsKey: string, separator: string): void {
    this.delWhere((k) => k.startsWith(statsKey + separator));
  }

  delValueByInfixKey(statsKey: string, separator: string): void {
    this.delWhere((k) => k.includes(separator + statsKey + separator));
  }

  delValueBySuffixKey(statsKey: string, separator: string): void {
    this.delWhere((k) => k.endsWith(separator + statsKey));
  }

  private delWhere(match: (key: string) => boolean): void {
    for (const k of [...this.items.keys()]) if (match(k)) this.items.delete(k);
  }

  samplingInSeconds(now: number): void {
    for (const item of this.items.values()) item.samplingInSeconds(now);
  }

  samplingInMinutes(now: number): void {
    for (const item of this.items.values()) item.samplingInMinutes(now);
  }

  samplingInHour(now: number): void {
    for (const item of this.items.values()) item.samplingInHour(now);
  }
}
