// Latency recording for the benchmarks: a fixed histogram of microseconds, exact below 100 µs and
// in 1 % steps above (up to about an hour), so millions of samples cost no memory and percentiles
// are within 1 % of the true value. Sum and maximum are exact.

const LINEAR = 100;
const STEP = Math.log(1.01);
const BUCKETS = LINEAR + Math.ceil(Math.log(3.6e9 / LINEAR) / STEP) + 1;

export interface LatencySummary {
  count: number;
  /** Milliseconds. */
  avg: number;
  p50: number;
  p99: number;
  p999: number;
  max: number;
}

export class LatencyHistogram {
  private readonly counts = new Float64Array(BUCKETS);
  count = 0;
  /** Sum of the samples in microseconds. */
  sumUs = 0;
  maxUs = 0;

  /** Records one sample given in milliseconds (fractions welcome). */
  record(ms: number): void {
    const us = ms > 0 ? ms * 1000 : 0;
    this.counts[bucketOf(us)]!++;
    this.count++;
    this.sumUs += us;
    if (us > this.maxUs) this.maxUs = us;
  }

  /** Adds another histogram's samples to this one. */
  add(other: LatencyHistogram): void {
    for (let i = 0; i < BUCKETS; i++) this.counts[i]! += other.counts[i]!;
    this.count += other.count;
    this.sumUs += other.sumUs;
    if (other.maxUs > this.maxUs) this.maxUs = other.maxUs;
  }

  reset(): void {
    this.counts.fill(0);
    this.count = 0;
    this.sumUs = 0;
    this.maxUs = 0;
  }

  /** The value (ms) at or below which a fraction `q` of the samples lie. */
  percentile(q: number): number {
    if (this.count === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * this.count));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) return Math.min(valueOf(i), this.maxUs) / 1000;
    }
    return this.maxUs / 1000;
  }

  summary(): LatencySummary {
    return {
      count: this.count,
      avg: this.count === 0 ? 0 : this.sumUs / this.count / 1000,
      p50: this.percentile(0.5),
      p99: this.percentile(0.99),
      p999: this.percentile(0.999),
      max: this.maxUs / 1000,
    };
  }
}

function bucketOf(us: number): number {
  if (us < LINEAR) return Math.floor(us);
  const i = LINEAR + Math.floor(Math.log(us / LINEAR) / STEP);
  return i < BUCKETS ? i : BUCKETS - 1;
}

/** The upper edge of bucket i in microseconds. */
function valueOf(i: number): number {
  if (i < LINEAR) return i + 1;
  return LINEAR * Math.exp((i - LINEAR + 1) * STEP);
}

/** A figure rounded to `digits` decimals, for JSON output. */
export function round(n: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** A summary's milliseconds rounded for JSON. */
export function rtFigures(rt: LatencySummary): { avg: number; p50: number; p99: number; p999: number; max: number } {
  return { avg: round(rt.avg), p50: round(rt.p50), p99: round(rt.p99), p999: round(rt.p999), max: round(rt.max) };
}

/** The "RT(ms) p50: .. p99: .. p999: .. max: .." summary line. */
export function rtLine(rt: LatencySummary, prefix = 'RT(ms)'): string {
  return `${prefix} p50: ${rt.p50.toFixed(3)} p99: ${rt.p99.toFixed(3)} p999: ${rt.p999.toFixed(3)} max: ${rt.max.toFixed(3)}`;
}
