// Replication benchmark: `npm run bench:ha`. A master store with its HA service in this process, a
// slave store with its HA client in a child process (as a real slave would be: its own event loop).
// 1. Backlog: a master holding BENCH_HA_BYTES (default 1 GiB) of 4 KiB messages, then a fresh slave:
//    how fast it catches up, against plain sequential fs writes of the same size on the same disk.
// 2. Lag under load: 16 putters of 1 KiB on an ASYNC_MASTER for BENCH_HA_SECONDS (default 5); how
//    far the slave's acknowledgement trails, in bytes and in ms.
// 3. Put rate: 16 putters of 128 B for BENCH_HA_SECONDS on an ASYNC_MASTER and on a SYNC_MASTER,
//    each with a slave attached; rates and latency percentiles.
// The last line printed is one JSON object with every figure. BENCH_DIR picks the directory.

import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultMessageStoreConfig, type MessageStoreConfig } from '../src/common/config/message-store-config.js';
import { setLogLevel } from '../src/common/logger.js';
import { encodeSocketAddress } from '../src/common/message/socket-address.js';
import { nowMs, runtimeName, runtimeVersion, scriptCommand } from '../src/common/runtime.js';
import { HAClient } from '../src/ha/ha-client.js';
import { HAService } from '../src/ha/ha-service.js';
import { rawWrite } from './fs-rate.js';
import { MessageStore } from '../src/store/message-store.js';
import type { PutMessageInput } from '../src/store/put-result.js';
import { PutMessageStatus } from '../src/store/status.js';

setLogLevel('warn');
const MB = 1024 * 1024;
const backlogBytes = Number(process.env.BENCH_HA_BYTES ?? 1024 * MB);
const seconds = Number(process.env.BENCH_HA_SECONDS ?? 5);
const PUTTERS = 16;

function config(dir: string, over: Partial<MessageStoreConfig> = {}): MessageStoreConfig {
  // One segment holds the whole backlog, so a fresh slave (which starts at the last segment) takes all of it.
  const seg = Math.max(256 * MB, Math.ceil((backlogBytes + 64 * MB) / MB) * MB);
  return defaultMessageStoreConfig({ storePathRootDir: dir, mappedFileSizeCommitLog: seg, haListenPort: 0, ...over });
}

function message(topic: string, queueId: number, bodySize: number): PutMessageInput {
  return {
    topic,
    queueId,
    flag: 0,
    body: Buffer.alloc(bodySize, 0x61),
    propertiesString: 'TAGS\u0001TagA\u0002WAIT\u0001true',
    sysFlag: 0,
    bornTimestamp: Date.now(),
    bornHost: encodeSocketAddress('127.0.0.1', 50000),
  };
}

const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

function percentile(sorted: Float64Array, p: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

// ---- the slave child ----

async function runSlave(dir: string, masterAddr: string, segmentSize: number): Promise<void> {
  const store = new MessageStore(
    defaultMessageStoreConfig({ storePathRootDir: dir, mappedFileSizeCommitLog: segmentSize, brokerRole: 'SLAVE' }),
  );
  await store.open();
  const client = new HAClient(store);
  client.updateMasterAddress(masterAddr);
  client.start();
  process.stdin.resume();
  await new Promise<void>((resolve) => process.stdin.once('end', resolve).once('close', resolve));
  await client.shutdown();
  await store.close();
  process.exit(0);
}

// ---- the master side ----

interface Pair {
  store: MessageStore;
  ha: HAService;
  child: ChildProcess;
  stop(): Promise<void>;
}

async function startSlave(
  root: string,
  name: string,
  master: MessageStore,
  ha: HAService,
): Promise<{ child: ChildProcess; stop: () => Promise<void> }> {
  const self = fileURLToPath(import.meta.url);
  const [cmd, ...args] = scriptCommand(self);
  const child = spawn(
    cmd!,
    [...args, '--slave', path.join(root, name), `127.0.0.1:${ha.port}`, String(master.cfg.mappedFileSizeCommitLog)],
    { stdio: ['pipe', 'inherit', 'inherit'] },
  );
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const stop = async () => {
    child.stdin!.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  return { child, stop };
}

async function waitUntil(cond: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = nowMs() + ms;
  while (!cond()) {
    if (nowMs() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

async function pair(root: string, name: string, over: Partial<MessageStoreConfig>): Promise<Pair> {
  const store = new MessageStore(config(path.join(root, `${name}-master`), over));
  await store.open();
  const ha = new HAService(store, { host: '127.0.0.1' });
  await ha.start();
  const slave = await startSlave(root, `${name}-slave`, store, ha);
  await waitUntil(() => (ha.slaves()[0]?.ackOffset ?? -1) >= 0, 30_000, 'the slave to connect');
  return {
    store,
    ha,
    child: slave.child,
    stop: async () => {
      await slave.stop();
      await ha.shutdown();
      await store.close();
    },
  };
}

interface PutFigures {
  msgsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  failures: number;
}

/** 16 putters of `bodySize` for `secs`; `onTick` runs between puts of putter 0 (sampling). */
async function putLoad(store: MessageStore, topic: string, bodySize: number, secs: number): Promise<PutFigures> {
  const lat = new Float64Array(20_000_000);
  let n = 0;
  let failures = 0;
  const end = nowMs() + secs * 1000;
  const t0 = nowMs();
  await Promise.all(
    Array.from({ length: PUTTERS }, async (_, w) => {
      const m = message(topic, w % 8, bodySize);
      while (nowMs() < end) {
        const s = nowMs();
        const r = await store.putMessage(m);
        if (n < lat.length) lat[n++] = nowMs() - s;
        if (r.status !== PutMessageStatus.PUT_OK) failures++;
      }
    }),
  );
  const elapsed = (nowMs() - t0) / 1000;
  const sorted = lat.subarray(0, n).sort();
  return { msgsPerSec: n / elapsed, p50Ms: percentile(sorted, 0.5), p99Ms: percentile(sorted, 0.99), maxMs: sorted[n - 1] ?? 0, failures };
}

async function main(): Promise<void> {
  const root = fs.mkdtempSync(path.join(process.env.BENCH_DIR ?? os.tmpdir(), 'mq-bench-ha-'));
  console.log(
    `HA benchmark on ${runtimeName} ${runtimeVersion}, ${os.cpus().length} CPUs (load ${os.loadavg()[0]!.toFixed(2)}), dir ${root}`,
  );
  try {
    // 1. Backlog.
    const rawBefore = await rawWrite(root, backlogBytes);
    const backlog = new MessageStore(config(path.join(root, 'backlog-master')));
    await backlog.open();
    const m4k = message('Backlog', 0, 4096);
    while (backlog.getMaxPhyOffset() < backlogBytes) {
      const rs = await Promise.all(Array.from({ length: 256 }, () => backlog.putMessage(m4k)));
      for (const r of rs) if (r.status !== PutMessageStatus.PUT_OK) throw new Error(`backlog put failed: ${r.status}`);
    }
    await backlog.flush();
    const ha = new HAService(backlog, { host: '127.0.0.1' });
    await ha.start();
    const end = backlog.getMaxPhyOffset();
    const t0 = nowMs();
    const slave = await startSlave(root, 'backlog-slave', backlog, ha);
    await waitUntil(() => ha.slaves()[0]?.ackOffset === end, 600_000, 'the slave to catch up');
    const catchUpS = (nowMs() - t0) / 1000;
    const replMBps = end / MB / catchUpS;
    await slave.stop();
    await ha.shutdown();
    await backlog.close();
    const rawAfter = await rawWrite(root, backlogBytes);
    const rawMBps = Math.max(rawBefore, rawAfter);
    console.log(
      `backlog catch-up  : ${fmt(end / MB)} MiB in ${fmt(catchUpS, 2)} s = ${fmt(replMBps, 1)} MB/s (slave process start included)`,
    );
    console.log(
      `plain fs write    : ${fmt(rawMBps, 1)} MB/s (${fmt(rawBefore, 1)} before, ${fmt(rawAfter, 1)} after); ratio ${
        fmt(replMBps / rawMBps, 2)
      }`,
    );
    fs.rmSync(path.join(root, 'backlog-master'), { recursive: true, force: true });
    fs.rmSync(path.join(root, 'backlog-slave'), { recursive: true, force: true });

    // 2. Lag under load (ASYNC_MASTER, 1 KiB).
    const lagPair = await pair(root, 'lag', { brokerRole: 'ASYNC_MASTER' });
    const samples: Array<[number, number]> = [];
    const lagBytes: number[] = [];
    const lagMs: number[] = [];
    let si = 0;
    const sampler = setInterval(() => {
      const now = nowMs();
      const max = lagPair.store.getMaxPhyOffset();
      samples.push([now, max]);
      const acked = lagPair.ha.ackedOffset;
      lagBytes.push(max - acked);
      // How long ago the master first held what the slave has acknowledged just now (interpolated
      // between the samples around it).
      while (si + 1 < samples.length && samples[si + 1]![1] <= acked) si++;
      if (acked >= max) {
        lagMs.push(0);
      } else if (samples[si]![1] <= acked) {
        const [t1, m1] = samples[si]!;
        const [t2, m2] = samples[si + 1]!;
        lagMs.push(now - (m2 > m1 ? t1 + ((acked - m1) / (m2 - m1)) * (t2 - t1) : t1));
      }
    }, 1);
    const load = await putLoad(lagPair.store, 'Lag', 1024, seconds);
    clearInterval(sampler);
    await lagPair.stop();
    const lb = Float64Array.from(lagBytes).sort();
    const lm = Float64Array.from(lagMs).sort();
    console.log(
      `lag under load    : ${fmt(load.msgsPerSec)} msg/s of 1 KiB; lag p50 ${fmt(percentile(lb, 0.5))} B / ${
        fmt(percentile(lm, 0.5), 1)
      } ms, p99 ${fmt(percentile(lb, 0.99))} B / ${fmt(percentile(lm, 0.99), 1)} ms, max ${fmt(lb[lb.length - 1] ?? 0)} B / ${
        fmt(lm[lm.length - 1] ?? 0, 1)
      } ms`,
    );

    // 3. SYNC_MASTER against ASYNC_MASTER, 128 B.
    const asyncPair = await pair(root, 'async', { brokerRole: 'ASYNC_MASTER' });
    const asyncPut = await putLoad(asyncPair.store, 'Put', 128, seconds);
    await asyncPair.stop();
    const syncPair = await pair(root, 'sync', { brokerRole: 'SYNC_MASTER' });
    const syncPut = await putLoad(syncPair.store, 'Put', 128, seconds);
    await syncPair.stop();
    const ratio = syncPut.msgsPerSec / asyncPut.msgsPerSec;
    const line = (name: string, f: PutFigures) =>
      `${name}: ${fmt(f.msgsPerSec)} msg/s, p50 ${fmt(f.p50Ms, 2)} ms, p99 ${fmt(f.p99Ms, 2)} ms, max ${
        fmt(f.maxMs, 1)
      } ms, failures ${f.failures}`;
    console.log(line('ASYNC_MASTER 16x128 B', asyncPut));
    console.log(line('SYNC_MASTER  16x128 B', syncPut));
    console.log(`SYNC/ASYNC rate   : ${fmt(ratio, 2)}`);

    console.log(
      JSON.stringify({
        runtime: runtimeName,
        runtimeVersion,
        cpus: os.cpus().length,
        loadAverage1m: +os.loadavg()[0]!.toFixed(2),
        backlog: { bytes: end, seconds: +catchUpS.toFixed(2), mbPerSec: +replMBps.toFixed(1) },
        rawWriteMBps: +rawMBps.toFixed(1),
        backlogRatioToRawWrite: +(replMBps / rawMBps).toFixed(3),
        lagUnderLoad: {
          msgsPerSec: Math.round(load.msgsPerSec),
          p50Bytes: percentile(lb, 0.5),
          p99Bytes: percentile(lb, 0.99),
          p50Ms: +percentile(lm, 0.5).toFixed(2),
          p99Ms: +percentile(lm, 0.99).toFixed(2),
        },
        asyncMaster: {
          msgsPerSec: Math.round(asyncPut.msgsPerSec),
          p50Ms: +asyncPut.p50Ms.toFixed(3),
          p99Ms: +asyncPut.p99Ms.toFixed(3),
          failures: asyncPut.failures,
        },
        syncMaster: {
          msgsPerSec: Math.round(syncPut.msgsPerSec),
          p50Ms: +syncPut.p50Ms.toFixed(3),
          p99Ms: +syncPut.p99Ms.toFixed(3),
          failures: syncPut.failures,
        },
        syncOverAsync: +ratio.toFixed(3),
        targets: { syncOverAsync: ratio >= 0.8, syncP99Under5ms: syncPut.p99Ms < 5, backlogHalfOfRawWrite: replMBps / rawMBps >= 0.5 },
      }),
    );
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--slave') void runSlave(process.argv[3]!, process.argv[4]!, Number(process.argv[5]));
else {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
