// `mq start`: a name server and a broker in one process, with defaults that work out of the box
// (name server 9876, broker 10911 with VIP 10909 and HA 10912, cluster DefaultCluster, broker-a,
// topics created on first send, brokerIP1 127.0.0.1) and the data under ~/.mq (or $MQ_HOME, or
// --store). SIGTERM / SIGINT stop the broker first (it leaves the name server), then the name server.

import os from 'node:os';
import path from 'node:path';
import { NamesrvConfigDef } from '../common/config/namesrv-config.js';
import { NamesrvNettyServerConfigDef } from '../common/config/netty-config.js';
import { getLogger } from '../common/logger.js';
import { BrokerController } from '../broker/broker-controller.js';
import { NamesrvController } from '../namesrv/namesrv-controller.js';
import { brokerBootLine, namesrvBootLine } from './boot-lines.js';
import { controllerOptions, loadBrokerStartupConfig } from './broker-startup.js';
import { hostServers, stopOnSignal } from './process-lifetime.js';

const log = getLogger('broker');

export interface MqStartOptions {
  /** Data directory (store, name server files); default $MQ_HOME or ~/.mq. */
  home?: string;
  /** Store root; default <home>/store. */
  storeDir?: string;
  namesrvPort?: number;
  brokerPort?: number;
  brokerIP?: string;
  /** Address to bind both servers to; all interfaces by default. */
  host?: string;
  /** aclEnable=true: the broker checks every request against the plain ACL under ROCKETMQ_HOME. */
  aclEnable?: boolean;
}

export interface MqStarted {
  namesrv: NamesrvController;
  broker: BrokerController;
  namesrvAddr: string;
  /** What to print: where the servers listen, the two boot lines and how to try them. */
  lines: string[];
  stop(): Promise<void>;
}

export function mqHome(env: NodeJS.ProcessEnv = process.env): string {
  return env.MQ_HOME || path.join(os.homedir(), '.mq');
}

/** Starts both servers; resolves once the broker has registered with the name server. */
export async function startMq(opts: MqStartOptions = {}): Promise<MqStarted> {
  const home = opts.home ?? mqHome();
  const storeDir = opts.storeDir ?? path.join(home, 'store');
  const brokerIP = opts.brokerIP ?? '127.0.0.1';
  const namesrv = new NamesrvController({
    host: opts.host,
    namesrvConfig: {
      ...NamesrvConfigDef.defaults(),
      kvConfigPath: path.join(home, 'namesrv', 'kvConfig.json'),
      configStorePath: path.join(home, 'namesrv', 'namesrv.properties'),
    },
    nettyServerConfig: { ...NamesrvNettyServerConfigDef.defaults(), listenPort: opts.namesrvPort ?? 9876 },
  });
  const nsPort = await namesrv.start();
  const namesrvAddr = `${brokerIP}:${nsPort}`;
  const cfg = loadBrokerStartupConfig(undefined, namesrvAddr);
  Object.assign(cfg.brokerConfig, {
    brokerClusterName: 'DefaultCluster',
    brokerName: 'broker-a',
    brokerIP1: brokerIP,
    brokerIP2: brokerIP,
    autoCreateTopicEnable: true,
    aclEnable: opts.aclEnable ?? false,
  });
  cfg.messageStoreConfig.storePathRootDir = storeDir;
  cfg.messageStoreConfig.storePathCommitLog = path.join(storeDir, 'commitlog');
  const brokerPort = opts.brokerPort ?? 10911;
  cfg.nettyServerConfig.listenPort = brokerPort;
  cfg.messageStoreConfig.haListenPort = brokerPort === 0 ? 0 : brokerPort + 1;
  cfg.configFilePath = path.join(storeDir, 'config', 'broker.properties');
  const broker = new BrokerController(controllerOptions(cfg, opts.host ? { host: opts.host } : {}));
  try {
    await broker.start();
  } catch (err) {
    await namesrv.shutdown();
    throw err;
  }
  // The broker stops first: it unregisters from the name server on its way out.
  const { stop } = hostServers([
    { role: 'broker', port: broker.nettyServerConfig.listenPort, shutdown: () => broker.shutdown() },
    { role: 'namesrv', port: nsPort, shutdown: () => namesrv.shutdown() },
  ]);
  const lines = [
    `Name server listening on ${namesrvAddr}`,
    `Broker broker-a listening on ${broker.brokerAddr} (VIP ${brokerIP}:${broker.vipPort}, HA port ${broker.messageStoreConfig.haListenPort}), store ${storeDir}`,
    namesrvBootLine(),
    brokerBootLine(broker),
    '',
    'Try it:',
    `  mq tools producer -n ${namesrvAddr}`,
    `  mq tools consumer -n ${namesrvAddr}`,
    'Stop with Ctrl-C (or mq broker stop).',
  ];
  log.info('mq started', { namesrv: namesrvAddr, broker: broker.brokerAddr, store: storeDir });
  return { namesrv, broker, namesrvAddr, lines, stop };
}

/** startMq, stopping both servers gracefully on SIGTERM / SIGINT. */
export async function runMq(opts: MqStartOptions = {}): Promise<MqStarted> {
  const started = await startMq(opts);
  stopOnSignal(started.stop, log);
  return started;
}
