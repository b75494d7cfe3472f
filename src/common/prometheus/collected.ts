// Metrics read at scrape time from a server's own counters. The request paths keep counting in
// plain numbers and BucketCounts (no label objects, no hashing); a scrape walks them and fills
// prom-client metrics: counters and gauges through their documented collect() hook, histograms
// through a Histogram whose get() returns the bucket counts as they are (prom-client's own
// histograms would need an observe() with a label object per request).

import type { Registry } from 'prom-client';
import type { BucketCounts } from './bucket-counts.js';
import type { PromClient } from './exporter.js';

export type Labels = Record<string, string>;

export interface Sample {
  labels: Labels;
  value: number;
}

export interface HistogramSeries {
  labels: Labels;
  counts: BucketCounts;
}

type Read<T> = () => Iterable<T> | Promise<Iterable<T>>;

/**
 * A counter (totals) or gauge whose values are read from the server's own state at each scrape,
 * through prom-client's collect() hook.
 */
export function collected(
  prom: PromClient,
  registry: Registry,
  kind: 'counter' | 'gauge',
  name: string,
  help: string,
  labelNames: readonly string[],
  read: Read<Sample>,
): void {
  const fill = async (metric: { reset(): void }, put: (s: Sample) => void): Promise<void> => {
    const samples = await read();
    metric.reset();
    for (const s of samples) put(s);
  };
  const common = { name, help, labelNames, registers: [registry] };
  if (kind === 'counter') {
    new prom.Counter({
      ...common,
      collect() {
        return fill(this, (s) => this.inc(s.labels, s.value));
      },
    });
  } else {
    new prom.Gauge({
      ...common,
      collect() {
        return fill(this, (s) => this.set(s.labels, s.value));
      },
    });
  }
}

/** A histogram whose series are BucketCounts kept by the server (bounds as the counts were made with). */
export function countsHistogram(
  prom: PromClient,
  registry: Registry,
  name: string,
  help: string,
  labelNames: readonly string[],
  bounds: readonly number[],
  read: () => Iterable<HistogramSeries>,
): void {
  type Snapshot = Awaited<ReturnType<InstanceType<PromClient['Histogram']>['get']>>;
  class CountsHistogram extends prom.Histogram<string> {
    private snapshot(): Snapshot {
      const values: Snapshot['values'] = [];
      for (const { labels, counts } of read()) {
        let acc = 0;
        for (let i = 0; i < bounds.length; i++) {
          acc += counts.counts[i]!;
          values.push({ metricName: `${name}_bucket`, labels: { ...labels, le: bounds[i]! }, value: acc });
        }
        values.push({ metricName: `${name}_bucket`, labels: { ...labels, le: '+Inf' }, value: counts.count });
        values.push({ metricName: `${name}_sum`, labels, value: counts.sum });
        values.push({ metricName: `${name}_count`, labels, value: counts.count });
      }
      return { name, help, type: 'histogram', values, aggregator: 'sum' } as unknown as Snapshot;
    }

    override get(): Promise<Snapshot> {
      return Promise.resolve(this.snapshot());
    }

    /** What the registry asks a histogram for when it writes the text format. */
    getForPromString(): Promise<Snapshot> {
      return Promise.resolve(this.snapshot());
    }
  }
  new CountsHistogram({ name, help, labelNames, buckets: [...bounds], registers: [registry] });
}
