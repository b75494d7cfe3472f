// Live charts' data: TPS over the last minutes, sampled on the server so every page sees the same
// history and a reload loses nothing.
//   brokers  every tick, each broker's runtime table (GET_BROKER_RUNTIME_INFO): putTps and
//            getTransferedTps, the rates clusterList shows, for any RocketMQ broker.
//   topics   every tick, for the topics a page asked about in the last few minutes, the sum of
//            their queues' max offsets; the rate is the change between two samples (a topic that
//            shrank, deleted and recreated, counts as 0).
// One tick runs at a time; a slow cluster delays the next one instead of piling calls up.

import type { AdminExt } from '../admin/admin-ext.js';
import { clusterRows } from '../admin/cluster.js';
import { getLogger } from '../common/logger.js';
import { topicNameRemark } from '../common/message/message-const.js';

const log = getLogger('dashboard');

export interface TpsSamplerOptions {
  intervalMs?: number;
  /** How much history is kept. */
  historyMs?: number;
  /** A topic nobody asked about for this long is no longer sampled. */
  watchMs?: number;
  /** At most this many topics are sampled. */
  maxTopics?: number;
}

export interface BrokerSeries {
  /** cluster/brokerName/brokerId */
  key: string;
  addr: string;
  /** [epoch ms, in TPS, out TPS] */
  points: Array<[number, number, number]>;
}

export interface TopicSeries {
  topic: string;
  /** [epoch ms, messages in per second] */
  points: Array<[number, number]>;
}

/** First number of a runtime rate ("12.50 11.90 10.02": the last 10 s, minute and 10 minutes). */
function firstRate(v: string | undefined): number {
  const n = Number((v ?? '').trim().split(/\s+/)[0]);
  return Number.isFinite(n) ? n : 0;
}

export class TpsSampler {
  readonly intervalMs: number;
  private readonly historyMs: number;
  private readonly watchMs: number;
  private readonly maxTopics: number;
  private readonly brokers = new Map<string, BrokerSeries>();
  private readonly topics = new Map<string, { asked: number; samples: Array<[number, number]> }>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<void> | null = null;
  private lastError = '';

  constructor(private readonly admin: AdminExt, opts: TpsSamplerOptions = {}, private readonly now: () => number = Date.now) {
    this.intervalMs = opts.intervalMs ?? 5000;
    this.historyMs = opts.historyMs ?? 10 * 60_000;
    this.watchMs = opts.watchMs ?? 5 * 60_000;
    this.maxTopics = opts.maxTopics ?? 20;
  }

  start(): void {
    if (this.timer) return;
    const loop = () => {
      this.running = this.tick().finally(() => {
        this.running = null;
        if (this.timer) this.timer = setTimeout(loop, this.intervalMs);
        this.timer?.unref?.();
      });
    };
    this.timer = setTimeout(loop, 0);
    this.timer.unref?.();
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One round of samples: brokers, then the watched topics. */
  async tick(): Promise<void> {
    const t = this.now();
    try {
      for (const r of await clusterRows(this.admin)) {
        if (!(r.stats instanceof Map)) continue;
        const key = `${r.cluster}/${r.brokerName}/${r.brokerId}`;
        let s = this.brokers.get(key);
        if (!s) this.brokers.set(key, s = { key, addr: r.addr, points: [] });
        s.addr = r.addr;
        s.points.push([t, firstRate(r.stats.get('putTps')), firstRate(r.stats.get('getTransferedTps'))]);
      }
      this.lastError = '';
    } catch (err) {
      // The pages show the name server's state themselves; one log line per change of error is enough.
      const msg = (err as Error).message;
      if (msg !== this.lastError) log.warn('broker TPS not sampled', { error: msg });
      this.lastError = msg;
    }
    for (const [topic, w] of this.topics) {
      if (t - w.asked > this.watchMs) {
        this.topics.delete(topic);
        continue;
      }
      await this.sampleTopic(topic, t);
    }
    this.trim(t);
  }

  private async sampleTopic(topic: string, t: number): Promise<void> {
    const w = this.topics.get(topic);
    if (!w) return;
    try {
      let total = 0;
      for (const [, o] of await this.admin.examineTopicStats(topic)) total += o.maxOffset;
      w.samples.push([t, total]);
    } catch {
      // A topic without a route now (deleted, or not created yet) has no rate.
    }
  }

  private trim(t: number): void {
    const oldest = t - this.historyMs;
    for (const s of this.brokers.values()) while (s.points.length > 0 && s.points[0]![0] < oldest) s.points.shift();
    for (const [key, s] of this.brokers) if (s.points.length === 0) this.brokers.delete(key);
    for (const w of this.topics.values()) while (w.samples.length > 0 && w.samples[0]![0] < oldest) w.samples.shift();
  }

  brokerSeries(): BrokerSeries[] {
    return [...this.brokers.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((s) => ({
      ...s,
      points: [...s.points],
    }));
  }

  /**
   * The topics' rates so far; topics not watched yet start being sampled now (the first sample is
   * taken at once, so the next tick already gives a rate). Names RocketMQ would refuse are ignored.
   */
  async topicSeries(names: readonly string[]): Promise<TopicSeries[]> {
    const t = this.now();
    const fresh: string[] = [];
    for (const topic of names.filter((n) => topicNameRemark(n) === null).slice(0, this.maxTopics)) {
      const w = this.topics.get(topic);
      if (w) w.asked = t;
      else if (this.topics.size < this.maxTopics) {
        this.topics.set(topic, { asked: t, samples: [] });
        fresh.push(topic);
      }
    }
    await Promise.all(fresh.map((topic) => this.sampleTopic(topic, t)));
    return names.filter((n) => this.topics.has(n)).map((topic) => ({ topic, points: rates(this.topics.get(topic)!.samples) }));
  }
}

/** Per-second rates between consecutive [time, total] samples. */
export function rates(samples: ReadonlyArray<readonly [number, number]>): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let i = 1; i < samples.length; i++) {
    const [t0, v0] = samples[i - 1]!;
    const [t1, v1] = samples[i]!;
    if (t1 <= t0) continue;
    out.push([t1, Math.max(0, ((v1 - v0) * 1000) / (t1 - t0))]);
  }
  return out;
}
