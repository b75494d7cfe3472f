// Replication between broker processes (run by `npm run bench:ha` after the store-level part): a
// name server, a master and a slave broker, each a child process through the real CLI, with our
// producer in this process.
// 1. 16 senders x 128 B synchronous sends for BENCH_HA_SECONDS (default 10, after 2 s of warm-up)
//    to an ASYNC_MASTER, then to a SYNC_MASTER (fresh stores each): send rate and latency, and how
//    far the slave trails under that load, in bytes and in ms (the master's runtime figures, read
//    every 20 ms: the lag in ms is how long ago the master first held what the slave acknowledges).
// 2. Backlog: the slave of an ASYNC_MASTER is stopped while BENCH_HA_BYTES (default 1 GiB) of
//    4,000-byte messages are sent, then started again: the time until it has acknowledged the
//    master's whole commit log (its process start included), against plain sequential fs writes of
//    the same size on the same disk.
// The last line printed is one JSON object with every figure. BENCH_DIR picks the directory.

import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Message } from '../src/client/message/message.js';
import { Producer } from '../src/client/producer/producer.js';
import { SendStatus } from '../src/client/producer/send-result.js';
import { setLogLevel } from '../src/common/logger.js';
import { SystemTopic } from '../src/common/message/message-const.js';
import { mqCommand, nowMs, runtimeName, runtimeVersion } from '../src/common/runtime.js';
import { RemotingClient } from '../src/remoting/client.js';
import { createRequest } from '../src/remoting/command.js';
import { decodeKVTable } from '../src/remoting/protocol/broker-admin.js';
import { RequestCode } from '../src/remoting/request-code.js';
import { LatencyHistogram, round } from '../src/tools/benchmark/latency.js';
import { rawWrite } from './fs-rate.js';

setLogLevel('error');
const MB = 1024 * 1024;
const SECONDS = Number(process.env.BENCH_HA_SECONDS ?? 10);
const WARMUP_SECONDS = 2;
const BACKLOG_BYTES = Number(process.env.BENCH_HA_BYTES ?? 1024 * MB);
const SENDERS = 16;
const QUEUES = 8;
const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---- processes ----

interface Proc {
  proc: ChildProcess;
  output: string[];
  waitFor(re: RegExp, ms?: number): Promise<RegExpMatchArray>;
  stop(): Promise<void>;
}

function spawnMq(args: string[], home: string): Proc {
  const [cmd, ...pre] = mqCommand();
  const proc = spawn(cmd!, [...pre, ...args], {
    env: {
      ...process.env,
      HOME: home,
      MQ_RUN_DIR: path.join(home, 'run'),
      MQ_LOG_LEVEL: 'info',
      MQ_LOG_STDERR: 'info',
      NO_COLOR: '1',
      NAMESRV_ADDR: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const watchers: Array<{ re: RegExp; resolve: (m: RegExpMatchArray) => void }> = [];
  const onLine = (line: string) => {
    output.push(line);
    for (let i = watchers.length - 1; i >= 0; i--) {
      const m = watchers[i]!.re.exec(line);
      if (m) watchers.splice(i, 1)[0]!.resolve(m);
    }
  };
  for (const s of [proc.stdout!, proc.stderr!]) {
    let buf = '';
    s.setEncoding('utf8').on('data', (d: string) => {
      buf += d;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        onLine(buf.slice(0, nl));
        buf = buf.slice(nl + 1);
      }
    });
  }
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  return {
    proc,
    output,
    waitFor: (re, ms = 60_000) =>
      new Promise((resolve, reject) => {
        const seen = output.map((l) => re.exec(l)).find((m) => m);
        if (seen) return resolve(seen);
        const timer = setTimeout(() => reject(new Error(`no line matching ${re} in ${ms} ms:\n${output.slice(-20).join('\n')}`)), ms);
        watchers.push({ re, resolve: (m) => (clearTimeout(timer), resolve(m)) });
        void exited.then(() => reject(new Error(`exited before a line matched ${re}:\n${output.slice(-20).join('\n')}`)));
      }),
    stop: async () => {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function startBroker(
  root: string,
  name: string,
  namesrvAddr: string,
  props: Record<string, string | number>,
): Promise<Proc & { addr: string }> {
  const store = path.join(root, name);
  const file = path.join(root, `${name}.properties`);
  const all = {
    brokerClusterName: 'BenchHa',
    brokerName: 'bench-ha',
    brokerIP1: '127.0.0.1',
    brokerIP2: '127.0.0.1',
    storePathRootDir: store,
    storePathCommitLog: path.join(store, 'commitlog'),
    ...props,
  };
  fs.writeFileSync(file, Object.entries(all).map(([k, v]) => `${k}=${v}`).join('\n') + '\n');
  const p = spawnMq(['broker', 'start', '-c', file, '-n', namesrvAddr, '--port', '0'], root);
  const m = await p.waitFor(/^The broker\[.+, (.+)\] boot success/);
  return { ...p, addr: m[1]! };
}

// ---- figures ----

async function runtimeInfo(client: RemotingClient, addr: string): Promise<Map<string, string>> {
  const res = await client.invoke(addr, createRequest(RequestCode.GET_BROKER_RUNTIME_INFO), 5000);
  return decodeKVTable(res.body!);
}

async function waitFor(cond: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const deadline = nowMs() + ms;
  while (!(await cond())) {
    if (nowMs() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

const inSync = async (client: RemotingClient, master: string) => {
  const m = await runtimeInfo(client, master);
  return m.get('haSlaveNum') === '1' && m.get('haMasterAckOffset') === m.get('commitLogMaxOffset');
};

function percentile(sorted: Float64Array, p: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

/** Samples the master's end and its slave's acknowledgement every 20 ms: lag in bytes and in ms. */
function lagSampler(client: RemotingClient, master: string) {
  const samples: Array<[number, number]> = [];
  const bytes: number[] = [];
  const ms: number[] = [];
  let si = 0;
  let on = true;
  const run = (async () => {
    while (on) {
      const m = await runtimeInfo(client, master).catch(() => null);
      const now = nowMs();
      if (m) {
        const max = Number(m.get('commitLogMaxOffset'));
        const acked = Number(m.get('haMasterAckOffset'));
        samples.push([now, max]);
        bytes.push(Math.max(0, max - acked));
        while (si + 1 < samples.length && samples[si + 1]![1] <= acked) si++;
        if (acked >= max) ms.push(0);
        else if (samples[si]![1] <= acked && si + 1 < samples.length) {
          const [t1, m1] = samples[si]!;
          const [t2, m2] = samples[si + 1]!;
          ms.push(now - (m2 > m1 ? t1 + ((acked - m1) / (m2 - m1)) * (t2 - t1) : t1));
        }
      }
      await sleep(20);
    }
  })();
  return async () => {
    on = false;
    await run;
    const b = Float64Array.from(bytes).sort();
    const l = Float64Array.from(ms).sort();
    return {
      p50Bytes: percentile(b, 0.5),
      p99Bytes: percentile(b, 0.99),
      maxBytes: b[b.length - 1] ?? 0,
      p50Ms: round(percentile(l, 0.5), 1),
      p99Ms: round(percentile(l, 0.99), 1),
      maxMs: round(l[l.length - 1] ?? 0, 1),
    };
  };
}

/** 16 senders of 128 B, synchronous, one after another; figures of the measured window. */
async function sendLoad(producer: Producer, topic: string, client: RemotingClient, master: string) {
  const body = Buffer.alloc(128, 0x61);
  const hist = new LatencyHistogram();
  let phase: 'warmup' | 'measure' | 'stop' = 'warmup';
  let sent = 0;
  let notOk = 0;
  const loops = Array.from({ length: SENDERS }, async () => {
    while (phase !== 'stop') {
      const t0 = nowMs();
      const r = await producer.send(new Message(topic, body)).catch(() => null);
      if (phase !== 'measure') continue;
      if (r?.sendStatus === SendStatus.SEND_OK) {
        hist.record(nowMs() - t0);
        sent++;
      } else notOk++;
    }
  });
  await sleep(WARMUP_SECONDS * 1000);
  const lag = lagSampler(client, master);
  const t0 = nowMs();
  phase = 'measure';
  await sleep(SECONDS * 1000);
  phase = 'stop';
  const seconds = (nowMs() - t0) / 1000;
  await Promise.all(loops);
  const rt = hist.summary();
  return { tps: Math.round(sent / seconds), notOk, rtMs: { p50: round(rt.p50), p99: round(rt.p99), max: round(rt.max) }, lag: await lag() };
}

// ---- phases ----

async function sendPhase(root: string, ns: string, client: RemotingClient, role: 'ASYNC_MASTER' | 'SYNC_MASTER') {
  const name = role === 'SYNC_MASTER' ? 'sync' : 'async';
  const master = await startBroker(root, `${name}-master`, ns, { brokerRole: role });
  const slave = await startBroker(root, `${name}-slave`, ns, { brokerRole: 'SLAVE', brokerId: 1 });
  const producer = new Producer({ producerGroup: `bench_ha_${name}`, namesrvAddr: ns, serializeType: 'ROCKETMQ' });
  try {
    await waitFor(() => inSync(client, master.addr), 30_000, 'the slave to connect');
    await producer.start();
    const topic = `BenchHa_${name}`;
    await producer.createTopic(SystemTopic.AUTO_CREATE_TOPIC_KEY, topic, QUEUES);
    return await sendLoad(producer, topic, client, master.addr);
  } finally {
    await producer.shutdown();
    await slave.stop();
    await master.stop();
    fs.rmSync(path.join(root, `${name}-master`), { recursive: true, force: true });
    fs.rmSync(path.join(root, `${name}-slave`), { recursive: true, force: true });
  }
}

async function backlogPhase(root: string, ns: string, client: RemotingClient) {
  const master = await startBroker(root, 'backlog-master', ns, { brokerRole: 'ASYNC_MASTER' });
  let slave = await startBroker(root, 'backlog-slave', ns, { brokerRole: 'SLAVE', brokerId: 1 });
  const producer = new Producer({ producerGroup: 'bench_ha_backlog', namesrvAddr: ns, serializeType: 'ROCKETMQ', sendMsgTimeout: 30_000 });
  try {
    await waitFor(() => inSync(client, master.addr), 30_000, 'the slave to connect');
    await producer.start();
    await producer.createTopic(SystemTopic.AUTO_CREATE_TOPIC_KEY, 'BenchHaBacklog', QUEUES);
    await producer.send(new Message('BenchHaBacklog', 'first'));
    await waitFor(() => inSync(client, master.addr), 30_000, 'the slave to hold the first message');
    const from = Number((await runtimeInfo(client, master.addr)).get('commitLogMaxOffset'));
    await slave.stop();
    const body = Buffer.alloc(4000, 0x62); // under 4 KiB: not compressed
    const batch = () => Array.from({ length: 32 }, () => new Message('BenchHaBacklog', body));
    let end = from;
    await Promise.all(Array.from({ length: 8 }, async () => {
      while (end - from < BACKLOG_BYTES) {
        await producer.send(batch());
        end = Number((await runtimeInfo(client, master.addr)).get('commitLogMaxOffset'));
      }
    }));
    end = Number((await runtimeInfo(client, master.addr)).get('commitLogMaxOffset'));
    const t0 = nowMs();
    slave = await startBroker(root, 'backlog-slave', ns, { brokerRole: 'SLAVE', brokerId: 1 });
    const booted = nowMs();
    await waitFor(
      async () => Number((await runtimeInfo(client, master.addr)).get('haMasterAckOffset')) >= end,
      1_800_000,
      'the slave to catch up',
    );
    const done = nowMs();
    const seconds = (done - t0) / 1000;
    // From the slave's boot line on: registration, learning the master, and the transfer itself.
    const afterBoot = (done - booted) / 1000;
    return {
      bytes: end - from,
      seconds: round(seconds, 2),
      mbPerSec: round((end - from) / MB / seconds, 1),
      secondsAfterBoot: round(afterBoot, 2),
      mbPerSecAfterBoot: round((end - from) / MB / afterBoot, 1),
    };
  } finally {
    await producer.shutdown();
    await slave.stop();
    await master.stop();
  }
}

async function main(): Promise<void> {
  const root = fs.mkdtempSync(path.join(process.env.BENCH_DIR ?? os.tmpdir(), 'mq-bench-ha-brokers-'));
  console.log(
    `HA brokers benchmark on ${runtimeName} ${runtimeVersion}, ${os.cpus().length} CPUs (load ${os.loadavg()[0]!.toFixed(2)}), dir ${root}`,
  );
  const client = new RemotingClient();
  const namesrv = spawnMq(['namesrv', 'start', '--port', '0'], root);
  try {
    const ns = `127.0.0.1:${(await namesrv.waitFor(/name server listening .*\bport=(\d+)/))[1]}`;
    const asyncLoad = await sendPhase(root, ns, client, 'ASYNC_MASTER');
    const syncLoad = await sendPhase(root, ns, client, 'SYNC_MASTER');
    const line = (name: string, f: typeof asyncLoad) =>
      `${name}: ${fmt(f.tps)} msg/s, p50 ${fmt(f.rtMs.p50, 2)} ms, p99 ${fmt(f.rtMs.p99, 2)} ms, max ${
        fmt(f.rtMs.max, 1)
      } ms, not SEND_OK ${f.notOk}; ` +
      `slave lag p50 ${fmt(f.lag.p50Bytes)} B / ${fmt(f.lag.p50Ms, 1)} ms, p99 ${fmt(f.lag.p99Bytes)} B / ${fmt(f.lag.p99Ms, 1)} ms`;
    console.log(line('ASYNC_MASTER 16x128 B', asyncLoad));
    console.log(line('SYNC_MASTER  16x128 B', syncLoad));
    const ratio = syncLoad.tps / asyncLoad.tps;
    console.log(`SYNC/ASYNC rate      : ${fmt(ratio, 2)}`);

    const rawBefore = await rawWrite(root, BACKLOG_BYTES);
    const backlog = await backlogPhase(root, ns, client);
    const rawAfter = await rawWrite(root, BACKLOG_BYTES);
    const raw = Math.max(rawBefore, rawAfter);
    console.log(
      `backlog catch-up     : ${fmt(backlog.bytes / MB)} MiB in ${fmt(backlog.seconds, 2)} s = ${fmt(backlog.mbPerSec, 1)} MB/s ` +
        `(slave restart included); plain fs write ${fmt(raw, 1)} MB/s; ratio ${fmt(backlog.mbPerSec / raw, 2)}`,
    );
    console.log(
      `  after slave boot   : ${fmt(backlog.secondsAfterBoot, 2)} s = ${fmt(backlog.mbPerSecAfterBoot, 1)} MB/s; ratio ${
        fmt(backlog.mbPerSecAfterBoot / raw, 2)
      }`,
    );
    console.log(JSON.stringify({
      runtime: runtimeName,
      runtimeVersion,
      cpus: os.cpus().length,
      loadAverage1m: +os.loadavg()[0]!.toFixed(2),
      asyncMaster: asyncLoad,
      syncMaster: syncLoad,
      syncOverAsync: round(ratio, 3),
      backlog,
      rawWriteMBps: round(raw, 1),
      backlogRatioToRawWrite: round(backlog.mbPerSec / raw, 3),
      targets: {
        syncOverAsync: ratio >= 0.8,
        syncP99Under5ms: syncLoad.rtMs.p99 < 5,
        backlogHalfOfRawWrite: backlog.mbPerSec / raw >= 0.5,
      },
    }));
  } finally {
    await client.close();
    await namesrv.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
