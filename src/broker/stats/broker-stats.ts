// Broker-level counters for GET_BROKER_RUNTIME_INFO and GET_CONSUME_STATS (Java's BrokerStats and
// the parts of BrokerStatsManager mqadmin reads): messages put and got in total, their totals at
// this and the previous midnight, and a per-minute get rate per group and topic. Counting is a
// Map update on the hot path; rates come from snapshots taken every 10 s.

const SNAPSHOT_MS = 10_000;
/** Snapshots kept: one minute of history plus the current one. */
const WINDOW = 7;

function dayOf(ms: number): number {
  const d = new Date(ms);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}

export class BrokerStats {
  putTotal = 0;
  getTotal = 0;
  private today: number;
  private putTodayMorning = 0;
  private putYesterdayMorning = 0;
  private getTodayMorning = 0;
  private getYesterdayMorning = 0;
  private readonly groupGets = new Map<string, number>();
  private readonly history = new Map<string, number[]>();
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly now: () => number = Date.now) {
    this.today = dayOf(now());
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.snapshot(), SNAPSHOT_MS);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  incPut(n: number): void {
    this.putTotal += n;
  }

  /** Messages a group got from a topic by pulls. */
  incGroupGet(group: string, topic: string, n: number): void {
    this.getTotal += n;
    const key = `${topic}@${group}`;
    this.groupGets.set(key, (this.groupGets.get(key) ?? 0) + n);
  }

  private rollDay(): void {
    const day = dayOf(this.now());
    if (day === this.today) return;
    this.putYesterdayMorning = day - this.today > 86_400_000 * 1.5 ? this.putTotal : this.putTodayMorning;
    this.getYesterdayMorning = day - this.today > 86_400_000 * 1.5 ? this.getTotal : this.getTodayMorning;
    this.putTodayMorning = this.putTotal;
    this.getTodayMorning = this.getTotal;
    this.today = day;
  }

  snapshot(): void {
    this.rollDay();
    for (const [key, n] of this.groupGets) {
      let h = this.history.get(key);
      if (!h) this.history.set(key, h = []);
      h.push(n);
      if (h.length > WINDOW) h.shift();
    }
  }

  /** Messages per second a group got from a topic over the last minute (Java's tpsGroupGetNums). */
  tpsGroupGetNums(group: string, topic: string): number {
    const h = this.history.get(`${topic}@${group}`);
    if (!h || h.length < 2) return 0;
    return (h[h.length - 1]! - h[0]!) / (((h.length - 1) * SNAPSHOT_MS) / 1000);
  }

  /** The msgPut* / msgGet* keys of GET_BROKER_RUNTIME_INFO. */
  runtimeInfo(): Map<string, string> {
    this.rollDay();
    return new Map([
      ['msgPutTotalYesterdayMorning', String(this.putYesterdayMorning)],
      ['msgPutTotalTodayMorning', String(this.putTodayMorning)],
      ['msgPutTotalTodayNow', String(this.putTotal)],
      ['msgGetTotalYesterdayMorning', String(this.getYesterdayMorning)],
      ['msgGetTotalTodayMorning', String(this.getTodayMorning)],
      ['msgGetTotalTodayNow', String(this.getTotal)],
    ]);
  }
}
