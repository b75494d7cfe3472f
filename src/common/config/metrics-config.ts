// RocketMQ 5's metrics keys (BrokerConfig on develop), shared by the broker and the name server
// (Java's name server has none; ours serves the same endpoint). metricsExporterType=PROM serves
// Prometheus metrics on an HTTP port of the server's own; OTLP_GRPC and LOG are not served here.

import { int, oneOf, str } from './schema.js';
import { HOST } from './value-rules.js';

export const METRICS_EXPORTER_TYPES = ['DISABLE', 'OTLP_GRPC', 'PROM', 'LOG'] as const;

/** The four keys, with the server's default /metrics port. */
export function metricsConfigKeys(defaultPort: number, portWhy: string) {
  return {
    metricsExporterType: oneOf(METRICS_EXPORTER_TYPES, 'DISABLE', 'PROM serves Prometheus metrics on /metrics; DISABLE serves none'),
    metricsPromExporterPort: int(defaultPort, `HTTP port of /metrics (${portWhy}); 0 picks a free one`, { range: [0, 65535] }),
    metricsPromExporterHost: str('', 'address /metrics binds to; empty means 127.0.0.1', {
      valid: (v) => v === '' || HOST.valid(v),
      allowed: 'empty, or an IP address or host name',
    }),
    metricsLabel: str('', 'extra labels on every series, "key:value,key2:value2"'),
  };
}

/** The keys themselves: RocketMQ 5's, so a 4.9.8 server's config lists lack them. */
export const METRICS_CONFIG_KEYS: readonly string[] = Object.keys(metricsConfigKeys(0, ''));
