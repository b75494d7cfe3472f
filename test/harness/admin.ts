// What the `mq admin` integration tests share: running `mq admin ...` through the real CLI against a
// name server, with assertions for success (exit 0) and for handled failures (exit 1 and a single
// "mq: <reason>" line on stderr, never a stack trace), and a two-broker mq cluster as processes.

import assert from 'node:assert/strict';
import {
  type BrokerHandle,
  type NamesrvHandle,
  runMq,
  type RunResult,
  startBroker,
  startNamesrv,
  type TestContextLike,
} from './servers.js';
import { tmpDir } from './tmp.js';

export interface AdminRunner {
  /** `mq admin <args> -n <namesrv>`, whatever its exit status. */
  run(args: readonly string[], env?: Record<string, string | undefined>): Promise<RunResult>;
  /** Runs and expects exit 0 with nothing on stderr but log lines; returns stdout. */
  ok(args: readonly string[], env?: Record<string, string | undefined>): Promise<string>;
  /** Runs and expects a handled failure; returns the one stderr line. */
  fail(args: readonly string[], env?: Record<string, string | undefined>): Promise<string>;
  /** A usage error (a missing or unknown option): oclif's exit 2, one line. */
  usage(args: readonly string[], env?: Record<string, string | undefined>): Promise<string>;
}

/** Checks a handled CLI failure: exit 1 (2 for usage errors), one "mq: ..." line, no stack. */
export function assertOneLineFailure(r: RunResult, what: string, exitCode = 1): string {
  const lines = r.stderr.split('\n').filter((l) => l.trim() !== '');
  assert.equal(r.code, exitCode, `${what}: exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  assert.equal(lines.length, 1, `${what}: expected one stderr line, got:\n${r.stderr}`);
  assert.match(lines[0]!, /^mq: \S/, what);
  assert.doesNotMatch(r.stderr, /^\s+at /m, `${what}: stack trace`);
  return lines[0]!;
}

export function adminRunner(
  t: TestContextLike,
  namesrvAddr: string | undefined,
  baseEnv: Record<string, string | undefined> = {},
): AdminRunner {
  // Message bodies land in <TMPDIR>/rocketmq/msgbodys, as mqadmin's do: keep them in a temp dir.
  const env = { TMPDIR: tmpDir('mq-admin-tmp-', t), NAMESRV_ADDR: undefined, ...baseEnv };
  const run = (args: readonly string[], extra: Record<string, string | undefined> = {}) =>
    runMq(['admin', ...args, ...(namesrvAddr ? ['-n', namesrvAddr] : [])], { env: { ...env, ...extra }, timeoutMs: 60_000 });
  return {
    run,
    async ok(args, extra) {
      const r = await run(args, extra);
      assert.equal(r.code, 0, `mq admin ${args.join(' ')}: exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
      return r.stdout;
    },
    async fail(args, extra) {
      return assertOneLineFailure(await run(args, extra), `mq admin ${args.join(' ')}`);
    },
    async usage(args, extra) {
      return assertOneLineFailure(await run(args, extra), `mq admin ${args.join(' ')}`, 2);
    },
  };
}

export interface TwoBrokerCluster {
  namesrv: NamesrvHandle;
  a: BrokerHandle;
  b: BrokerHandle;
  cluster: string;
}

/** A name server and brokers broker-a and broker-b of `cluster`, each its own process on free ports. */
export async function startTwoBrokerCluster(t: TestContextLike, cluster: string): Promise<TwoBrokerCluster> {
  const namesrv = await startNamesrv(t);
  const broker = (name: string) =>
    startBroker(t, { namesrvAddr: namesrv.addr, config: `brokerClusterName=${cluster}\nbrokerName=${name}\n` });
  const [a, b] = await Promise.all([broker('broker-a'), broker('broker-b')]);
  return { namesrv, a, b, cluster };
}

/** The rows of an mqadmin table (lines after the header that are not blank). */
export function tableRows(stdout: string, header: RegExp): string[][] {
  const lines = stdout.split('\n');
  const start = lines.findIndex((l) => header.test(l));
  assert.ok(start >= 0, `no header ${header} in:\n${stdout}`);
  const rows: string[][] = [];
  for (const l of lines.slice(start + 1)) {
    if (!l.trim()) break;
    rows.push(l.trim().split(/\s+/));
  }
  return rows;
}
