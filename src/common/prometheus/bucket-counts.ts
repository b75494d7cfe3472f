// The counts behind one histogram series: how many observations fell at or under each bound (le),
// their sum and number. Observing is a scan of a short bound list and three additions into arrays
// made once, so it can sit on a request path; the exporter turns it into _bucket/_sum/_count lines.

export class BucketCounts {
  /** Observations per bucket, not cumulative; the last one is +Inf. */
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(readonly bounds: readonly number[]) {
    this.counts = new Float64Array(bounds.length + 1);
  }

  observe(v: number): void {
    const b = this.bounds;
    let i = 0;
    while (i < b.length && v > b[i]!) i++;
    this.counts[i]!++;
    this.sum += v;
    this.count++;
  }
}

/** RocketMQ 5's rpc latency buckets (RemotingMetricsManager), in milliseconds. */
export const RPC_LATENCY_BUCKETS_MS: readonly number[] = [1, 3, 5, 7, 10, 100, 1000, 2000, 3000];

/** RocketMQ 5's message size buckets (BrokerMetricsManager): 1 KiB, 4 KiB, 512 KiB, 1, 2 and 4 MiB. */
export const MESSAGE_SIZE_BUCKETS: readonly number[] = [1024, 4096, 512 * 1024, 1024 * 1024, 2 * 1024 * 1024, 4 * 1024 * 1024];
