// ConsumerStatsManager: pull and consume rates and times per group@topic over the last minute,
// and failed messages over the last hour, as GET_CONSUMER_RUNNING_INFO reports them
// (ConsumeStatus: pullRT, pullTPS, consumeRT, consumeOKTPS, consumeFailedTPS, consumeFailedMsgs).

import type { ConsumeStatus } from '../../remoting/protocol/consumer-running-info.js';

/** Sums and counts in per-second buckets over a window of `slots` seconds (or minutes, with `slotMs`). */
class Window {
  private readonly sums: Float64Array;
  private readonly counts: Float64Array;
  private readonly stamps: Float64Array;

  constructor(private readonly slots: number, private readonly slotMs: number) {
    this.sums = new Float64Array(slots);
    this.counts = new Float64Array(slots);
    this.stamps = new Float64Array(slots);
  }

  add(value: number, times: number, now: number): void {
    const t = Math.floor(now / this.slotMs);
    const i = t % this.slots;
    if (this.stamps[i] !== t) {
      this.stamps[i] = t;
      this.sums[i] = 0;
      this.counts[i] = 0;
    }
    this.sums[i]! += value;
    this.counts[i]! += times;
  }

  /** Sum and count over the window ending now. */
  total(now: number): { sum: number; count: number } {
    const t = Math.floor(now / this.slotMs);
    let sum = 0;
    let count = 0;
    for (let i = 0; i < this.slots; i++) {
      if (t - this.stamps[i]! < this.slots) {
        sum += this.sums[i]!;
        count += this.counts[i]!;
      }
    }
    return { sum, count };
  }
}

/** The counters of one group@topic; consumers keep a reference to skip the lookup on hot paths. */
export class TopicStats {
  readonly pullRT = new Window(60, 1000);
  readonly pullTPS = new Window(60, 1000);
  readonly consumeRT = new Window(60, 1000);
  readonly consumeOK = new Window(60, 1000);
  readonly consumeFailed = new Window(60, 1000);
  readonly failedHour = new Window(60, 60_000);

  /** One listener call: its time and how many messages succeeded and failed. */
  consumed(rt: number, ok: number, failed: number, now = Date.now()): void {
    this.consumeRT.add(rt, 1, now);
    if (ok > 0) this.consumeOK.add(ok, 1, now);
    if (failed > 0) {
      this.consumeFailed.add(failed, 1, now);
      this.failedHour.add(failed, 1, now);
    }
  }
}

export class ConsumerStatsManager {
  /** group -> topic -> stats. */
  private readonly table = new Map<string, Map<string, TopicStats>>();

  /** The stats of a group on a topic, created on first use. */
  stats(group: string, topic: string): TopicStats {
    let byTopic = this.table.get(group);
    if (!byTopic) this.table.set(group, byTopic = new Map());
    let s = byTopic.get(topic);
    if (!s) byTopic.set(topic, s = new TopicStats());
    return s;
  }

  incPullRT(group: string, topic: string, rt: number): void {
    this.stats(group, topic).pullRT.add(rt, 1, Date.now());
  }

  incPullTPS(group: string, topic: string, msgs: number): void {
    this.stats(group, topic).pullTPS.add(msgs, 1, Date.now());
  }

  incConsumeRT(group: string, topic: string, rt: number): void {
    this.stats(group, topic).consumeRT.add(rt, 1, Date.now());
  }

  incConsumeOKTPS(group: string, topic: string, msgs: number): void {
    if (msgs > 0) this.stats(group, topic).consumeOK.add(msgs, 1, Date.now());
  }

  incConsumeFailedTPS(group: string, topic: string, msgs: number): void {
    if (msgs <= 0) return;
    const s = this.stats(group, topic);
    const now = Date.now();
    s.consumeFailed.add(msgs, 1, now);
    s.failedHour.add(msgs, 1, now);
  }

  consumeStatus(group: string, topic: string, now = Date.now()): ConsumeStatus {
    const s = this.table.get(group)?.get(topic);
    if (!s) return { pullRT: 0, pullTPS: 0, consumeRT: 0, consumeOKTPS: 0, consumeFailedTPS: 0, consumeFailedMsgs: 0 };
    const avg = (w: Window) => {
      const t = w.total(now);
      return t.count > 0 ? t.sum / t.count : 0;
    };
    const tps = (w: Window) => w.total(now).sum / 60;
    return {
      pullRT: avg(s.pullRT),
      pullTPS: tps(s.pullTPS),
      consumeRT: avg(s.consumeRT),
      consumeOKTPS: tps(s.consumeOK),
      consumeFailedTPS: tps(s.consumeFailed),
      consumeFailedMsgs: s.failedHour.total(now).sum,
    };
  }
}
