// Real servers for integration tests: each runs as a child process through the real CLI on the
// current runtime (node, bun or deno), on port 0, with its own temporary home, run and data
// directories. Everything started here is stopped when the test ends, even when it fails, and
// killed outright if the test process exits first (processes.ts).

import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { mqCommand } from '../../src/common/runtime.js';
import { NamesrvController, type NamesrvControllerOptions } from '../../src/namesrv/namesrv-controller.js';
import { BrokerController, type BrokerControllerOptions } from '../../src/broker/broker-controller.js';
import { RemotingClient } from '../../src/remoting/client.js';
import type { RemotingCommand } from '../../src/remoting/command.js';
import { LineCollector, withTimeout } from './latch.js';
import { track } from './processes.js';
import { removeDir, tmpDir } from './tmp.js';

export interface TestContextLike {
  after(fn: () => unknown): void;
}

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A spawned `mq` child with its output collected line by line. */
export interface MqChild {
  proc: ChildProcess;
  stdout: LineCollector;
  stderr: LineCollector;
  exited: Promise<ExitStatus>;
  /**
   * Sends a signal by pid. Deno's ChildProcess.kill() reports the child as killed by the signal
   * even when the child handled it and exited normally, so tests never use kill() for this.
   */
  signal(sig: NodeJS.Signals): void;
}

/**
 * Environment every child gets: no colours, info logs on stderr too (a server off a terminal keeps
 * them to its log files otherwise, which land in the child's temporary HOME), plus `env`.
 */
function childEnv(env: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return { ...process.env, NO_COLOR: '1', MQ_LOG_LEVEL: 'info', MQ_LOG_STDERR: 'info', ...env };
}

export function spawnMq(argv: string[], env: Record<string, string | undefined> = {}, cwd?: string): MqChild {
  const [cmd, ...args] = mqCommand();
  const proc = track(spawn(cmd!, [...args, ...argv], { env: childEnv(env), cwd, stdio: ['ignore', 'pipe', 'pipe'] }));
  const exited = new Promise<ExitStatus>((resolve) => {
    proc.once('exit', (code, signal) => resolve({ code, signal }));
    proc.once('error', () => resolve({ code: null, signal: null }));
  });
  const signal = (sig: NodeJS.Signals) => {
    if (proc.pid === undefined || proc.exitCode !== null || proc.signalCode !== null) return;
    try {
      process.kill(proc.pid, sig);
    } catch {
      // already gone
    }
  };
  return { proc, stdout: new LineCollector(proc.stdout, 'stdout'), stderr: new LineCollector(proc.stderr, 'stderr'), exited, signal };
}

export interface RunResult extends ExitStatus {
  stdout: string;
  stderr: string;
}

/** Runs `mq <argv>` to completion (killed after `timeoutMs`). */
export async function runMq(
  argv: string[],
  opts: { env?: Record<string, string | undefined>; timeoutMs?: number; cwd?: string } = {},
): Promise<RunResult> {
  const child = spawnMq(argv, opts.env, opts.cwd);
  let status: ExitStatus;
  try {
    status = await withTimeout(child.exited, opts.timeoutMs ?? 30_000, `mq ${argv.join(' ')} to exit`);
  } catch (err) {
    child.proc.kill('SIGKILL');
    throw err;
  }
  // 'exit' can come before the pipes drain.
  await Promise.all([streamClosed(child.proc.stdout), streamClosed(child.proc.stderr)]);
  return { ...status, stdout: child.stdout.text, stderr: child.stderr.text };
}

function streamClosed(s: NodeJS.ReadableStream | null): Promise<void> {
  if (!s || (s as { closed?: boolean }).closed || (s as { readableEnded?: boolean }).readableEnded) return Promise.resolve();
  return withTimeout(
    new Promise<void>((r) => {
      s.once('close', () => r());
      s.once('end', () => r());
    }),
    5000,
    'child output to close',
  ).catch(() => undefined);
}

export const NAMESRV_BOOT_LINE = 'The Name Server boot success. serializeType=JSON';

export interface NamesrvHandle extends MqChild {
  /** "127.0.0.1:<port>" */
  addr: string;
  port: number;
  /** Temporary HOME of the child; holds the config file, kvConfig.json and the run dir. */
  home: string;
  /** MQ_RUN_DIR of the child: where its pid file lives. */
  runDir: string;
  configFile: string;
  kvConfigPath: string;
  env: Record<string, string>;
  /** SIGTERM (SIGKILL after `timeoutMs`), then the exit status. Safe to call twice. */
  stop(timeoutMs?: number): Promise<ExitStatus>;
}

export interface StartNamesrvOptions {
  /** Extra config lines (properties syntax, or TOML with `configExt: 'toml'`). */
  config?: string;
  configExt?: 'properties' | 'toml';
  /** Extra CLI arguments after `namesrv start -c FILE --port 0`. */
  args?: string[];
  env?: Record<string, string>;
  bootTimeoutMs?: number;
}

/** Starts `mq namesrv start` on port 0 in a temp home and resolves once it has printed the boot line. */
export async function startNamesrv(t?: TestContextLike, opts: StartNamesrvOptions = {}): Promise<NamesrvHandle> {
  // Removed after the server has stopped, not before (hooks run in registration order).
  const home = tmpDir('mq-namesrv-');
  const runDir = path.join(home, 'run');
  const kvConfigPath = path.join(home, 'namesrv', 'kvConfig.json');
  const ext = opts.configExt ?? 'properties';
  const configFile = path.join(home, `namesrv.${ext}`);
  const base = ext === 'toml'
    ? `listenPort = 0\nkvConfigPath = ${JSON.stringify(kvConfigPath)}\n`
    : `listenPort=0\nkvConfigPath=${kvConfigPath}\n`;
  fs.writeFileSync(configFile, base + (opts.config ?? ''));
  const env = { HOME: home, USERPROFILE: home, MQ_RUN_DIR: runDir, ...opts.env };
  const child = spawnMq(['namesrv', 'start', '-c', configFile, '--port', '0', ...(opts.args ?? [])], env);

  let stopping: Promise<ExitStatus> | undefined;
  const stop = (timeoutMs = 10_000): Promise<ExitStatus> => {
    stopping ??= (async () => {
      child.signal('SIGTERM');
      try {
        return await withTimeout(child.exited, timeoutMs, 'name server to exit');
      } catch {
        child.proc.kill('SIGKILL');
        return child.exited;
      }
    })();
    return stopping;
  };
  t?.after(async () => {
    await stop();
    removeDir(home);
  });

  const bootTimeout = opts.bootTimeoutMs ?? 30_000;
  const failedEarly = child.exited.then((s) => {
    throw new Error(`name server exited (code ${s.code}, signal ${s.signal}) before booting:\n${child.stderr.text}`);
  });
  try {
    const [, portMatch] = await Promise.race([
      Promise.all([
        child.stdout.waitFor(new RegExp(`^${escapeRe(NAMESRV_BOOT_LINE)}$`), bootTimeout),
        child.stderr.waitFor(/name server listening .*\bport=(\d+)/, bootTimeout),
      ]),
      failedEarly,
    ]);
    const port = Number(portMatch[1]);
    return { ...child, addr: `127.0.0.1:${port}`, port, home, runDir, configFile, kvConfigPath, env, stop };
  } catch (err) {
    await stop();
    throw err;
  } finally {
    failedEarly.catch(() => undefined);
  }
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export interface InProcessNamesrv {
  controller: NamesrvController;
  addr: string;
  port: number;
  home: string;
  client: RemotingClient;
  /** Sends a request and waits for its response. */
  invoke(request: RemotingCommand, timeoutMs?: number): Promise<RemotingCommand>;
}

/**
 * A NamesrvController in this process on 127.0.0.1:0, its KV and config files in a temp dir, plus a
 * client connected to it; both are closed after the test. Liveness scans are off unless asked for.
 */
export async function startInProcessNamesrv(t: TestContextLike, opts: NamesrvControllerOptions = {}): Promise<InProcessNamesrv> {
  const home = tmpDir('mq-namesrv-');
  const controller = new NamesrvController({
    host: '127.0.0.1',
    ...opts,
    namesrvConfig: {
      kvConfigPath: path.join(home, 'namesrv', 'kvConfig.json'),
      configStorePath: path.join(home, 'namesrv', 'namesrv.properties'),
      ...opts.namesrvConfig,
    },
    nettyServerConfig: { listenPort: 0, ...opts.nettyServerConfig },
    liveness: { initialDelayMs: 3_600_000, scanIntervalMs: 3_600_000, ...opts.liveness },
  });
  const client = new RemotingClient();
  t.after(async () => {
    await client.close();
    await controller.shutdown();
    removeDir(home);
  });
  const port = await controller.start();
  const addr = `127.0.0.1:${port}`;
  return { controller, addr, port, home, client, invoke: (req, timeoutMs = 5000) => client.invoke(addr, req, timeoutMs) };
}

// ---- broker (appended for the broker tests; additive) ----

/** Store settings of test brokers: 16 MiB commit-log segments and small consume-queue and index files. */
function smallStore(storeDir: string) {
  return {
    storePathRootDir: storeDir,
    storePathCommitLog: path.join(storeDir, 'commitlog'),
    mappedFileSizeCommitLog: 16 * 1024 * 1024,
    mappedFileSizeConsumeQueue: 60_000,
    maxHashSlotNum: 10_000,
    maxIndexNum: 40_000,
  };
}

/** stop() (SIGTERM, then SIGKILL after `timeoutMs`) and kill() (SIGKILL) of a child; the first call wins. */
function childControls(child: MqChild, what: string): { stop(timeoutMs?: number): Promise<ExitStatus>; kill(): Promise<ExitStatus> } {
  let ending: Promise<ExitStatus> | undefined;
  return {
    stop: (timeoutMs = 15_000) => (ending ??= (async () => {
      child.signal('SIGTERM');
      try {
        return await withTimeout(child.exited, timeoutMs, `${what} to exit`);
      } catch {
        child.proc.kill('SIGKILL');
        return child.exited;
      }
    })()),
    kill: () => (ending ??= (async () => {
      child.signal('SIGKILL');
      return child.exited;
    })()),
  };
}

/** Waits for all of `lines` (or the child's early exit, which fails with its output), stopping it on failure. */
async function awaitBoot<T>(child: MqChild, what: string, lines: Promise<T>, stop: () => Promise<ExitStatus>): Promise<T> {
  const failedEarly = child.exited.then((s) => {
    throw new Error(`${what} exited (code ${s.code}, signal ${s.signal}) before booting:\n${child.stderr.text}\n${child.stdout.text}`);
  });
  try {
    return await Promise.race([lines, failedEarly]);
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}\n${child.stderr.text.slice(-3000)}`);
  } finally {
    failedEarly.catch(() => undefined);
  }
}

/** Java's BrokerStartup success line; groups: broker name, address, serialize type, name servers. */
export const BROKER_BOOT_LINE = /^The broker\[(.+), (.+)\] boot success\. serializeType=(\w+)(?: and name server is (.+))?$/;

export interface BrokerHandle extends MqChild {
  /** "127.0.0.1:<port>" */
  addr: string;
  port: number;
  vipPort: number;
  home: string;
  runDir: string;
  storeDir: string;
  configFile: string;
  env: Record<string, string>;
  bootLine: string;
  /** SIGTERM (SIGKILL after `timeoutMs`), then the exit status. Safe to call twice. */
  stop(timeoutMs?: number): Promise<ExitStatus>;
  /** SIGKILL, then the exit status. */
  kill(): Promise<ExitStatus>;
}

export interface StartBrokerOptions {
  /** Name server address(es) for namesrvAddr; none when absent. */
  namesrvAddr?: string;
  /** Extra config lines (properties syntax, or TOML with `configExt: 'toml'`). */
  config?: string;
  /** Keys to set, replacing the harness defaults (brokerName, ...), in either syntax. */
  props?: Record<string, string | number | boolean>;
  configExt?: 'properties' | 'toml';
  /** Reuse a store (and home) from an earlier broker: restarts. */
  storeDir?: string;
  home?: string;
  /** Listen port; 0 (ephemeral) by default. */
  port?: number;
  args?: string[];
  env?: Record<string, string>;
  bootTimeoutMs?: number;
}

/**
 * Starts `mq broker start -c FILE --port 0` in a temp home with a small store and resolves once it
 * printed Java's boot line. The store survives stop() so a test can start a broker on it again;
 * everything is removed after the test.
 */
export async function startBroker(t: TestContextLike | undefined, opts: StartBrokerOptions = {}): Promise<BrokerHandle> {
  const home = opts.home ?? tmpDir('mq-broker-');
  const runDir = path.join(home, 'run');
  const storeDir = opts.storeDir ?? path.join(home, 'store');
  const ext = opts.configExt ?? 'properties';
  const configFile = path.join(home, `broker-${Date.now()}-${Math.random().toString(36).slice(2, 6)}.${ext}`);
  const base: Record<string, string | number | boolean> = {
    brokerClusterName: 'TestCluster',
    brokerName: 'broker-t',
    brokerIP1: '127.0.0.1',
    brokerIP2: '127.0.0.1',
    listenPort: opts.port ?? 0,
    ...smallStore(storeDir),
    ...opts.props,
  };
  if (opts.namesrvAddr) base.namesrvAddr = opts.namesrvAddr;
  const text = ext === 'toml'
    ? Object.entries(base).map(([k, v]) => `${k} = ${typeof v === 'string' ? JSON.stringify(v) : v}`).join('\n') + '\n'
    : Object.entries(base).map(([k, v]) => `${k}=${v}`).join('\n') + '\n';
  fs.mkdirSync(home, { recursive: true });
  fs.writeFileSync(configFile, text + (opts.config ?? ''));
  const env = { HOME: home, USERPROFILE: home, MQ_RUN_DIR: runDir, NAMESRV_ADDR: '', ...opts.env };
  const child = spawnMq(['broker', 'start', '-c', configFile, '--port', String(opts.port ?? 0), ...(opts.args ?? [])], env);
  const { stop, kill } = childControls(child, 'broker');
  t?.after(async () => {
    await stop();
    if (!opts.home) removeDir(home);
  });
  const bootTimeout = opts.bootTimeoutMs ?? 30_000;
  const [boot, listening] = await awaitBoot(
    child,
    'broker',
    Promise.all([
      child.stdout.waitFor(BROKER_BOOT_LINE, bootTimeout),
      child.stderr.waitFor(/broker listening .*\bport=(\d+) vipPort=(\d+)/, bootTimeout),
    ]),
    stop,
  );
  const port = Number(listening[1]);
  return {
    ...child,
    addr: `127.0.0.1:${port}`,
    port,
    vipPort: Number(listening[2]),
    home,
    runDir,
    storeDir,
    configFile,
    env,
    bootLine: boot[0],
    stop,
    kill,
  };
}

export interface MqStartHandle extends MqChild {
  namesrvAddr: string;
  brokerAddr: string;
  home: string;
  storeDir: string;
  stop(timeoutMs?: number): Promise<ExitStatus>;
}

/** Starts `mq start --namesrv-port 0 --broker-port 0` with its data in a temp MQ_HOME. */
export async function startMqAll(
  t: TestContextLike | undefined,
  opts: { args?: string[]; env?: Record<string, string>; bootTimeoutMs?: number } = {},
): Promise<MqStartHandle> {
  const home = tmpDir('mq-start-');
  const env = { HOME: home, USERPROFILE: home, MQ_HOME: path.join(home, '.mq'), MQ_RUN_DIR: path.join(home, 'run'), ...opts.env };
  const child = spawnMq(['start', '--namesrv-port', '0', '--broker-port', '0', ...(opts.args ?? [])], env);
  const { stop } = childControls(child, 'mq start');
  t?.after(async () => {
    await stop();
    removeDir(home);
  });
  const bootTimeout = opts.bootTimeoutMs ?? 30_000;
  const [, boot] = await awaitBoot(
    child,
    'mq start',
    Promise.all([
      child.stdout.waitFor(new RegExp(`^${escapeRe(NAMESRV_BOOT_LINE)}$`), bootTimeout),
      child.stdout.waitFor(BROKER_BOOT_LINE, bootTimeout),
    ]),
    stop,
  );
  return { ...child, namesrvAddr: boot[4]!, brokerAddr: boot[2]!, home, storeDir: path.join(home, '.mq', 'store'), stop };
}

export interface InProcessBroker {
  controller: BrokerController;
  addr: string;
  /** "127.0.0.1:<VIP port>" */
  vipAddr: string;
  storeDir: string;
  client: RemotingClient;
  invoke(request: RemotingCommand, timeoutMs?: number): Promise<RemotingCommand>;
}

/**
 * A BrokerController in this process on 127.0.0.1 port 0 with a small temp store, registered with
 * `namesrvAddr` when given, plus a client connected to it; both are stopped after the test.
 */
export async function startInProcessBroker(
  t: TestContextLike,
  opts: BrokerControllerOptions & { namesrvAddr?: string } = {},
): Promise<InProcessBroker> {
  const storeDir = opts.messageStoreConfig?.storePathRootDir ?? tmpDir('mq-broker-store-');
  const controller = new BrokerController({
    host: '127.0.0.1',
    configFilePath: path.join(storeDir, 'broker.properties'),
    ...opts,
    brokerConfig: {
      brokerClusterName: 'TestCluster',
      brokerName: 'broker-t',
      brokerIP1: '127.0.0.1',
      brokerIP2: '127.0.0.1',
      namesrvAddr: opts.namesrvAddr ?? '',
      ...opts.brokerConfig,
    },
    nettyServerConfig: { listenPort: 0, ...opts.nettyServerConfig },
    messageStoreConfig: { ...smallStore(storeDir), ...opts.messageStoreConfig },
  });
  const client = new RemotingClient();
  t.after(async () => {
    await client.close();
    await controller.shutdown();
    if (!opts.messageStoreConfig?.storePathRootDir) removeDir(storeDir);
  });
  await controller.start();
  const addr = controller.brokerAddr;
  return {
    controller,
    addr,
    vipAddr: `127.0.0.1:${controller.vipPort}`,
    storeDir,
    client,
    invoke: (req, timeoutMs = 5000) => client.invoke(addr, req, timeoutMs),
  };
}

/**
 * Spawns `mq <argv>` (a server started as a README or a runbook would) and resolves once its stdout
 * has a line matching `boot`; if it exits first, or the line does not come, it fails with its output.
 */
export async function spawnBooted(
  argv: string[],
  env: Record<string, string | undefined>,
  cwd: string | undefined,
  boot: RegExp,
  timeoutMs = 30_000,
): Promise<MqChild> {
  const child = spawnMq(argv, env, cwd);
  const kill = async () => {
    child.signal('SIGKILL');
    return child.exited;
  };
  await awaitBoot(child, `mq ${argv.join(' ')}`, child.stdout.waitFor(boot, timeoutMs), kill);
  return child;
}
