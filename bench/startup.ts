// Start-up benchmark: `npm run bench:startup`.
// Starts each server through the real CLI on each runtime (Node.js, Bun, Deno), BENCH_RUNS times,
// in temporary directories on port 0 with the default store settings, and measures:
//   boot: from spawn to the server's boot line ("The Name Server boot success...", "The broker[...]
//         boot success...", both for `mq start`); this is what an operator or a script waits for;
//   rss:  resident memory right after the boot line (Linux /proc; absent elsewhere);
//   stop: from SIGTERM to the process's exit.
// Servers: `mq namesrv start`, `mq broker start` (registering with a name server started once per
// runtime, not measured) and `mq start` (both in one process). Medians are printed with min and
// max; the last line printed is one JSON object with every run.
// Environment: BENCH_RUNS (default 5), BENCH_RUNTIMES (default "node,bun,deno"; a runtime whose
// binary is missing is skipped), BENCH_DIR (temp parent).
// The bench itself runs on Node.js; the runtime binaries are this package's (devDependencies), as in
// scripts/run-tests.mjs.

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { nowMs, packageRoot } from '../src/common/runtime.js';
import { round } from '../src/tools/benchmark/latency.js';

type Runtime = 'node' | 'bun' | 'deno';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error('BENCH_RUNS must be a positive integer');
const RUNTIMES = (process.env.BENCH_RUNTIMES ?? 'node,bun,deno').split(',').map((s) => s.trim()).filter(Boolean) as Runtime[];
const BOOT_TIMEOUT_MS = 60_000;
const NAMESRV_BOOT = /^The Name Server boot success\. serializeType=\w+$/;
const BROKER_BOOT = /^The broker\[.+\] boot success\./;
const CLI = path.join(packageRoot, 'bin', 'run.js');

/** argv that runs the CLI on `runtime`, or undefined when its binary is not here. */
function cliCommand(runtime: Runtime): { argv: string[]; version: string } | undefined {
  const bin = runtime === 'node'
    ? (process.versions.bun || process.versions.deno ? 'node' : process.execPath)
    : path.join(packageRoot, 'node_modules', '.bin', runtime);
  const v = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  if (v.status !== 0) return undefined;
  const version = /(\d+\.\d+\.\d+)/.exec(v.stdout)?.[1] ?? v.stdout.trim();
  return { argv: runtime === 'deno' ? [bin, 'run', '-A', CLI] : [bin, CLI], version };
}

/** Resident memory of `pid` in MiB, from /proc; undefined where there is none. */
function rssMiB(pid: number): number | undefined {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

interface Started {
  proc: ChildProcess;
  bootMs: number;
  rssMiB: number | undefined;
  /** stdout and stderr lines so far. */
  lines: string[];
}

/** Spawns the CLI and resolves once a line matching each of `boot` was printed (stdout or stderr). */
function startServer(argv: string[], cli: string[], home: string, boot: RegExp[]): Promise<Started> {
  const t0 = nowMs();
  const proc = spawn(cli[0]!, [...cli.slice(1), ...argv], {
    env: {
      ...process.env,
      HOME: home,
      USERPROFILE: home,
      MQ_HOME: path.join(home, '.mq'),
      MQ_RUN_DIR: path.join(home, 'run'),
      MQ_LOG_LEVEL: 'info',
      // Off a terminal servers keep info lines to their log files; the name server's port is read from stderr.
      MQ_LOG_STDERR: 'info',
      NO_COLOR: '1',
      NAMESRV_ADDR: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiting = [...boot];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`${argv.join(' ')} did not boot in ${BOOT_TIMEOUT_MS} ms`)), BOOT_TIMEOUT_MS);
    const fail = (err: Error) => {
      clearTimeout(timer);
      proc.kill('SIGKILL');
      reject(new Error(`${err.message}:\n${lines.slice(-20).join('\n')}`));
    };
    proc.once('exit', (code, signal) => fail(new Error(`${argv.join(' ')} exited (${code ?? signal}) before booting`)));
    for (const stream of [proc.stdout!, proc.stderr!]) {
      let partial = '';
      stream.setEncoding('utf8').on('data', (chunk: string) => {
        const parts = (partial + chunk).split('\n');
        partial = parts.pop()!;
        for (const line of parts) {
          lines.push(line);
          const i = waiting.findIndex((re) => re.test(line));
          if (i < 0) continue;
          waiting.splice(i, 1);
          if (waiting.length > 0) continue;
          const bootMs = nowMs() - t0;
          clearTimeout(timer);
          proc.removeAllListeners('exit');
          resolve({ proc, bootMs, rssMiB: rssMiB(proc.pid!), lines });
        }
      });
    }
  });
}

/** SIGTERM, then the milliseconds until the process exited (SIGKILL after 20 s). */
async function stopServer(proc: ChildProcess): Promise<number> {
  if (proc.exitCode !== null || proc.signalCode !== null) return 0;
  const t0 = nowMs();
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  proc.kill('SIGTERM');
  const timer = setTimeout(() => proc.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(timer);
  return nowMs() - t0;
}

interface Run {
  bootMs: number;
  rssMiB?: number;
  stopMs: number;
}

type Server = 'namesrv' | 'broker' | 'mq start';

/** The argv and boot lines of one `server` start in `home`. */
function serverArgs(server: Server, home: string, namesrvAddr: string): { argv: string[]; boot: RegExp[] } {
  if (server === 'namesrv') {
    const conf = path.join(home, 'namesrv.properties');
    fs.writeFileSync(conf, `listenPort=0\nkvConfigPath=${path.join(home, 'kvConfig.json')}\n`);
    return { argv: ['namesrv', 'start', '-c', conf, '--port', '0'], boot: [NAMESRV_BOOT] };
  }
  if (server === 'broker') {
    const conf = path.join(home, 'broker.properties');
    fs.writeFileSync(conf, `brokerIP1=127.0.0.1\nlistenPort=0\nnamesrvAddr=${namesrvAddr}\nstorePathRootDir=${path.join(home, 'store')}\n`);
    return { argv: ['broker', 'start', '-c', conf, '--port', '0'], boot: [BROKER_BOOT] };
  }
  return { argv: ['start', '--namesrv-port', '0', '--broker-port', '0'], boot: [NAMESRV_BOOT, BROKER_BOOT] };
}

async function measure(cli: string[], server: Server, parent: string, namesrvAddr: string): Promise<Run[]> {
  const runs: Run[] = [];
  for (let i = 0; i < RUNS; i++) {
    const home = fs.mkdtempSync(path.join(parent, 'run-'));
    const { argv, boot } = serverArgs(server, home, namesrvAddr);
    const s = await startServer(argv, cli, home, boot);
    const stopMs = await stopServer(s.proc);
    runs.push({ bootMs: round(s.bootMs, 1), ...(s.rssMiB !== undefined ? { rssMiB: round(s.rssMiB, 1) } : {}), stopMs: round(stopMs, 1) });
    fs.rmSync(home, { recursive: true, force: true });
  }
  return runs;
}

function stats(xs: number[]): { median: number; min: number; max: number } | undefined {
  if (xs.length === 0) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  return { median: round(s[Math.floor(s.length / 2)]!, 1), min: round(s[0]!, 1), max: round(s[s.length - 1]!, 1) };
}

async function main(): Promise<void> {
  const parent = fs.mkdtempSync(path.join(process.env.BENCH_DIR ?? os.tmpdir(), 'mq-bench-startup-'));
  const load0 = os.loadavg()[0]!;
  console.log(
    `start-up benchmark: ${RUNS} runs per server and runtime, ${os.cpus().length} CPUs (load ${load0.toFixed(2)}), dir ${parent}`,
  );
  const results: Record<
    string,
    {
      version: string;
      servers: Record<
        string,
        { boot: ReturnType<typeof stats>; rssMiB: ReturnType<typeof stats>; stop: ReturnType<typeof stats>; runs: Run[] }
      >;
    }
  > = {};
  const skipped: string[] = [];
  try {
    for (const runtime of RUNTIMES) {
      const cmd = cliCommand(runtime);
      if (!cmd) {
        skipped.push(runtime);
        console.log(`${runtime}: not found, skipped`);
        continue;
      }
      // The name server the measured brokers register with.
      const nsHome = fs.mkdtempSync(path.join(parent, 'namesrv-'));
      const ns = await startServer(serverArgs('namesrv', nsHome, '').argv, cmd.argv, nsHome, [
        NAMESRV_BOOT,
        /name server listening .*\bport=\d+/,
      ]);
      const namesrvAddr = `127.0.0.1:${/name server listening .*\bport=(\d+)/.exec(ns.lines.join('\n'))![1]}`;
      const servers: (typeof results)[string]['servers'] = {};
      try {
        for (const server of ['namesrv', 'broker', 'mq start'] as const) {
          const runs = await measure(cmd.argv, server, parent, namesrvAddr);
          const boot = stats(runs.map((r) => r.bootMs));
          const rss = stats(runs.flatMap((r) => (r.rssMiB === undefined ? [] : [r.rssMiB])));
          const stop = stats(runs.map((r) => r.stopMs));
          servers[server] = { boot, rssMiB: rss, stop, runs };
          const ms = (x: number) => x.toFixed(0);
          console.log(
            `${`${runtime} ${cmd.version}`.padEnd(14)} ${server.padEnd(9)} boot ${ms(boot!.median).padStart(5)} ms (${ms(boot!.min)}-${
              ms(boot!.max)
            })` +
              (rss ? `  RSS ${rss.median.toFixed(1).padStart(5)} MiB` : '') + `  stop ${ms(stop!.median).padStart(4)} ms`,
          );
        }
      } finally {
        await stopServer(ns.proc);
      }
      results[runtime] = { version: cmd.version, servers };
    }
  } finally {
    fs.rmSync(parent, { recursive: true, force: true });
  }
  console.log(
    JSON.stringify({
      bench: 'startup',
      cpus: os.cpus().length,
      loadAverage1m: { before: round(load0, 2), after: round(os.loadavg()[0]!, 2) },
      runsPerServer: RUNS,
      skipped,
      runtimes: results,
    }),
  );
}

main().catch((err) => {
  console.error(`bench:startup failed: ${(err as Error).stack ?? err}`);
  process.exit(1);
});
