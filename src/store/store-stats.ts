// Put and get statistics for GET_BROKER_RUNTIME_INFO, with the keys and formats of Java's
// StoreStatsService:
//   - totals: puts per topic (messages and bytes), failed puts, gets found / missed, messages got;
//   - putTps, getFoundTps, getMissTps, getTotalTps, getTransferedTps: "<10 s> <1 min> <10 min>",
//     each the growth between the newest of the once-a-second samples (601 kept) and the one that
//     many seconds older, per second, in Double.toString form; "" while too few samples exist
//     (getTotalTps adds found and missed, so it reads 0.0 then);
//   - putMessageDistributeTime and putLatency99/999 describe the previous whole minute: the put
//     times are counted per minute and the counts swapped every 60 s ("null" and 0.00 before that).
// Percentiles interpolate linearly inside Java's latency buckets (1 ms steps to 20, then 2, 5, 10,
// 50, 100 and 1000 ms steps to 10 s).

import { javaDoubleText } from '../common/java-double.js';

const DISTRIBUTION_DESC = [
  '[<=0ms]',
  '[0~10ms]',
  '[10~50ms]',
  '[50~100ms]',
  '[100~200ms]',
  '[200~500ms]',
  '[500ms~1s]',
  '[1~2s]',
  '[2~3s]',
  '[3~4s]',
  '[4~5s]',
  '[5~10s]',
  '[10s~]',
];
/** Exclusive upper limits of distribution buckets 1..11 (bucket 0 is <= 0 ms, 12 the rest). */
const DISTRIBUTION_LIMIT = [10, 50, 100, 200, 500, 1000, 2000, 3000, 4000, 5000, 10000];
const MAX_SAMPLES = 601;
const PRINT_INTERVAL_MS = 60_000;

/** Upper bounds of the percentile buckets, then one without bound. */
const LATENCY_BOUNDS: readonly number[] = (() => {
  const steps: Array<[number, number]> = [[1, 20], [2, 15], [5, 10], [10, 10], [50, 6], [100, 5], [1000, 9]];
  const out: number[] = [];
  let at = 0;
  for (const [step, times] of steps) {
    for (let i = 0; i < times; i++) out.push(at += step);
  }
  out.push(Number.MAX_SAFE_INTEGER);
  return out;
})();
const MAX_BOUNDED_MS = LATENCY_BOUNDS[LATENCY_BOUNDS.length - 2]!;
/** Bucket of each whole millisecond up to 10 s: the first bound at or above it. */
const LATENCY_INDEX: Uint8Array = (() => {
  const idx = new Uint8Array(MAX_BOUNDED_MS + 1);
  let b = 0;
  for (let ms = 0; ms <= MAX_BOUNDED_MS; ms++) {
    while (LATENCY_BOUNDS[b]! < ms) b++;
    idx[ms] = b;
  }
  return idx;
})();

function distributionBucket(ms: number): number {
  if (ms <= 0) return 0;
  for (let i = 0; i < DISTRIBUTION_LIMIT.length; i++) if (ms < DISTRIBUTION_LIMIT[i]!) return i + 1;
  return DISTRIBUTION_LIMIT.length + 1;
}

/** Java's findPutMessageEntireTimePX over one minute's bucket counts. */
export function latencyPercentile(counts: ArrayLike<number>, px: number): number {
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i]!;
  const want = Math.floor(total * px);
  let passed = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i]!;
    if (want <= passed + c) {
      const rel = want - passed;
      const lower = i === 0 ? 0 : LATENCY_BOUNDS[i - 1]!;
      return lower + (c === 0 ? 0 : ((LATENCY_BOUNDS[i]! - lower) * rel) / c);
    }
    passed += c;
  }
  return 0;
}

export interface TopicPutCounter {
  times: number;
  size: number;
}

interface Sample {
  at: number;
  put: number;
  found: number;
  miss: number;
  transferred: number;
}

export class StoreStats {
  readonly bootTimestamp: number;
  putMessageFailedTimes = 0;
  /** Puts accepted and not yet answered. */
  putsInFlight = 0;
  putMessageEntireTimeMax = 0;
  getMessageEntireTimeMax = 0;
  getMessageTimesTotalFound = 0;
  getMessageTimesTotalMiss = 0;
  getMessageTransferedMsgCount = 0;
  dispatchMaxBuffer = 0;
  /** This minute's and the previous minute's put-time distribution (null until a minute has passed). */
  private distribution = new Float64Array(DISTRIBUTION_DESC.length);
  private lastDistribution: Float64Array | null = null;
  private latency = new Float64Array(LATENCY_BOUNDS.length);
  private lastLatency = new Float64Array(LATENCY_BOUNDS.length);
  private lastRotation: number;
  private readonly samples: Sample[] = [];
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly perTopic = new Map<string, TopicPutCounter>();

  constructor(private readonly now: () => number) {
    this.bootTimestamp = now();
    this.lastRotation = this.bootTimestamp;
  }

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), 1000);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One once-a-second sample; every minute also starts a new latency minute (tests call it with their clock). */
  sample(): void {
    const at = this.now();
    this.samples.push({
      at,
      put: this.putMessageTimesTotal,
      found: this.getMessageTimesTotalFound,
      miss: this.getMessageTimesTotalMiss,
      transferred: this.getMessageTransferedMsgCount,
    });
    if (this.samples.length > MAX_SAMPLES) this.samples.shift();
    if (at > this.lastRotation + PRINT_INTERVAL_MS) {
      this.lastRotation = at;
      this.lastDistribution = this.distribution;
      this.distribution = new Float64Array(DISTRIBUTION_DESC.length);
      const spare = this.lastLatency;
      this.lastLatency = this.latency;
      this.latency = spare.fill(0);
    }
  }

  /** The put counters of a topic; callers keep the object and bump its fields. */
  topicCounter(topic: string): TopicPutCounter {
    let c = this.perTopic.get(topic);
    if (!c) this.perTopic.set(topic, c = { times: 0, size: 0 });
    return c;
  }

  get putMessageTimesTotal(): number {
    let n = 0;
    for (const c of this.perTopic.values()) n += c.times;
    return n;
  }

  get putMessageSizeTotal(): number {
    let n = 0;
    for (const c of this.perTopic.values()) n += c.size;
    return n;
  }

  /** A put finished after `ms` (whole milliseconds, as Java measures them). */
  recordPutLatency(ms: number, ok: boolean): void {
    if (!ok) this.putMessageFailedTimes++;
    if (ms > this.putMessageEntireTimeMax) this.putMessageEntireTimeMax = ms;
    this.distribution[distributionBucket(ms)]!++;
    this.latency[ms <= MAX_BOUNDED_MS ? LATENCY_INDEX[Math.max(0, Math.ceil(ms))]! : LATENCY_BOUNDS.length - 1]!++;
  }

  recordGet(found: boolean, transferred: number, ms: number): void {
    if (found) this.getMessageTimesTotalFound++;
    else this.getMessageTimesTotalMiss++;
    this.getMessageTransferedMsgCount += transferred;
    if (ms > this.getMessageEntireTimeMax) this.getMessageEntireTimeMax = ms;
  }

  topicPutTimes(topic: string): number {
    return this.perTopic.get(topic)?.times ?? 0;
  }

  topicPutSize(topic: string): number {
    return this.perTopic.get(topic)?.size ?? 0;
  }

  /** Per second over the last `window` seconds; null while fewer samples exist. */
  private tps(window: number, pick: (s: Sample) => number): number | null {
    const n = this.samples.length;
    if (n <= window) return null;
    const last = this.samples[n - 1]!;
    const before = this.samples[n - 1 - window]!;
    // Java divides first, then scales: the same operations give the same last digit.
    return ((pick(last) - pick(before)) / (last.at - before.at)) * 1000;
  }

  private tpsTriple(pick: (s: Sample) => number): string {
    return [10, 60, 600].map((w) => {
      const v = this.tps(w, pick);
      return v === null ? '' : javaDoubleText(v);
    }).join(' ');
  }

  private runtime(): string {
    const t = this.now() - this.bootTimestamp;
    const days = Math.floor(t / 86_400_000);
    const hours = Math.floor((t % 86_400_000) / 3_600_000);
    const minutes = Math.floor((t % 3_600_000) / 60_000);
    const seconds = Math.floor((t % 60_000) / 1000);
    return `[ ${days} days, ${hours} hours, ${minutes} minutes, ${seconds} seconds ]`;
  }

  private distributionText(): string {
    const d = this.lastDistribution;
    if (!d) return 'null';
    return DISTRIBUTION_DESC.map((desc, i) => `${desc}:${d[i]} `).join('');
  }

  runtimeInfo(): Map<string, string> {
    const total = this.putMessageTimesTotal || 1;
    const m = new Map<string, string>();
    m.set('bootTimestamp', String(this.bootTimestamp));
    m.set('runtime', this.runtime());
    m.set('putMessageEntireTimeMax', String(this.putMessageEntireTimeMax));
    m.set('putMessageTimesTotal', String(total));
    m.set('putMessageFailedTimes', String(this.putMessageFailedTimes));
    m.set('putMessageSizeTotal', String(this.putMessageSizeTotal));
    m.set('putMessageDistributeTime', this.distributionText());
    m.set('putMessageAverageSize', javaDoubleText(this.putMessageSizeTotal / total));
    m.set('dispatchMaxBuffer', String(this.dispatchMaxBuffer));
    m.set('getMessageEntireTimeMax', String(this.getMessageEntireTimeMax));
    m.set('putTps', this.tpsTriple((s) => s.put));
    m.set('getFoundTps', this.tpsTriple((s) => s.found));
    m.set('getMissTps', this.tpsTriple((s) => s.miss));
    m.set(
      'getTotalTps',
      [10, 60, 600].map((w) => javaDoubleText((this.tps(w, (s) => s.found) ?? 0) + (this.tps(w, (s) => s.miss) ?? 0))).join(' '),
    );
    m.set('getTransferedTps', this.tpsTriple((s) => s.transferred));
    m.set('putLatency99', latencyPercentile(this.lastLatency, 0.99).toFixed(2));
    m.set('putLatency999', latencyPercentile(this.lastLatency, 0.999).toFixed(2));
    return m;
  }
}
