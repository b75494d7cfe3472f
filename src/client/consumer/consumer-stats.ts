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

interface Stats {
  pullRT: Window;
  pullTPS: Window;
  consumeRT: Window;
  consumeOK: Window;
  consumeFailed: Window;
  failedHour: Window;
}

export class ConsumerStatsManager {
  private readonly table = new Map<string, Stats>();

  private stats(group: string, topic: string): Stats {
    const key = topic + '@' + group;
    let s = this.table.get(key);
    if (!s) {
      s = {
        pullRT: new Window(60, 1000),
        pullTPS: new Window(60, 1000),
        consumeRT: new Window(60, 1000),
        consumeOK: new Window(60, 1000),
        consumeFailed: new Window(60, 1000),
        failedHour: new Window(60, 60_000),
      };
      this.table.set(key, s);
    }
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
    const s = this.table.get(topic + '@' + group);
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
