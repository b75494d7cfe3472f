// Where a server's log lines go: files under ~/logs/rocketmqlogs/ (MQ_LOG_DIR) named as RocketMQ's
// logback_namesrv.xml and logback_broker.xml name them, and stderr. A name server writes
// everything to namesrv.log; a broker writes broker.log, store.log (store and replication) and
// remoting.log; `mq start` writes all four. With isolateLogEnable a broker's files go to a folder
// <brokerName>_<brokerId>, as Java's brokerLogDir.
//
// stderr shows every line on a terminal, and only warnings and errors otherwise (the files have
// the rest); `mq start` keeps it to warnings unless --verbose. MQ_LOG_STDERR=<level>|off overrides.

import path from 'node:path';
import { configureLogging, defaultLogDir, getLogger, type LogLevel, parseLevel } from '../common/logger.js';
import { describeError } from '../common/errors.js';

export type LoggingRole = 'namesrv' | 'broker' | 'start';

const BROKER_ROUTES = {
  broker: 'broker',
  config: 'broker',
  acl: 'broker',
  filter: 'broker',
  client: 'broker',
  store: 'store',
  ha: 'store',
  remoting: 'remoting',
};

const ROUTES: Record<LoggingRole, Record<string, string>> = {
  namesrv: { namesrv: 'namesrv', remoting: 'namesrv', config: 'namesrv' },
  broker: BROKER_ROUTES,
  start: { ...BROKER_ROUTES, namesrv: 'namesrv' },
};

export interface ServerLoggingOptions {
  /** `mq start --verbose`: info lines on stderr too. */
  verbose?: boolean;
  /** A subfolder of the log directory (isolateLogEnable). */
  subdir?: string;
  env?: NodeJS.ProcessEnv;
  stderrIsTTY?: boolean;
}

/** The stderr level a server runs with. */
export function serverStderrLevel(role: LoggingRole, opts: ServerLoggingOptions = {}): LogLevel | undefined {
  const env = opts.env ?? process.env;
  const forced = env.MQ_LOG_STDERR?.toLowerCase();
  if (forced === 'off' || forced === 'none') return 'silent';
  const lvl = parseLevel(forced);
  if (lvl) return lvl === 'info' || lvl === 'debug' ? undefined : lvl;
  if (role === 'start' && !opts.verbose) return 'warn';
  return (opts.stderrIsTTY ?? Boolean(process.stderr.isTTY)) ? undefined : 'warn';
}

/** Sets up a server's logging; returns the directory of its files (undefined when it cannot write there). */
export function setupServerLogging(role: LoggingRole, opts: ServerLoggingOptions = {}): string | undefined {
  const stderrLevel = serverStderrLevel(role, opts);
  const base = defaultLogDir(opts.env ?? process.env);
  const dir = opts.subdir ? path.join(base, opts.subdir) : base;
  const routes = ROUTES[role];
  try {
    configureLogging({ stderrLevel, files: { dir, routes, fallback: role === 'namesrv' ? 'namesrv' : 'broker' } });
    return dir;
  } catch (err) {
    configureLogging({ stderrLevel: undefined });
    getLogger(role === 'namesrv' ? 'namesrv' : 'broker').warn('cannot write log files; logging to stderr only', {
      dir,
      err: describeError(err),
    });
    return undefined;
  }
}
