// The name server (NamesrvController): wires the route table, KV config, liveness and request
// handlers onto one remoting server. Start-up order follows Java: load the KV file, register the
// handlers, listen, then schedule the liveness scan.

import { type ConfigPart, Configuration } from '../common/config/configuration.js';
import { NAMESRV_FIXED_BLACKLIST, type NamesrvConfig, NamesrvConfigDef } from '../common/config/namesrv-config.js';
import { NamesrvNettyServerConfigDef, type NettyServerConfig } from '../common/config/netty-config.js';
import type { RemotingLimits } from '../common/config/remoting-limits.js';
import { type ServerLimits, serverLimits } from '../remoting/server-limits.js';
import { getLogger } from '../common/logger.js';
import { type MetricsExporter, parseMetricsLabel, startMetricsExporter } from '../common/prometheus/exporter.js';
import { RPC_LATENCY_BUCKETS_MS } from '../common/prometheus/bucket-counts.js';
import { countsHistogram } from '../common/prometheus/collected.js';
import { RPC_LATENCY_LABELS, RpcLatencyRecorder } from '../remoting/rpc-latency.js';
import { RemotingServer } from '../remoting/server.js';
import { BrokerLiveness, type LivenessOptions } from './broker-liveness.js';
import { KVConfigManager } from './kv-config.js';
import { brokerHandlers } from './processors/broker-requests.js';
import { configHandlers } from './processors/config-requests.js';
import type { NamesrvContext } from './processors/context.js';
import { routeHandlers } from './processors/route-requests.js';
import { RouteTable } from './route-table.js';
import { resolveTlsConfig, type TlsConfig } from '../common/config/tls-config.js';
import { ServerTls } from '../remoting/tls.js';

const log = getLogger('namesrv');

export interface NamesrvControllerOptions {
  namesrvConfig?: Partial<NamesrvConfig>;
  nettyServerConfig?: Partial<NettyServerConfig>;
  /** Config-file keys neither config knows; served by GET_NAMESRV_CONFIG as Java does. */
  extraProperties?: Map<string, unknown>;
  /** Address to bind; all interfaces by default. */
  host?: string;
  /** Wall clock for broker timestamps and data versions (tests pass a fake one). */
  now?: () => number;
  liveness?: LivenessOptions;
  /** The tls.* settings of the listen port; default: resolveTlsConfig() from the environment. */
  tls?: TlsConfig;
  /** What one client may hold; RemotingLimits keys of the -c file. */
  remotingLimits?: Partial<RemotingLimits>;
  /** Overrides of the resulting limits (tests: idle times below a second). */
  serverLimits?: Partial<ServerLimits>;
}

/** The name server's live configuration: its two configs, rewritten to configStorePath. */
export function namesrvConfiguration(
  namesrvConfig: NamesrvConfig,
  nettyServerConfig: NettyServerConfig,
  extra?: Map<string, unknown>,
  now?: () => number,
): Configuration {
  const parts = [
    { def: NamesrvConfigDef, cfg: namesrvConfig },
    { def: NamesrvNettyServerConfigDef, cfg: nettyServerConfig },
  ] as unknown as ConfigPart[];
  return new Configuration(parts, {
    storePath: () => namesrvConfig.configStorePath,
    fixedBlackList: NAMESRV_FIXED_BLACKLIST,
    configBlackList: namesrvConfig.configBlackList,
    extra,
    now,
    logName: 'namesrv',
  });
}

export class NamesrvController {
  readonly namesrvConfig: NamesrvConfig;
  readonly nettyServerConfig: NettyServerConfig;
  readonly routes: RouteTable;
  readonly kv: KVConfigManager;
  readonly configuration: Configuration;
  readonly liveness: BrokerLiveness;
  readonly server: RemotingServer;
  readonly serverTls: ServerTls;
  private boundPort = -1;
  private stopped = false;
  /** The Prometheus endpoint (rpc latency and process metrics), when metricsExporterType is PROM. */
  metrics: MetricsExporter | null = null;

  constructor(private readonly opts: NamesrvControllerOptions = {}) {
    this.namesrvConfig = { ...NamesrvConfigDef.defaults(), ...opts.namesrvConfig };
    this.nettyServerConfig = { ...NamesrvNettyServerConfigDef.defaults(), ...opts.nettyServerConfig };
    const now = opts.now ?? Date.now;
    this.routes = new RouteTable(now);
    this.kv = new KVConfigManager(this.namesrvConfig.kvConfigPath);
    this.configuration = namesrvConfiguration(this.namesrvConfig, this.nettyServerConfig, opts.extraProperties, now);
    this.liveness = new BrokerLiveness(this.routes, opts.liveness);
    this.serverTls = new ServerTls(opts.tls ?? resolveTlsConfig());
    this.server = new RemotingServer('namesrv', this.serverTls);
    this.server.setLimits({ ...serverLimits(this.nettyServerConfig, opts.remotingLimits), ...opts.serverLimits });
    const ctx: NamesrvContext = {
      routes: this.routes,
      kv: this.kv,
      configuration: this.configuration,
      namesrvConfig: this.namesrvConfig,
      now,
    };
    for (const [code, handler] of [...brokerHandlers(ctx), ...routeHandlers(ctx), ...configHandlers(ctx)]) {
      this.server.registerProcessor(code, handler);
    }
    this.liveness.attach(this.server);
  }

  /** Loads state, listens, and starts the liveness scan; resolves with the bound port. */
  async start(): Promise<number> {
    if (this.namesrvConfig.clusterTest) log.warn('clusterTest mode is not supported; serving this cluster only');
    this.kv.load();
    this.boundPort = await this.server.listen(this.nettyServerConfig.listenPort, this.opts.host);
    if (this.serverTls.mode !== 'disabled') log.info(`${this.serverTls.describe()} on port ${this.boundPort}`);
    try {
      await this.startMetrics();
    } catch (err) {
      await this.server.close();
      throw err;
    }
    this.liveness.start();
    return this.boundPort;
  }

  private async startMetrics(): Promise<void> {
    const c = this.namesrvConfig;
    if (c.metricsExporterType !== 'PROM') {
      if (c.metricsExporterType !== 'DISABLE') {
        log.warn('metrics exporter type not supported; metrics are off', { type: c.metricsExporterType });
      }
      return;
    }
    const rpc = new RpcLatencyRecorder();
    this.metrics = await startMetricsExporter({
      host: c.metricsPromExporterHost || '127.0.0.1',
      port: c.metricsPromExporterPort,
      labels: {
        ...parseMetricsLabel(c.metricsLabel),
        node_type: 'nameserver',
        node_id: `${this.opts.host ?? '0.0.0.0'}:${this.boundPort}`,
      },
      define: (prom, registry) =>
        countsHistogram(
          prom,
          registry,
          'rocketmq_rpc_latency',
          'Rpc latency',
          RPC_LATENCY_LABELS,
          RPC_LATENCY_BUCKETS_MS,
          () => rpc.series(),
        ),
    });
    this.server.observeRequests(rpc.observe);
    log.info('name server metrics served', { url: this.metrics.url });
  }

  /** The bound port, once started. */
  get port(): number {
    return this.boundPort;
  }

  async shutdown(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.liveness.stop();
    await this.metrics?.close();
    await this.server.close();
    await this.kv.flushed();
  }
}
