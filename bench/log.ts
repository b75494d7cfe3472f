// Logging benchmark: `npm run bench:log`. What writing log files costs the event loop: the worst
// pause of a 1 ms timer while nothing is logged, then while lines go to rolling files at a steady
// rate (small files, so they roll several times), then while a burst of lines logged in one go
// drains to disk. The last line printed is one JSON object with every figure.
// Environment: BENCH_LOG_RATE (lines per second, default 50,000), BENCH_SECONDS (per phase,
// default 5), BENCH_DIR (where the files go).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { configureLogging, flushLogs, getLogger, setLogLevel, setLogSink } from '../src/common/logger.js';
import { nowMs, runtimeName, runtimeVersion } from '../src/common/runtime.js';
import { PauseProbe } from './pause-probe.js';

const rate = Number(process.env.BENCH_LOG_RATE ?? 50_000);
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const burst = 200_000;
const dir = fs.mkdtempSync(path.join(process.env.BENCH_DIR ?? os.tmpdir(), 'mq-bench-log-'));
const MB = 1024 * 1024;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `tick` every millisecond for `secs`, probing pauses. */
async function phase(secs: number, tick: () => void): Promise<PauseProbe> {
  const probe = new PauseProbe();
  probe.start();
  const end = nowMs() + secs * 1000;
  while (nowMs() < end) {
    tick();
    await sleep(1);
  }
  probe.stop();
  return probe;
}

function logBytes(): { bytes: number; files: number; rolled: number } {
  let bytes = 0;
  let files = 0;
  let rolled = 0;
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else {
        bytes += fs.statSync(p).size;
        files++;
        if (d.endsWith('otherdays')) rolled++;
      }
    }
  };
  walk(dir);
  return { bytes, files, rolled };
}

async function main(): Promise<void> {
  setLogLevel('info');
  const broker = getLogger('broker');
  const store = getLogger('store');
  setLogSink(() => undefined);
  const idle = await phase(seconds, () => undefined);

  // A steady rate: a group of lines every tick, as a busy broker's request log would give. A tick
  // that came late does not catch up by more than 5 ms of lines, so the probe measures the logger,
  // not a backlog this loop made itself.
  let sent = 0;
  const steadyAt = async (): Promise<{ probe: PauseProbe; lines: number; secs: number }> => {
    let carry = 0;
    let lines = 0;
    let last = nowMs();
    const t0 = nowMs();
    const probe = await phase(seconds, () => {
      const now = nowMs();
      carry = Math.min(carry + ((now - last) * rate) / 1000, (rate * 5) / 1000);
      last = now;
      for (; carry >= 1; carry--, lines++, sent++) {
        (sent & 1 ? store : broker).info('put message', { topic: 'BenchTopic', queueId: sent & 7, offset: sent, bytes: 128 });
      }
    });
    return { probe, lines, secs: (nowMs() - t0) / 1000 };
  };
  // The same lines formatted and dropped: what the files add on top of making the lines.
  const formatOnly = await steadyAt();
  // Small files, so the run rolls them.
  const routes = { broker: 'broker', store: 'store', remoting: 'remoting' };
  configureLogging({ stderrLevel: 'silent', files: { dir, routes, fallback: 'broker', maxBytes: 16 * MB, maxFiles: 100 } });
  const { probe: steady, lines: steadyLines, secs: steadySecs } = await steadyAt();
  await flushLogs();

  // A burst logged in one go, then the loop is probed while it drains.
  const b0 = nowMs();
  for (let i = 0; i < burst; i++) broker.info('burst line', { i, topic: 'BenchTopic' });
  const burstMs = nowMs() - b0;
  const draining = new PauseProbe();
  draining.start();
  const d0 = nowMs();
  await flushLogs();
  const drainMs = nowMs() - d0;
  await sleep(20);
  draining.stop();

  const disk = logBytes();
  const figures = {
    runtime: `${runtimeName} ${runtimeVersion}`,
    linesPerSecondAsked: rate,
    steadyLines,
    steadyLinesPerSecond: Math.round(steadyLines / steadySecs),
    burstLines: burst,
    burstLogMs: +burstMs.toFixed(1),
    burstDrainMs: +drainMs.toFixed(1),
    logBytes: disk.bytes,
    rolledFiles: disk.rolled,
    worstPauseIdleMs: +idle.worst.toFixed(1),
    worstPauseFormatOnlyMs: +formatOnly.probe.worst.toFixed(1),
    worstPauseFormatOnlyBusyMs: +formatOnly.probe.worstBusy.toFixed(1),
    worstPauseSteadyMs: +steady.worst.toFixed(1),
    worstPauseSteadyBusyMs: +steady.worstBusy.toFixed(1),
    worstPauseDrainingMs: +draining.worst.toFixed(1),
    worstPauseDrainingBusyMs: +draining.worstBusy.toFixed(1),
  };
  const mib = (disk.bytes / MB).toFixed(1);
  console.log(`${runtimeName}: ${steadyLines} lines in ${steadySecs.toFixed(1)} s to rolling files (${disk.rolled} rolls, ${mib} MiB)`);
  console.log(
    `worst event-loop pause (wall / on a CPU): idle ${figures.worstPauseIdleMs} ms; lines formatted only ` +
      `${figures.worstPauseFormatOnlyMs} / ${figures.worstPauseFormatOnlyBusyMs} ms; to files ${figures.worstPauseSteadyMs} / ` +
      `${figures.worstPauseSteadyBusyMs} ms; while a ${burst}-line burst drained ${figures.worstPauseDrainingMs} / ` +
      `${figures.worstPauseDrainingBusyMs} ms`,
  );
  console.log(
    `the burst took ${figures.burstLogMs} ms to log (formatting, on the caller) and ${figures.burstDrainMs} ms to reach the disk`,
  );
  console.log(JSON.stringify(figures));
  configureLogging({});
  fs.rmSync(dir, { recursive: true, force: true });
}

await main();
