// Turns the broker's Prometheus endpoint on when metricsExporterType is PROM: records each request's
// time on the remoting server and serves the broker's metrics on metricsPromExporterHost (default
// 127.0.0.1):metricsPromExporterPort. Other exporter types (OTLP_GRPC, LOG) are not served here.

import { getLogger } from '../../common/logger.js';
import { type MetricsExporter, parseMetricsLabel, startMetricsExporter } from '../../common/prometheus/exporter.js';
import { RpcLatencyRecorder } from '../../remoting/rpc-latency.js';
import type { RemotingServer } from '../../remoting/server.js';
import { defineBrokerMetrics, type MetricsSources } from './broker-metrics.js';

const log = getLogger('broker');

export async function startBrokerExporter(b: MetricsSources, server: RemotingServer): Promise<MetricsExporter | null> {
  const bc = b.brokerConfig;
  if (bc.metricsExporterType !== 'PROM') {
    if (bc.metricsExporterType !== 'DISABLE') {
      log.warn('metrics exporter type not supported; metrics are off', { type: bc.metricsExporterType });
    }
    return null;
  }
  const rpc = new RpcLatencyRecorder();
  const exporter = await startMetricsExporter({
    host: bc.metricsPromExporterHost || '127.0.0.1',
    port: bc.metricsPromExporterPort,
    labels: { ...parseMetricsLabel(bc.metricsLabel), node_type: 'broker', cluster: bc.brokerClusterName, node_id: bc.brokerName },
    define: (prom, registry) => defineBrokerMetrics(prom, registry, b, rpc),
  });
  server.observeRequests(rpc.observe);
  log.info('broker metrics served', { url: exporter.url });
  return exporter;
}
