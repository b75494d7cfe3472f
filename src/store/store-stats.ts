// Put and get statistics for GET_BROKER_RUNTIME_INFO, with the keys and formats of Java's
// StoreStatsService: totals, a latency histogram, and TPS over 10 s, 1 min and 10 min from
// one sample per second.

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
const DISTRIBUTION_LIMIT = [0, 10, 50, 100, 200, 500, 1000, 2000, 3000, 4000, 5000, 10000];
const MAX_SAMPLES = 601;

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
  private readonly distribution = new Array<number>(DISTRIBUTION_DESC.length).fill(0);
  /** Put latencies in whole ms up to 10 s, for the 99th / 99.9th percentiles. */
  private readonly latency = new Uint32Array(10_001);
  private readonly samples: Sample[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly perTopic = new Map<string, TopicPutCounter>();

  constructor(private readonly now: () => number) {
    this.bootTimestamp = now();
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

  private sample(): void {
    this.samples.push({
      at: this.now(),
      put: this.putMessageTimesTotal,
      found: this.getMessageTimesTotalFound,
      miss: this.getMessageTimesTotalMiss,
      transferred: this.getMessageTransferedMsgCount,
    });
    if (this.samples.length > MAX_SAMPLES) this.samples.shift();
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

  recordPutLatency(ms: number, ok: boolean): void {
    if (!ok) this.putMessageFailedTimes++;
    if (ms > this.putMessageEntireTimeMax) this.putMessageEntireTimeMax = ms;
    let i = 0;
    while (i < DISTRIBUTION_LIMIT.length && ms > DISTRIBUTION_LIMIT[i]!) i++;
    this.distribution[i]!++;
    this.latency[Math.min(10_000, Math.max(0, Math.round(ms)))]!++;
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

  private tps(window: number, pick: (s: Sample) => number): string {
    const n = this.samples.length;
    if (n <= window) return '';
    const last = this.samples[n - 1]!;
    const before = this.samples[n - 1 - window]!;
    const dt = last.at - before.at;
    return dt > 0 ? String(((pick(last) - pick(before)) * 1000) / dt) : '0.0';
  }

  private tpsTriple(pick: (s: Sample) => number): string {
    return `${this.tps(10, pick)} ${this.tps(60, pick)} ${this.tps(600, pick)}`;
  }

  private percentile(p: number): number {
    let total = 0;
    for (const c of this.latency) total += c;
    if (total === 0) return 0;
    const want = total * p;
    let acc = 0;
    for (let i = 0; i < this.latency.length; i++) {
      acc += this.latency[i]!;
      if (acc >= want) return i;
    }
    return this.latency.length - 1;
  }

  private runtime(): string {
    const t = this.now() - this.bootTimestamp;
    const days = Math.floor(t / 86_400_000);
    const hours = Math.floor((t % 86_400_000) / 3_600_000);
    const minutes = Math.floor((t % 3_600_000) / 60_000);
    const seconds = Math.floor((t % 60_000) / 1000);
    return `[ ${days} days, ${hours} hours, ${minutes} minutes, ${seconds} seconds ]`;
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
    m.set('putMessageDistributeTime', DISTRIBUTION_DESC.map((d, i) => `${d}:${this.distribution[i]}`).join(' ') + ' ');
    m.set('putMessageAverageSize', String(this.putMessageSizeTotal / total));
    m.set('dispatchMaxBuffer', String(this.dispatchMaxBuffer));
    m.set('getMessageEntireTimeMax', String(this.getMessageEntireTimeMax));
    m.set('putTps', this.tpsTriple((s) => s.put));
    m.set('getFoundTps', this.tpsTriple((s) => s.found));
    m.set('getMissTps', this.tpsTriple((s) => s.miss));
    m.set('getTotalTps', this.tpsTriple((s) => s.found + s.miss));
    m.set('getTransferedTps', this.tpsTriple((s) => s.transferred));
    m.set('putLatency99', this.percentile(0.99).toFixed(2));
    m.set('putLatency999', this.percentile(0.999).toFixed(2));
    return m;
  }
}
