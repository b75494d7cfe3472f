// Referee processes from Apache RocketMQ, for interop tests: the Java name server and broker
// (4.9.7 from Maven Central; 4.9.8's server modules were never published there), and the 4.9.8
// Java client and mqadmin driven by our own small programs in test/java/client. `.ci/run`
// builds both with Maven before the suite; tests skip when the jars are absent, unless
// MQ_REQUIRE_JAVA=1 (set by CI), when the absence is a failure.

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { packageRoot, runtimeName } from '../../src/common/runtime.js';
import { LineCollector } from './latch.js';
import { track } from './processes.js';
import { removeDir, tmpDir } from './tmp.js';

const javaDir = path.join(packageRoot, 'test', 'java');
const clientJar = path.join(javaDir, 'client', 'target', 'referee-client.jar');
const clientLib = path.join(javaDir, 'client', 'target', 'lib');
const serverLib = path.join(javaDir, 'server', 'target', 'lib');
/** The RocketMQ 5.x client (remoting mode) and our drivers for it, in test/java/client5. */
const client5Jar = path.join(javaDir, 'client5', 'target', 'referee-client5.jar');
const client5Lib = path.join(javaDir, 'client5', 'target', 'lib');

type TestContext = { after(fn: () => unknown): void; skip(msg?: string): void };

const JVM_OPTS = [
  '-Xms128m',
  '-Xmx256m',
  '-XX:+UseSerialGC',
  '-XX:TieredStopAtLevel=1',
  '--add-opens=java.base/java.nio=ALL-UNNAMED',
  '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
  '--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED',
  '--add-opens=java.base/java.lang=ALL-UNNAMED',
];

function hasJava(): boolean {
  return spawnSync('java', ['-version'], { stdio: 'ignore' }).status === 0;
}

/** Why the referees cannot run here, or null when they can. */
export function refereeUnavailable(which: 'client' | 'server' | 'both' | 'client5' = 'both'): string | null {
  if (!hasJava()) return 'java is not installed';
  if (which === 'client5') {
    return fs.existsSync(client5Jar) ? null : `missing ${path.relative(packageRoot, client5Jar)}: run .ci/java-referees`;
  }
  if (which !== 'server' && !fs.existsSync(clientJar)) return `missing ${path.relative(packageRoot, clientJar)}: run .ci/java-referees`;
  if (which !== 'client' && !fs.existsSync(serverLib)) return `missing ${path.relative(packageRoot, serverLib)}: run .ci/java-referees`;
  return null;
}

/**
 * Skips the test when the referees are missing, or fails it when CI requires them. Java-referee
 * scenarios run once, under Node: on Bun and Deno they would repeat the same wire exchanges at the
 * cost of a JVM start each (CI's time budget); MQ_JAVA_ALL_RUNTIMES=1 runs them everywhere.
 */
export function requireReferees(t: TestContext, which: 'client' | 'server' | 'both' | 'client5' = 'both'): boolean {
  if (runtimeName !== 'node' && process.env.MQ_JAVA_ALL_RUNTIMES !== '1') {
    t.skip(`Java referee scenario: runs once, under Node (not ${runtimeName}; MQ_JAVA_ALL_RUNTIMES=1 runs it here)`);
    return false;
  }
  const why = refereeUnavailable(which);
  if (!why) return true;
  if (process.env.MQ_REQUIRE_JAVA === '1') throw new Error(`Java referees required but unavailable: ${why}`);
  t.skip(why);
  return false;
}

// Ports handed to servers that must listen on a port we choose (the VIP channel must be port-2,
// a restarted name server must come back on its old port) are picked below Linux's ephemeral range
// (32768-60999): an ephemeral port that is free now can be taken by any outgoing connection of a
// test running in parallel before the server binds it.
const PICK_LOW = 20_000;
const PICK_HIGH = 32_000;

/** A free TCP port p such that p-2 (the VIP channel) and p+1 (HA) are free too. */
export async function freeBrokerPort(): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const p = PICK_LOW + 2 + Math.floor(Math.random() * (PICK_HIGH - PICK_LOW - 4));
    if ((await canBind(p)) && (await canBind(p - 2)) && (await canBind(p + 1))) return p;
  }
  throw new Error('no free port triple found');
}

/** A free TCP port outside the ephemeral range, for a server that must come back on it. */
export async function freePort(): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const p = PICK_LOW + Math.floor(Math.random() * (PICK_HIGH - PICK_LOW));
    if (await canBind(p)) return p;
  }
  throw new Error('no free port found');
}

/** Whether `port` can be bound on every interface (a server binds all of them). */
function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen({ port, exclusive: true }, () => s.close(() => resolve(true)));
  });
}

/** ROCKETMQ_HOME for a referee JVM: conf/logback_*.xml, which the Java startups insist on, and `files` (path -> text). */
function rocketmqHome(t: TestContext, files: Record<string, string> = {}): string {
  const home = tmpDir('mq-java-home-', t);
  fs.mkdirSync(path.join(home, 'conf'));
  const xml = fs.readFileSync(path.join(javaDir, 'conf', 'logback.xml'));
  for (const n of ['logback_namesrv.xml', 'logback_broker.xml', 'logback_tools.xml']) fs.writeFileSync(path.join(home, 'conf', n), xml);
  writeHomeFiles(home, files);
  return home;
}

function writeHomeFiles(home: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(home, rel)), { recursive: true });
    fs.writeFileSync(path.join(home, rel), text);
  }
}

export interface JavaProcess {
  proc: ChildProcess;
  stdout(): string;
  stderr(): string;
  stop(): Promise<void>;
}

function startJava(
  t: TestContext,
  cp: string,
  mainClass: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  readyLine: RegExp,
  timeoutMs: number,
  jvmProps: Record<string, string> = {},
): Promise<JavaProcess> {
  const props = Object.entries(jvmProps).map(([k, v]) => `-D${k}=${v}`);
  const proc = track(
    spawn('java', [...JVM_OPTS, ...props, '-cp', cp, mainClass, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  let out = '';
  let err = '';
  proc.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  proc.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  const stop = async () => {
    if (proc.exitCode === null && proc.signalCode === null) {
      proc.kill('SIGKILL');
      await exited;
    }
  };
  t.after(stop);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${mainClass} did not start in ${timeoutMs} ms:\n${out}\n${err}`));
    }, timeoutMs);
    const check = () => {
      if (readyLine.test(out)) {
        clearTimeout(timer);
        proc.stdout!.off('data', check);
        resolve({ proc, stdout: () => out, stderr: () => err, stop });
      }
    };
    proc.stdout!.on('data', check);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${mainClass} exited with ${code} before it was ready:\n${out}\n${err}`));
    });
  });
}

/** JVM system properties for a referee server (tls.* and the like), as JAVA_OPT would pass them. */
export interface JavaServerOptions {
  jvmProps?: Record<string, string>;
}

/** Starts Apache RocketMQ's name server on a free loopback port. */
export async function startJavaNamesrv(t: TestContext, opts: JavaServerOptions = {}): Promise<JavaProcess & { addr: string }> {
  const home = rocketmqHome(t);
  const port = await freePort();
  const conf = path.join(home, 'namesrv.properties');
  fs.writeFileSync(
    conf,
    `listenPort=${port}\nkvConfigPath=${path.join(home, 'kvConfig.json')}\nconfigStorePath=${
      path.join(home, 'namesrv.properties.store')
    }\n`,
  );
  const p = await startJava(
    t,
    path.join(serverLib, '*'),
    'org.apache.rocketmq.namesrv.NamesrvStartup',
    ['-c', conf],
    { ROCKETMQ_HOME: home, HOME: home },
    /The Name Server boot success/,
    60_000,
    opts.jvmProps,
  );
  return { ...p, addr: `127.0.0.1:${port}` };
}

/**
 * Starts Apache RocketMQ's broker with a small temporary store, registered with `namesrvAddr`;
 * `homeFiles` are written under its ROCKETMQ_HOME (conf/plain_acl.yml for aclEnable=true).
 */
export async function startJavaBroker(
  t: TestContext,
  namesrvAddr: string,
  extra: Record<string, string | number | boolean> = {},
  homeFiles: Record<string, string> = {},
  opts: JavaServerOptions = {},
): Promise<JavaProcess & { addr: string; port: number; storeDir: string; home: string }> {
  const home = rocketmqHome(t, homeFiles);
  const port = await freeBrokerPort();
  const store = path.join(home, 'store');
  const props: Record<string, string | number | boolean> = {
    brokerClusterName: 'JavaCluster',
    brokerName: 'broker-java',
    brokerId: 0,
    brokerIP1: '127.0.0.1',
    listenPort: port,
    haListenPort: port + 1,
    namesrvAddr,
    storePathRootDir: store,
    storePathCommitLog: path.join(store, 'commitlog'),
    mappedFileSizeCommitLog: 16 * 1024 * 1024,
    mappedFileSizeConsumeQueue: 60_000,
    maxHashSlotNum: 10_000,
    maxIndexNum: 40_000,
    autoCreateTopicEnable: true,
    autoCreateSubscriptionGroup: true,
    flushDiskType: 'ASYNC_FLUSH',
    ...extra,
  };
  const conf = path.join(home, 'broker.properties');
  fs.writeFileSync(conf, Object.entries(props).map(([k, v]) => `${k}=${v}`).join('\n') + '\n');
  const p = await startJava(
    t,
    path.join(serverLib, '*'),
    'org.apache.rocketmq.broker.BrokerStartup',
    ['-c', conf],
    { ROCKETMQ_HOME: home, HOME: home },
    /The broker\[/,
    90_000,
    opts.jvmProps,
  );
  return { ...p, addr: `127.0.0.1:${port}`, port, storeDir: store, home };
}

export interface JavaRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * A JVM on the 4.9.8 client classpath (5.x for `client5`), its HOME and ROCKETMQ_HOME `home` (given the tools' logback
 * file and `homeFiles`), killed if the test process exits first.
 */
function spawnClientJvm(
  home: string,
  mainClass: string,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; jvmProps?: Record<string, string>; homeFiles?: Record<string, string>; referee?: 'client' | 'client5' },
  stdin: 'ignore' | 'pipe',
): ChildProcess {
  const props = Object.entries(opts.jvmProps ?? {}).map(([k, v]) => `-D${k}=${v}`);
  const [jar, lib] = opts.referee === 'client5' ? [client5Jar, client5Lib] : [clientJar, clientLib];
  const cp = `${jar}${path.delimiter}${path.join(lib, '*')}`;
  fs.mkdirSync(path.join(home, 'conf'));
  fs.copyFileSync(path.join(javaDir, 'conf', 'logback.xml'), path.join(home, 'conf', 'logback_tools.xml'));
  writeHomeFiles(home, opts.homeFiles ?? {});
  return track(spawn('java', [...JVM_OPTS, ...props, '-cp', cp, mainClass, ...args], {
    env: { ...process.env, HOME: home, ROCKETMQ_HOME: home, ...opts.env },
    stdio: [stdin, 'pipe', 'pipe'],
  }));
}

/**
 * Runs one of our referee programs (mqtest.*) or a tools class on the 4.9.8 client classpath;
 * `homeFiles` are written under its ROCKETMQ_HOME (conf/tools.yml for mqadmin's ACL keys).
 */
export function runJavaClient(
  mainClass: string,
  args: string[],
  opts: {
    env?: NodeJS.ProcessEnv;
    timeoutMs?: number;
    jvmProps?: Record<string, string>;
    homeFiles?: Record<string, string>;
    /** 'client5': the RocketMQ 5.x client classpath (mqtest5.*) instead of 4.9.8's. */
    referee?: 'client' | 'client5';
  } = {},
): Promise<JavaRun> {
  const home = tmpDir('mq-java-client-');
  const proc = spawnClientJvm(home, mainClass, args, opts, 'ignore');
  let stdout = '';
  let stderr = '';
  proc.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  proc.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve) => {
    const timer = setTimeout(() => proc.kill('SIGKILL'), opts.timeoutMs ?? 120_000);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      removeDir(home);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs Apache RocketMQ's own mqadmin (MQAdminStartup) with `args`. */
export function runJavaAdmin(args: string[], opts: { timeoutMs?: number; homeFiles?: Record<string, string> } = {}): Promise<JavaRun> {
  return runJavaClient('org.apache.rocketmq.tools.command.MQAdminStartup', args, opts);
}

export interface JavaChild {
  proc: ChildProcess;
  /** stdout line by line (LineCollector: lines, waitFor). */
  stdout: LineCollector;
  stderr(): string;
  exited: Promise<number | null>;
  /** Closes the program's standard input (the fail-over consumer shuts down on it). */
  closeInput(): void;
}

/**
 * Starts one of our referee programs (mqtest.*) on the 4.9.8 client classpath and leaves it
 * running, with its output readable line by line while it runs; killed after the test.
 */
export function spawnJavaClient(
  t: TestContext,
  mainClass: string,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; jvmProps?: Record<string, string> } = {},
): JavaChild {
  const proc = spawnClientJvm(tmpDir('mq-java-client-', t), mainClass, args, opts, 'pipe');
  let err = '';
  proc.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  proc.stdin!.on('error', () => undefined);
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  t.after(async () => {
    if (proc.exitCode === null && proc.signalCode === null) {
      proc.kill('SIGKILL');
      await exited;
    }
  });
  return { proc, stdout: new LineCollector(proc.stdout, mainClass), stderr: () => err, exited, closeInput: () => proc.stdin!.end() };
}
