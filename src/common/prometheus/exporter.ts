// A Prometheus endpoint of its own for a server: `GET /metrics` on an HTTP port answers the text
// exposition format (version 0.0.4) from a prom-client registry; any other path is 404. The registry
// carries the server's constant labels (RocketMQ 5's cluster, node_type, node_id and metricsLabel
// pairs) and prom-client's process metrics (CPU, memory, heap, event-loop lag, handles, GC).
//
// prom-client runs unchanged on Node.js, Bun and Deno; its GC durations come from perf_hooks' "gc"
// entries, which only Node.js emits, so on Bun and Deno nodejs_gc_duration_seconds stays empty.
// It is loaded only when a server turns its exporter on.

import http from 'node:http';
import type net from 'node:net';
import type { Registry } from 'prom-client';
import { ConfigError, describeError } from '../errors.js';

export type PromClient = typeof import('prom-client');

export interface MetricsExporterOptions {
  /** Address to bind. */
  host: string;
  /** Port to listen on; 0 picks a free one. */
  port: number;
  /** Labels every series carries. */
  labels: Record<string, string>;
  /** Registers the server's own metrics; called once, before the port opens. */
  define(prom: PromClient, registry: Registry): void;
}

export interface MetricsExporter {
  readonly host: string;
  readonly port: number;
  /** http://host:port/metrics */
  readonly url: string;
  readonly registry: Registry;
  close(): Promise<void>;
}

let loaded: Promise<PromClient> | null = null;

/** prom-client, loaded once (it is CommonJS: its exports arrive as the default export under ESM). */
export function loadPromClient(): Promise<PromClient> {
  loaded ??= import('prom-client').then((m) => ((m as { default?: PromClient }).default ?? m) as PromClient);
  return loaded;
}

/** "k:v,k2:v2" (RocketMQ 5's metricsLabel) as labels; malformed pairs are skipped as Java skips them. */
export function parseMetricsLabel(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of text.split(',')) {
    const kv = item.split(':');
    if (kv.length === 2 && kv[0]!.trim() && kv[1]!.trim()) out[kv[0]!.trim()] = kv[1]!.trim();
  }
  return out;
}

function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

export async function startMetricsExporter(opts: MetricsExporterOptions): Promise<MetricsExporter> {
  const prom = await loadPromClient();
  const registry = new prom.Registry();
  registry.setDefaultLabels(opts.labels);
  prom.collectDefaultMetrics({ register: registry });
  opts.define(prom, registry);

  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not Found\n');
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(req.method === 'HEAD' ? undefined : text),
      (err: unknown) => res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end(`${describeError(err)}\n`),
    );
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', (err) => reject(new ConfigError(`cannot serve metrics on ${opts.host}:${opts.port}: ${describeError(err)}`)));
    server.listen({ port: opts.port, host: opts.host, exclusive: true }, () => resolve((server.address() as net.AddressInfo).port));
  });
  return {
    host: opts.host,
    port,
    url: `http://${hostForUrl(opts.host)}:${port}/metrics`,
    registry,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // A scraper's keep-alive connection would hold close() open.
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}
