// What `mq broker start` does around the controller (Java's BrokerStartup): build the four configs
// from defaults, the -c file (properties or TOML) and -n, print them for -p / -m, check them
// (startup-checks.ts), then run the broker in this process with a pid file for `mq broker stop`
// and a graceful stop on SIGTERM / SIGINT (process-lifetime.ts).

import os from 'node:os';
import path from 'node:path';
import { type BrokerConfig, brokerConfigDef } from '../common/config/broker-config.js';
import { type MessageStoreConfig, messageStoreConfigDef } from '../common/config/message-store-config.js';
import {
  BrokerNettyServerConfigDef,
  type NettyClientConfig,
  NettyClientConfigDef,
  type NettyServerConfig,
} from '../common/config/netty-config.js';
import { type RemotingLimits, RemotingLimitsDef } from '../common/config/remoting-limits.js';
import { getLogger } from '../common/logger.js';
import { BrokerController, type BrokerControllerOptions } from '../broker/broker-controller.js';
import { loadConfigFile, loadServerTlsConfig, target, tlsKeysTarget } from './config-file.js';
import { brokerClientUsesTls, type TlsConfig } from '../common/config/tls-config.js';
import { packageInfo } from './invocation.js';
import { hostServers, stopOnSignal } from './process-lifetime.js';
import { checkBrokerStartup } from './startup-checks.js';

const log = getLogger('broker');

export interface BrokerStartupConfig {
  brokerConfig: BrokerConfig;
  nettyServerConfig: NettyServerConfig;
  nettyClientConfig: NettyClientConfig;
  messageStoreConfig: MessageStoreConfig;
  /** Our own transport limits (not in Java's configs, so neither printed nor served by GET_BROKER_CONFIG). */
  remotingLimits: RemotingLimits;
  /** Keys of the config file that no config owns. */
  extraProperties: Map<string, unknown>;
  /** The file UPDATE_BROKER_CONFIG rewrites (Java's brokerConfigPath). */
  configFilePath: string;
  /** The tls.* settings (environment, the file's tls.* keys, tls.config.file). */
  tls: TlsConfig;
}

/** Defaults, then the -c file, then -n, as BrokerStartup applies them. */
export function loadBrokerStartupConfig(configFile?: string, namesrvAddr?: string): BrokerStartupConfig {
  const cfg: BrokerStartupConfig = {
    brokerConfig: brokerConfigDef.defaults(),
    nettyServerConfig: BrokerNettyServerConfigDef.defaults(),
    nettyClientConfig: NettyClientConfigDef.defaults(),
    messageStoreConfig: messageStoreConfigDef.defaults(),
    remotingLimits: RemotingLimitsDef.defaults(),
    extraProperties: new Map(),
    configFilePath: path.join(os.homedir(), 'store', 'config', 'broker.properties'),
    tls: loadServerTlsConfig(configFile),
  };
  // Java's BrokerStartup sets this before reading the file, so a useTLS key in the file wins.
  cfg.nettyClientConfig.useTLS = brokerClientUsesTls(cfg.tls);
  if (configFile) {
    cfg.extraProperties = loadConfigFile(configFile, [
      target(brokerConfigDef, cfg.brokerConfig),
      target(BrokerNettyServerConfigDef, cfg.nettyServerConfig),
      target(NettyClientConfigDef, cfg.nettyClientConfig),
      target(messageStoreConfigDef, cfg.messageStoreConfig),
      tlsKeysTarget(),
      target(RemotingLimitsDef, cfg.remotingLimits),
    ]);
    cfg.configFilePath = path.resolve(configFile);
  }
  if (namesrvAddr !== undefined) cfg.brokerConfig.namesrvAddr = namesrvAddr;
  // Java fixes these after reading the file: masters are broker 0, and HA listens one above.
  if (cfg.messageStoreConfig.brokerRole !== 'SLAVE') cfg.brokerConfig.brokerId = 0;
  cfg.messageStoreConfig.haListenPort = cfg.nettyServerConfig.listenPort === 0 ? 0 : cfg.nettyServerConfig.listenPort + 1;
  return cfg;
}

/** `key=value` lines of the four configs, as -p (all) or -m (important only) print them. */
export function brokerConfigLines(cfg: BrokerStartupConfig, importantOnly: boolean): string[] {
  return [
    ...brokerConfigDef.print(cfg.brokerConfig, importantOnly),
    ...BrokerNettyServerConfigDef.print(cfg.nettyServerConfig, importantOnly),
    ...NettyClientConfigDef.print(cfg.nettyClientConfig, importantOnly),
    ...messageStoreConfigDef.print(cfg.messageStoreConfig, importantOnly),
  ];
}

/** Controller options from a startup config. */
export function controllerOptions(cfg: BrokerStartupConfig, extra: Partial<BrokerControllerOptions> = {}): BrokerControllerOptions {
  return {
    brokerConfig: cfg.brokerConfig,
    nettyServerConfig: cfg.nettyServerConfig,
    nettyClientConfig: cfg.nettyClientConfig,
    messageStoreConfig: cfg.messageStoreConfig,
    remotingLimits: cfg.remotingLimits,
    extraProperties: cfg.extraProperties,
    configFilePath: cfg.configFilePath,
    tls: cfg.tls,
    ...extra,
  };
}

/**
 * Starts the broker and keeps it running until a shutdown signal, which stops it gracefully,
 * removes its pid file and exits. Resolves once it is serving and registered.
 */
export async function runBroker(cfg: BrokerStartupConfig, extra: Partial<BrokerControllerOptions> = {}): Promise<BrokerController> {
  checkBrokerStartup(cfg);
  const controller = new BrokerController(controllerOptions(cfg, extra));
  await controller.start();
  const hosted = hostServers(
    [{ role: 'broker', port: controller.nettyServerConfig.listenPort, shutdown: () => controller.shutdown() }],
    'broker',
  );
  log.info('broker pid file written', { pid: process.pid, pidFile: hosted.pidFiles[0] });
  stopOnSignal(hosted.stop, log);
  return controller;
}

/** What `mq broker start --json` prints once the broker serves. */
export function brokerStartInfo(b: BrokerController, host: string | undefined, logDir: string | undefined): Record<string, unknown> {
  return {
    version: packageInfo().version,
    pid: process.pid,
    brokerName: b.brokerConfig.brokerName,
    cluster: b.brokerConfig.brokerClusterName,
    brokerId: b.brokerConfig.brokerId,
    addr: b.brokerAddr,
    host: host ?? '0.0.0.0',
    port: b.nettyServerConfig.listenPort,
    vipPort: b.vipPort,
    haPort: b.messageStoreConfig.haListenPort,
    storePath: b.messageStoreConfig.storePathRootDir,
    namesrvAddr: b.brokerConfig.namesrvAddr,
    logDir,
  };
}
