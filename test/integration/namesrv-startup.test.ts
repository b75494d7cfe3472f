// Start-up cost of a name server process on the current runtime: time from spawn to the boot line,
// and resident memory once it is listening (Linux /proc; skipped elsewhere). Printed for the record;
// the assertions are only generous sanity bounds.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { runtimeName } from '../../src/common/runtime.js';
import { startNamesrv } from '../harness/servers.js';

function rssMiB(pid: number): number | undefined {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

test('name server start-up time and memory', async (t) => {
  const samples: Array<{ bootMs: number; rss?: number }> = [];
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    const ns = await startNamesrv(t);
    const bootMs = performance.now() - started;
    samples.push({ bootMs, rss: rssMiB(ns.proc.pid!) });
    await ns.stop();
  }
  const boot = samples.map((s) => s.bootMs).sort((a, b) => a - b);
  const rss = samples.map((s) => s.rss).filter((x): x is number => x !== undefined).sort((a, b) => a - b);
  const median = (xs: number[]) => xs[Math.floor(xs.length / 2)];
  console.log(
    `[namesrv-startup] runtime=${runtimeName} boot_ms=${boot.map((x) => x.toFixed(0)).join(',')} median_boot_ms=${
      median(boot)!.toFixed(0)
    }` +
      (rss.length ? ` rss_mib=${rss.map((x) => x.toFixed(1)).join(',')} median_rss_mib=${median(rss)!.toFixed(1)}` : ''),
  );
  assert.ok(median(boot)! < 15_000, 'boots within 15 s');
  if (rss.length) assert.ok(median(rss)! < 512, 'uses less than 512 MiB');
});
