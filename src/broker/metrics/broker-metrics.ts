// The broker's Prometheus metrics, with RocketMQ 5's names and labels (BrokerMetricsConstant,
// DefaultStoreMetricsConstant, RemotingMetricsConstant), so dashboards built for it read ours.
// Every series carries cluster, node_type="broker" and node_id=<brokerName> (plus metricsLabel).
//   counters    rocketmq_messages_in_total, rocketmq_throughput_in_total {topic, message_type, is_system}
//               rocketmq_messages_out_total, rocketmq_throughput_out_total {topic, consumer_group, is_system}
//               rocketmq_send_to_dlq_messages_total {consumer_group, topic, is_system}
//               rocketmq_commit_messages_total, rocketmq_rollback_messages_total {topic}
//   histograms  rocketmq_message_size {topic, message_type, is_system} (bytes)
//               rocketmq_rpc_latency {protocol_type, request_code, response_code, is_long_polling, result} (ms)
//   gauges      rocketmq_broker_permission, rocketmq_topic_number, rocketmq_consumer_group_number,
//               rocketmq_producer_connections {language, version, protocol_type},
//               rocketmq_consumer_connections {consumer_group, language, version, consume_mode, protocol_type, is_system},
//               rocketmq_consumer_lag_messages, _lag_latency, _inflight_messages, _queueing_latency,
//               _ready_messages {consumer_group, topic, is_retry, is_system},
//               rocketmq_storage_size, rocketmq_storage_flush_behind_bytes,
//               rocketmq_storage_dispatch_behind_bytes, rocketmq_storage_message_reserve_time
//               {storage_type="local", storage_medium="disk"}
// Counts come from the BrokerStatsManager counters the send and pull paths keep; the rest is read
// from the broker's tables and the store when Prometheus scrapes.
// Not exported: rocketmq_processor_watermark (no request thread pools here), POP, timer and
// half-message gauges (features not built).

import fs from 'node:fs';
import type { Registry } from 'prom-client';
import { mqVersionDesc } from '../../common/mq-version.js';
import { MESSAGE_SIZE_BUCKETS, RPC_LATENCY_BUCKETS_MS } from '../../common/prometheus/bucket-counts.js';
import { collected, countsHistogram, type Sample } from '../../common/prometheus/collected.js';
import type { PromClient } from '../../common/prometheus/exporter.js';
import { consumeTypeCN } from '../../remoting/protocol/consumer-types.js';
import { RPC_LATENCY_LABELS, type RpcLatencyRecorder } from '../../remoting/rpc-latency.js';
import type { BrokerContext } from '../broker-context.js';
import type { ProducerManager } from '../client/producer-manager.js';
import { MESSAGE_TYPES } from '../stats/broker-stats-manager.js';
import { isSysConsumerGroup } from '../subscription/subscription-group-manager.js';
import { consumerLag, type LagRow } from './consumer-lag.js';

export type MetricsSources = BrokerContext & { readonly producerManager: ProducerManager };

/** Lag rows are computed once per scrape for the five gauges that read them. */
const LAG_REUSE_MS = 1000;

const STORAGE = { storage_type: 'local', storage_medium: 'disk' };

function disk(dir: string): Promise<fs.StatsFs | null> {
  return new Promise((resolve) => fs.statfs(dir, (err, s) => resolve(err ? null : s)));
}

export function defineBrokerMetrics(prom: PromClient, registry: Registry, b: MetricsSources, rpc: RpcLatencyRecorder): void {
  const system = (topic: string, group?: string): string =>
    String(b.topicConfigManager.systemTopics.has(topic) || (group !== undefined && isSysConsumerGroup(group)));
  const counter = (name: string, help: string, labels: readonly string[], read: () => Iterable<Sample>) =>
    collected(prom, registry, 'counter', name, help, labels, read);
  const gauge = (name: string, help: string, labels: readonly string[], read: () => Iterable<Sample> | Promise<Iterable<Sample>>) =>
    collected(prom, registry, 'gauge', name, help, labels, read);

  // ---- messages in and out ----
  const inByType = function* (pick: 'inMessages' | 'inBytes'): Iterable<Sample> {
    for (const t of b.stats.topicPutStats()) {
      for (let i = 0; i < MESSAGE_TYPES.length; i++) {
        if (t.inMessages[i] === 0) continue;
        yield { labels: { topic: t.topic, message_type: MESSAGE_TYPES[i]!, is_system: system(t.topic) }, value: t[pick][i]! };
      }
    }
  };
  const inLabels = ['topic', 'message_type', 'is_system'];
  counter('rocketmq_messages_in_total', 'Total number of incoming messages', inLabels, () => inByType('inMessages'));
  counter('rocketmq_throughput_in_total', 'Total traffic of incoming messages', inLabels, () => inByType('inBytes'));
  countsHistogram(prom, registry, 'rocketmq_message_size', 'Incoming messages size', inLabels, MESSAGE_SIZE_BUCKETS, function* () {
    for (const t of b.stats.topicPutStats()) {
      for (let i = 0; i < MESSAGE_TYPES.length; i++) {
        const counts = t.sizes[i];
        if (counts) yield { labels: { topic: t.topic, message_type: MESSAGE_TYPES[i]!, is_system: system(t.topic) }, counts };
      }
    }
  });
  const outOf = function* (pick: 'outMessages' | 'outBytes'): Iterable<Sample> {
    for (const g of b.stats.groupGetStats()) {
      if (g.outMessages === 0) continue;
      yield { labels: { topic: g.topic, consumer_group: g.group, is_system: system(g.topic, g.group) }, value: g[pick] };
    }
  };
  const outLabels = ['topic', 'consumer_group', 'is_system'];
  counter('rocketmq_messages_out_total', 'Total number of outgoing messages', outLabels, () => outOf('outMessages'));
  counter('rocketmq_throughput_out_total', 'Total traffic of outgoing messages', outLabels, () => outOf('outBytes'));
  counter('rocketmq_send_to_dlq_messages_total', 'Consumer send to DLQ messages', ['consumer_group', 'topic', 'is_system'], function* () {
    for (const [group, byTopic] of b.stats.sentToDlq) {
      for (const [topic, n] of byTopic) yield { labels: { consumer_group: group, topic, is_system: system(topic, group) }, value: n };
    }
  });
  const perTopic = (m: ReadonlyMap<string, number>) => [...m].map(([topic, value]) => ({ labels: { topic }, value }));
  counter('rocketmq_commit_messages_total', 'Total number of commit messages', ['topic'], () => perTopic(b.stats.committed));
  counter('rocketmq_rollback_messages_total', 'Total number of rollback messages', ['topic'], () => perTopic(b.stats.rolledBack));
  countsHistogram(prom, registry, 'rocketmq_rpc_latency', 'Rpc latency', RPC_LATENCY_LABELS, RPC_LATENCY_BUCKETS_MS, () => rpc.series());

  // ---- broker state ----
  gauge('rocketmq_broker_permission', 'Broker permission', [], () => [{ labels: {}, value: b.brokerConfig.brokerPermission }]);
  gauge('rocketmq_topic_number', 'Active topic number', [], () => [{ labels: {}, value: b.topicConfigManager.table.size }]);
  gauge(
    'rocketmq_consumer_group_number',
    'Active subscription group number',
    [],
    () => [{ labels: {}, value: b.subscriptionGroupManager.table.size }],
  );
  gauge('rocketmq_producer_connections', 'Producer connections', ['language', 'version', 'protocol_type'], () => {
    const counts = new Map<string, Sample>();
    for (const channels of b.producerManager.groupChannelTable.values()) {
      for (const info of channels.values()) {
        const labels = {
          language: info.language.toLowerCase(),
          version: mqVersionDesc(info.version).toLowerCase(),
          protocol_type: 'remoting',
        };
        const key = `${labels.language}|${labels.version}`;
        const s = counts.get(key) ?? counts.set(key, { labels, value: 0 }).get(key)!;
        s.value++;
      }
    }
    return counts.values();
  });
  const consumerLabels = ['consumer_group', 'language', 'version', 'consume_mode', 'protocol_type', 'is_system'];
  gauge('rocketmq_consumer_connections', 'Consumer connections', consumerLabels, () => {
    const counts = new Map<string, Sample>();
    for (const [group, cgi] of b.consumerManager.table) {
      const mode = cgi.consumeType ? consumeTypeCN[cgi.consumeType].toLowerCase() : 'unknown';
      for (const info of cgi.channelInfoTable.values()) {
        const labels = {
          consumer_group: group,
          language: info.language.toLowerCase(),
          version: mqVersionDesc(info.version).toLowerCase(),
          consume_mode: mode,
          protocol_type: 'remoting',
          is_system: String(isSysConsumerGroup(group)),
        };
        const key = `${group}|${labels.language}|${labels.version}`;
        const s = counts.get(key) ?? counts.set(key, { labels, value: 0 }).get(key)!;
        s.value++;
      }
    }
    return counts.values();
  });

  // ---- consumer lag ----
  let lag: { at: number; rows: Promise<LagRow[]> } | null = null;
  const lagRows = (): Promise<LagRow[]> => {
    const now = Date.now();
    if (!lag || now - lag.at > LAG_REUSE_MS) lag = { at: now, rows: consumerLag(b) };
    return lag.rows;
  };
  const lagLabels = ['consumer_group', 'topic', 'is_retry', 'is_system'];
  const lagGauge = (name: string, help: string, value: (r: LagRow, now: number) => number) =>
    gauge(name, help, lagLabels, async () => {
      const now = Date.now();
      return (await lagRows()).map((r) => ({
        labels: { consumer_group: r.group, topic: r.topic, is_retry: 'false', is_system: system(r.topic, r.group) },
        value: value(r, now),
      }));
    });
  lagGauge('rocketmq_consumer_lag_messages', 'Consumer lag messages', (r) => r.lag);
  lagGauge('rocketmq_consumer_lag_latency', 'Consumer lag time', (r, now) => (r.earliestUnconsumed ? now - r.earliestUnconsumed : 0));
  lagGauge('rocketmq_consumer_inflight_messages', 'Consumer inflight messages', (r) => r.inflight);
  lagGauge('rocketmq_consumer_queueing_latency', 'Consumer queueing time', (r, now) => (r.earliestUnpulled ? now - r.earliestUnpulled : 0));
  lagGauge('rocketmq_consumer_ready_messages', 'Consumer ready messages', (r) => r.ready);

  // ---- storage ----
  const storageLabels = ['storage_type', 'storage_medium'];
  gauge('rocketmq_storage_size', 'Broker storage size', storageLabels, async () => {
    const s = await disk(b.messageStoreConfig.storePathRootDir);
    return s && s.blocks > 0 ? [{ labels: STORAGE, value: (s.blocks - s.bfree) * s.bsize }] : [];
  });
  gauge('rocketmq_storage_flush_behind_bytes', 'Broker flush behind bytes', storageLabels, () => [
    { labels: STORAGE, value: b.store.flushBehindBytes() },
  ]);
  gauge('rocketmq_storage_dispatch_behind_bytes', 'Broker dispatch behind bytes', storageLabels, () => [
    { labels: STORAGE, value: b.store.dispatchBehindBytes() },
  ]);
  gauge('rocketmq_storage_message_reserve_time', 'Broker message reserve time', storageLabels, async () => {
    const earliest = await b.store.getEarliestMessageTimeInStore();
    return earliest > 0 ? [{ labels: STORAGE, value: Date.now() - earliest }] : [];
  });
}
