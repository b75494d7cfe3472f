// What `mq namesrv start` does around the controller (NamesrvStartup): build the two configs from
// defaults and the -c file, print them for -p / -m, then run the server in this process with a
// pid file for `mq namesrv stop` and a graceful stop on SIGTERM / SIGINT (process-lifetime.ts).

import path from 'node:path';
import { type NamesrvConfig, NamesrvConfigDef } from '../common/config/namesrv-config.js';
import { NamesrvNettyServerConfigDef, type NettyServerConfig } from '../common/config/netty-config.js';
import { type RemotingLimits, RemotingLimitsDef } from '../common/config/remoting-limits.js';
import { getLogger } from '../common/logger.js';
import { NamesrvController } from '../namesrv/namesrv-controller.js';
import { loadConfigFile, loadServerTlsConfig, target, tlsKeysTarget } from './config-file.js';
import type { TlsConfig } from '../common/config/tls-config.js';
import { hostServers, stopOnSignal } from './process-lifetime.js';
import { checkNamesrvStartup } from './startup-checks.js';

const log = getLogger('namesrv');

export interface NamesrvStartupConfig {
  namesrvConfig: NamesrvConfig;
  nettyServerConfig: NettyServerConfig;
  /** Our own transport limits (not in Java's configs, so neither printed nor served by GET_NAMESRV_CONFIG). */
  remotingLimits: RemotingLimits;
  /** Keys of the config file that neither config owns. */
  extraProperties: Map<string, unknown>;
  /** The tls.* settings (environment, the file's tls.* keys, tls.config.file). */
  tls: TlsConfig;
}

export function loadNamesrvStartupConfig(configFile?: string): NamesrvStartupConfig {
  const namesrvConfig = NamesrvConfigDef.defaults();
  const nettyServerConfig = NamesrvNettyServerConfigDef.defaults();
  const remotingLimits = RemotingLimitsDef.defaults();
  let extraProperties = new Map<string, unknown>();
  if (configFile) {
    extraProperties = loadConfigFile(configFile, [
      target(NamesrvConfigDef, namesrvConfig),
      target(NamesrvNettyServerConfigDef, nettyServerConfig),
      tlsKeysTarget(),
      target(RemotingLimitsDef, remotingLimits),
    ]);
    // As in Java, config updates over the wire are written back to the file the server started from.
    namesrvConfig.configStorePath = path.resolve(configFile);
  }
  return { namesrvConfig, nettyServerConfig, remotingLimits, extraProperties, tls: loadServerTlsConfig(configFile) };
}

/** `key=value` lines of both configs, as -p (all) or -m (important only) print them. */
export function namesrvConfigLines(cfg: NamesrvStartupConfig, importantOnly: boolean): string[] {
  return [
    ...NamesrvConfigDef.print(cfg.namesrvConfig, importantOnly),
    ...NamesrvNettyServerConfigDef.print(cfg.nettyServerConfig, importantOnly),
  ];
}

/**
 * Starts the name server and keeps it running until a shutdown signal, which closes it, removes
 * its pid file and exits. Resolves with the bound port once it is listening.
 */
export async function runNamesrv(cfg: NamesrvStartupConfig): Promise<{ controller: NamesrvController; port: number }> {
  checkNamesrvStartup(cfg);
  const controller = new NamesrvController({
    namesrvConfig: cfg.namesrvConfig,
    nettyServerConfig: cfg.nettyServerConfig,
    remotingLimits: cfg.remotingLimits,
    extraProperties: cfg.extraProperties,
    tls: cfg.tls,
  });
  let port: number;
  try {
    port = await controller.start();
  } catch (err) {
    await controller.shutdown();
    throw err;
  }
  const hosted = hostServers([{ role: 'namesrv', port, shutdown: () => controller.shutdown() }], 'namesrv');
  log.info('name server listening', { addr: `0.0.0.0:${port}`, port, pid: process.pid, pidFile: hosted.pidFiles[0] });
  stopOnSignal(async () => {
    await hosted.stop();
    log.info('name server stopped', { port });
  }, log);
  return { controller, port };
}
