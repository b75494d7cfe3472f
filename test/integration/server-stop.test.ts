// `mq broker stop`, `mq namesrv stop` and `mq stop` end exactly the servers they name, however they
// were launched: a broker through npx (whose command line names neither run.js nor the role), a
// name server and `mq start` on the runtime under test. A pid file whose pid now belongs to another
// process, or that records nothing to recognise it by, never gets that process signalled. The
// start commands' --json line is read here as a script would read it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../../src/common/runtime.js';
import { formatPidFile, pidFilePath } from '../../src/cli/pid-files.js';
import { LineCollector, withTimeout } from '../harness/latch.js';
import { track as killAtExit } from '../harness/processes.js';
import { type MqChild, runMq, spawnMq } from '../harness/servers.js';
import { removeDir, tmpDir } from '../harness/tmp.js';

const version = (JSON.parse(fs.readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;

function exitOf(p: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (p.exitCode !== null || p.signalCode !== null) return Promise.resolve({ code: p.exitCode, signal: p.signalCode });
  return new Promise((resolve) => p.once('exit', (code, signal) => resolve({ code, signal })));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The one JSON line a start command prints once it listens. */
async function jsonLine(out: LineCollector, exited: Promise<unknown>, what: string): Promise<Record<string, unknown>> {
  const line = await Promise.race([
    out.waitFor(/^\{.*\}$/, 60_000),
    exited.then(() => Promise.reject(new Error(`${what} exited before printing its JSON line`))),
  ]);
  return JSON.parse(line[0]) as Record<string, unknown>;
}

test('stop ends exactly the servers it names, however launched, and never a process that is not ours', async (t) => {
  const home = tmpDir('mq-stop-');
  const runDir = path.join(home, 'run');
  const env = { HOME: home, USERPROFILE: home, MQ_RUN_DIR: runDir, MQ_HOME: path.join(home, '.mq'), NAMESRV_ADDR: '' };
  const children: ChildProcess[] = [];
  // npx's broker is npm's grandchild: killing npm would leave it running.
  const grandchildren: number[] = [];
  t.after(async () => {
    for (const pid of grandchildren) if (alive(pid)) process.kill(pid, 'SIGKILL');
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await Promise.all(children.map(exitOf));
    removeDir(home);
  });
  const track = (c: MqChild) => (children.push(c.proc), c);

  // A name server on the runtime under test.
  const ns = track(spawnMq(['namesrv', 'start', '--port', '0', '--json'], env));
  const nsInfo = await jsonLine(ns.stdout, ns.exited, 'the name server');
  assert.equal(nsInfo.pid, ns.proc.pid);
  assert.equal(nsInfo.version, version);
  assert.equal(typeof nsInfo.port, 'number');
  const nsAddr = `127.0.0.1:${nsInfo.port}`;

  // A broker through npx, from the checkout: npm's process stands between us and the server.
  const conf = path.join(home, 'broker.properties');
  fs.writeFileSync(
    conf,
    [
      'brokerName=broker-npx',
      'brokerIP1=127.0.0.1',
      `storePathRootDir=${path.join(home, 'store-npx')}`,
      'mappedFileSizeCommitLog=16777216',
      'mappedFileSizeConsumeQueue=60000',
      'maxHashSlotNum=10000',
      'maxIndexNum=40000',
    ].join('\n') + '\n',
  );
  const npx = killAtExit(spawn('npx', ['mq', 'broker', 'start', '-c', conf, '--port', '0', '-n', nsAddr, '--json'], {
    cwd: packageRoot,
    // A fresh HOME has no npmrc: without these npm first checks the registry for a newer npm, and runs
    // `prepare` when it links the checkout into its fresh cache (a rebuild if a source is newer than dist).
    env: { ...process.env, ...env, NO_COLOR: '1', npm_config_update_notifier: 'false', npm_config_ignore_scripts: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  }));
  children.push(npx);
  const npxErr = new LineCollector(npx.stderr, 'npx stderr');
  const brokerInfo = await jsonLine(new LineCollector(npx.stdout, 'npx stdout'), exitOf(npx), `npx mq broker start (${npxErr.text})`);
  const brokerPid = brokerInfo.pid as number;
  grandchildren.push(brokerPid);
  assert.notEqual(brokerPid, npx.pid, 'the server runs below npx');
  assert.equal(brokerInfo.brokerName, 'broker-npx');
  assert.equal(brokerInfo.namesrvAddr, nsAddr);
  assert.equal(brokerInfo.storePath, path.join(home, 'store-npx'));
  assert.equal(brokerInfo.version, version);

  // mq start on the runtime under test: one process, two servers.
  const all = track(spawnMq(['start', '--namesrv-port', '0', '--broker-port', '0', '--json'], env));
  const allInfo = await jsonLine(all.stdout, all.exited, 'mq start');
  const allNs = (allInfo.namesrv as { port: number }).port;
  const allBroker = (allInfo.broker as { port: number }).port;
  assert.equal(allInfo.pid, all.proc.pid);
  assert.equal(allInfo.host, '127.0.0.1');

  // Pid files naming a live process that is not ours: one whose pid was recycled (its recorded start
  // differs), one in the old format that records nothing to recognise it by.
  const bystander = killAtExit(spawn('sleep', ['120'], { stdio: 'ignore' }));
  children.push(bystander);
  const other = bystander.pid!;
  const recycled = pidFilePath('broker', 1, runDir);
  fs.writeFileSync(
    recycled,
    formatPidFile({ pid: other, role: 'broker', port: 1, started: 'some-earlier-process', command: 'broker', roles: ['broker'] }),
  );
  const oldFormat = pidFilePath('namesrv', 2, runDir);
  fs.writeFileSync(oldFormat, `${other}\n`);

  const b = await runMq(['broker', 'stop'], { env, timeoutMs: 60_000 });
  assert.equal(b.code, 0, b.stderr);
  assert.match(b.stdout, new RegExp(`^The mqbroker\\(${brokerPid}\\) on port ${brokerInfo.port} is running\\.\\.\\.$`, 'm'));
  assert.match(b.stdout, new RegExp(`^Stopped mqbroker\\(${brokerPid}\\) on port ${brokerInfo.port}$`, 'm'));
  assert.doesNotMatch(b.stdout, new RegExp(`\\(${all.proc.pid}\\)|\\(${other}\\)`));
  assert.match(
    b.stderr,
    new RegExp(`The mqbroker\\(${all.proc.pid}\\) on port ${allBroker} runs inside mq start with a name server: stop both with mq stop`),
  );
  assert.deepEqual(await withTimeout(exitOf(npx), 30_000, 'npx to exit'), { code: 0, signal: null });
  assert.ok(!alive(brokerPid));
  assert.ok(!fs.existsSync(recycled), 'a recycled pid leaves a stale file, removed');

  const n = await runMq(['namesrv', 'stop'], { env, timeoutMs: 60_000 });
  assert.equal(n.code, 0, n.stderr);
  assert.match(n.stdout, new RegExp(`^Stopped mqnamesrv\\(${ns.proc.pid}\\) on port ${nsInfo.port}$`, 'm'));
  assert.match(
    n.stderr,
    new RegExp(`namesrv-2\\.pid names process ${other}, which cannot be recognised as the server that wrote it; not signalled`),
  );
  assert.deepEqual(await ns.exited, { code: 0, signal: null });
  assert.ok(fs.existsSync(oldFormat), 'a file that cannot be judged is left to the operator');

  const s = await runMq(['stop', '--json'], { env, timeoutMs: 60_000 });
  assert.equal(s.code, 0, s.stderr);
  assert.deepEqual(JSON.parse(s.stdout), [{ pid: all.proc.pid, namesrvPort: allNs, brokerPort: allBroker, stopped: true }]);
  assert.deepEqual(await all.exited, { code: 0, signal: null });

  assert.ok(alive(other), 'the process that is not ours was never signalled');
  const none = await runMq(['stop'], { env });
  assert.equal(none.code, 1);
  assert.equal(none.stderr.trim(), 'mq: No mq start running.');
  fs.rmSync(oldFormat);
  assert.deepEqual(fs.readdirSync(runDir), []);
});
