// Java's BrokerStats: the store's put and get totals (messages stored; messages handed to pulls),
// remembered at this and the previous midnight, for GET_BROKER_RUNTIME_INFO's msgPutTotal* and
// msgGetTotal* keys (clusterList -m shows the differences as yesterday's and today's traffic).
// Java records at each local midnight; here the day is rolled when a figure is read or sampled, so
// an injected clock drives it in tests.

export interface StoreTotals {
  readonly putMessageTimesTotal: number;
  readonly getMessageTransferedMsgCount: number;
}

function dayOf(ms: number): number {
  const d = new Date(ms);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}

export class BrokerStats {
  private today: number;
  private putTodayMorning = 0;
  private putYesterdayMorning = 0;
  private getTodayMorning = 0;
  private getYesterdayMorning = 0;

  /** `totals` is read when a figure is needed: the store opens after the broker is built. */
  constructor(private readonly totals: () => StoreTotals | undefined, private readonly now: () => number = Date.now) {
    this.today = dayOf(now());
  }

  private get putNow(): number {
    return this.totals()?.putMessageTimesTotal ?? 0;
  }

  private get getNow(): number {
    return this.totals()?.getMessageTransferedMsgCount ?? 0;
  }

  /** Java's record() for each midnight passed since the last look (a second one finds nothing new). */
  rollDay(): void {
    const day = dayOf(this.now());
    if (day === this.today) return;
    const days = Math.round((day - this.today) / 86_400_000);
    this.putYesterdayMorning = days > 1 ? this.putNow : this.putTodayMorning;
    this.getYesterdayMorning = days > 1 ? this.getNow : this.getTodayMorning;
    this.putTodayMorning = this.putNow;
    this.getTodayMorning = this.getNow;
    this.today = day;
  }

  /** The msgPut* / msgGet* keys of GET_BROKER_RUNTIME_INFO. */
  runtimeInfo(): Map<string, string> {
    this.rollDay();
    return new Map([
      ['msgPutTotalYesterdayMorning', String(this.putYesterdayMorning)],
      ['msgPutTotalTodayMorning', String(this.putTodayMorning)],
      ['msgPutTotalTodayNow', String(this.putNow)],
      ['msgGetTotalYesterdayMorning', String(this.getYesterdayMorning)],
      ['msgGetTotalTodayMorning', String(this.getTodayMorning)],
      ['msgGetTotalTodayNow', String(this.getNow)],
    ]);
  }
}
