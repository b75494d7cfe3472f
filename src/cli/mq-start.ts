// `mq start`: a name server and a broker in one process, with defaults that work out of the box
// (name server 9876, broker 10911 with VIP 10909 and HA 10912, cluster DefaultCluster, broker-a,
// topics created on first send, Prometheus metrics on :5557 (broker) and :5558 (name server)) and the
// data under ~/.mq (or $MQ_HOME, or --store). It is a development cluster: every port is bound to
// 127.0.0.1 unless --host opens it. SIGTERM / SIGINT stop the broker first (it leaves the name server),
// then the name server. The web dashboard comes along on 127.0.0.1:8080 (a free port when the name
// server's is 0); a busy port costs the dashboard only, never the servers.

import os from 'node:os';
import path from 'node:path';
import { localAddress } from '../common/config/broker-config.js';
import { NamesrvConfigDef } from '../common/config/namesrv-config.js';
import { NamesrvNettyServerConfigDef } from '../common/config/netty-config.js';
import { ConfigError } from '../common/errors.js';
import { getLogger } from '../common/logger.js';
import { BrokerController } from '../broker/broker-controller.js';
import { NamesrvController } from '../namesrv/namesrv-controller.js';
import { brokerBootLine, namesrvBootLine } from './boot-lines.js';
import { controllerOptions, loadBrokerStartupConfig } from './broker-startup.js';
import { dashboardLines } from './dashboard-startup.js';
import { DashboardServer } from '../dashboard/index.js';
import { mqInvocation, packageInfo } from './invocation.js';
import { hostServers, stopOnSignal } from './process-lifetime.js';
import { checkBrokerStartup, checkNamesrvStartup } from './startup-checks.js';
import { RemotingLimitsDef } from '../common/config/remoting-limits.js';

const log = getLogger('broker');

export const MQ_START_HOST = '127.0.0.1';

export interface MqStartOptions {
  /** Data directory (store, name server files); default $MQ_HOME or ~/.mq. */
  home?: string;
  /** Store root; default <home>/store. */
  storeDir?: string;
  namesrvPort?: number;
  brokerPort?: number;
  /** Address clients reach the broker at; default the host when it is one address, else this machine's. */
  brokerIP?: string;
  /** Address both servers bind to; 127.0.0.1 by default. */
  host?: string;
  /** aclEnable=true: the broker checks every request against the plain ACL under ROCKETMQ_HOME. */
  aclEnable?: boolean;
  /** Where the log files are, for the banner. */
  logDir?: string;
  /** Serve Prometheus metrics (default true): the broker's and the name server's /metrics. */
  metrics?: boolean;
  /** Port of the broker's /metrics: 5557, or a free one when the broker port is 0. */
  brokerMetricsPort?: number;
  /** Port of the name server's /metrics: 5558, or a free one when the name server port is 0. */
  namesrvMetricsPort?: number;
  /** Serve the web dashboard too (default true). */
  dashboard?: boolean;
  /** Its port: 8080, or a free one when the name server port is 0. */
  dashboardPort?: number;
  /** Its address: 127.0.0.1 unless told otherwise. */
  dashboardHost?: string;
}

/** What `mq start --json` prints once both servers listen. */
export interface MqStartInfo {
  version: string;
  pid: number;
  host: string;
  namesrv: { addr: string; port: number };
  broker: { name: string; cluster: string; addr: string; port: number; vipPort: number; haPort: number };
  storePath: string;
  logDir?: string;
  /** The /metrics addresses, when metrics are on. */
  metrics?: { broker: string; namesrv: string };
  /** The dashboard's address, when it started. */
  dashboard?: string;
}

export interface MqStarted {
  namesrv: NamesrvController;
  broker: BrokerController;
  namesrvAddr: string;
  /** The web dashboard, when it started. */
  dashboard: DashboardServer | null;
  info: MqStartInfo;
  /** The banner: where the servers listen, the two boot lines and how to try them. */
  lines: string[];
  stop(): Promise<void>;
}

export function mqHome(env: NodeJS.ProcessEnv = process.env): string {
  return env.MQ_HOME || path.join(os.homedir(), '.mq');
}

function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '[::]';
}

/** The broker's ports (VIP below, HA above) must not take the name server's. */
function checkPorts(nsPort: number | undefined, brokerPort: number | undefined): void {
  const b = brokerPort ?? 10911;
  const ns = nsPort ?? 9876;
  if (ns !== 0 && b !== 0 && [b - 2, b, b + 1].includes(ns)) {
    throw new ConfigError(
      `--namesrv-port ${ns} collides with the broker's ports ${b - 2} (VIP), ${b} and ${b + 1} (HA): choose ports apart`,
    );
  }
}

/** Starts both servers; resolves once the broker has registered with the name server. */
export async function startMq(opts: MqStartOptions = {}): Promise<MqStarted> {
  checkPorts(opts.namesrvPort, opts.brokerPort);
  const home = opts.home ?? mqHome();
  const storeDir = opts.storeDir ?? path.join(home, 'store');
  const host = opts.host ?? MQ_START_HOST;
  const brokerIP = opts.brokerIP ?? (isWildcard(host) ? localAddress() : host);
  const metrics = opts.metrics ?? true;
  // Metrics listen where the servers do: on loopback unless --host opens them.
  const nsCfg = {
    namesrvConfig: {
      ...NamesrvConfigDef.defaults(),
      kvConfigPath: path.join(home, 'namesrv', 'kvConfig.json'),
      configStorePath: path.join(home, 'namesrv', 'namesrv.properties'),
      ...(metrics
        ? {
          metricsExporterType: 'PROM' as const,
          metricsPromExporterHost: host,
          metricsPromExporterPort: opts.namesrvMetricsPort ?? (opts.namesrvPort === 0 ? 0 : 5558),
        }
        : {}),
    },
    nettyServerConfig: { ...NamesrvNettyServerConfigDef.defaults(), listenPort: opts.namesrvPort ?? 9876 },
    remotingLimits: RemotingLimitsDef.defaults(),
  };
  const cfg = loadBrokerStartupConfig(undefined, '');
  Object.assign(cfg.brokerConfig, {
    brokerClusterName: 'DefaultCluster',
    brokerName: 'broker-a',
    brokerIP1: brokerIP,
    brokerIP2: brokerIP,
    autoCreateTopicEnable: true,
    aclEnable: opts.aclEnable ?? false,
  });
  if (metrics) {
    Object.assign(cfg.brokerConfig, {
      metricsExporterType: 'PROM',
      metricsPromExporterHost: host,
      metricsPromExporterPort: opts.brokerMetricsPort ?? (opts.brokerPort === 0 ? 0 : 5557),
    });
  }
  cfg.messageStoreConfig.storePathRootDir = storeDir;
  cfg.messageStoreConfig.storePathCommitLog = path.join(storeDir, 'commitlog');
  const brokerPort = opts.brokerPort ?? 10911;
  cfg.nettyServerConfig.listenPort = brokerPort;
  cfg.messageStoreConfig.haListenPort = brokerPort === 0 ? 0 : brokerPort + 1;
  cfg.configFilePath = path.join(storeDir, 'config', 'broker.properties');
  checkNamesrvStartup({ ...nsCfg, extraProperties: new Map(), tls: cfg.tls });
  checkBrokerStartup(cfg);

  const namesrv = new NamesrvController({ host, tls: cfg.tls, ...nsCfg });
  const nsPort = await namesrv.start();
  const namesrvAddr = `${brokerIP.includes(':') ? `[${brokerIP}]` : brokerIP}:${nsPort}`;
  cfg.brokerConfig.namesrvAddr = namesrvAddr;
  const broker = new BrokerController(controllerOptions(cfg, { host }));
  try {
    await broker.start();
  } catch (err) {
    await namesrv.shutdown();
    throw err;
  }
  // The broker stops first: it unregisters from the name server on its way out.
  const hosted = hostServers([
    { role: 'broker', port: broker.nettyServerConfig.listenPort, shutdown: () => broker.shutdown() },
    { role: 'namesrv', port: nsPort, shutdown: () => namesrv.shutdown() },
  ], 'start');
  // The dashboard reaches the name server as the broker does: over TLS when its ports enforce it.
  const web = await startDashboard(opts, namesrvAddr, cfg.nettyClientConfig.useTLS);
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= (async () => {
    await web.dashboard?.close();
    await hosted.stop();
  })());
  const info: MqStartInfo = {
    version: packageInfo().version,
    pid: process.pid,
    host,
    namesrv: { addr: namesrvAddr, port: nsPort },
    broker: {
      name: cfg.brokerConfig.brokerName,
      cluster: cfg.brokerConfig.brokerClusterName,
      addr: broker.brokerAddr,
      port: broker.nettyServerConfig.listenPort,
      vipPort: broker.vipPort,
      haPort: broker.messageStoreConfig.haListenPort,
    },
    storePath: storeDir,
    logDir: opts.logDir,
    ...(broker.metrics && namesrv.metrics ? { metrics: { broker: broker.metrics.url, namesrv: namesrv.metrics.url } } : {}),
    ...(web.dashboard ? { dashboard: web.dashboard.url } : {}),
  };
  log.info('mq started', { namesrv: namesrvAddr, broker: broker.brokerAddr, store: storeDir, host });
  return { namesrv, broker, namesrvAddr, dashboard: web.dashboard, info, lines: banner(info, broker, web.lines), stop };
}

/** The dashboard beside the servers; when it cannot start, a line says why and the servers carry on. */
async function startDashboard(
  opts: MqStartOptions,
  namesrvAddr: string,
  useTLS: boolean,
): Promise<{ dashboard: DashboardServer | null; lines: string[] }> {
  if (opts.dashboard === false) return { dashboard: null, lines: [] };
  const dOpts = {
    namesrvAddr,
    host: opts.dashboardHost ?? MQ_START_HOST,
    port: opts.dashboardPort ?? (opts.namesrvPort === 0 ? 0 : 8080),
    admin: { useTLS },
  };
  try {
    const dashboard = new DashboardServer(dOpts);
    await dashboard.start();
    return { dashboard, lines: dashboardLines(dashboard, dOpts) };
  } catch (err) {
    log.warn('dashboard not started', { error: (err as Error).message });
    return { dashboard: null, lines: [`Dashboard not started: ${(err as Error).message} (--dashboard-port picks another port)`] };
  }
}

function banner(info: MqStartInfo, broker: BrokerController, dashboardLines: string[]): string[] {
  const mq = mqInvocation();
  const b = info.broker;
  const bound = isWildcard(info.host)
    ? `every interface (${info.host}): other machines can connect`
    : `${info.host} only: other machines cannot connect (--host 0.0.0.0 opens it)`;
  return [
    `mq ${info.version}: a name server and a broker in one process (pid ${info.pid})`,
    `  name server  ${info.namesrv.addr}`,
    `  broker       ${b.name} at ${b.addr} (VIP port ${b.vipPort}, HA port ${b.haPort}), cluster ${b.cluster}`,
    `  bound to     ${bound}`,
    `  store        ${info.storePath}`,
    ...(info.logDir ? [`  logs         ${info.logDir}`] : []),
    ...(info.metrics ? [`  metrics      ${info.metrics.broker} (broker), ${info.metrics.namesrv} (name server)`] : []),
    namesrvBootLine(),
    brokerBootLine(broker),
    ...dashboardLines,
    '',
    'Try it:',
    `  ${mq} tools producer -n ${info.namesrv.addr}`,
    `  ${mq} tools consumer -n ${info.namesrv.addr}`,
    `Stop it with Ctrl-C, or ${mq} stop`,
  ];
}

/** startMq, stopping both servers gracefully on SIGTERM / SIGINT. */
export async function runMq(opts: MqStartOptions = {}): Promise<MqStarted> {
  const started = await startMq(opts);
  stopOnSignal(started.stop, log);
  return started;
}
