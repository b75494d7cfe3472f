// Store benchmark: `npm run bench:store`.
// ASYNC_FLUSH appends of 1,000,000 x 128 B and 100,000 x 4 KiB, SYNC_FLUSH appends with 1 and with
// 64 concurrent producers, a sequential read of everything back through the consume queues, the
// worst event-loop pause during appends, and the 4 KiB append rate against plain fs writes of the
// same bytes on the same disk. The last line printed is one JSON object with every figure.
// Environment: BENCH_SCALE (default 1) scales the message counts; BENCH_DIR picks the directory.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultMessageStoreConfig, type MessageStoreConfig } from '../src/common/config/message-store-config.js';
import { setLogLevel } from '../src/common/logger.js';
import { encodeSocketAddress } from '../src/common/message/socket-address.js';
import { nowMs, runtimeName, runtimeVersion } from '../src/common/runtime.js';
import { MessageStore } from '../src/store/message-store.js';
import type { PutMessageInput, PutMessageResult } from '../src/store/put-result.js';
import { rawWrite } from './fs-rate.js';
import { PauseProbe } from './pause-probe.js';

setLogLevel('warn');
const scale = Number(process.env.BENCH_SCALE ?? 1);
const root = fs.mkdtempSync(path.join(process.env.BENCH_DIR ?? os.tmpdir(), 'mq-bench-store-'));
const QUEUES = 8;
const MB = 1024 * 1024;

function config(dir: string, over: Partial<MessageStoreConfig> = {}): MessageStoreConfig {
  // 256 MiB segments so the run rolls segments (Java's default is 1 GiB).
  return defaultMessageStoreConfig({ storePathRootDir: dir, mappedFileSizeCommitLog: 256 * MB, ...over });
}

function message(topic: string, bodySize: number): PutMessageInput {
  return {
    topic,
    queueId: 0,
    flag: 0,
    body: Buffer.alloc(bodySize, 0x61),
    propertiesString: '',
    sysFlag: 0,
    bornTimestamp: Date.now(),
    bornHost: encodeSocketAddress('127.0.0.1', 50000),
  };
}

// Properties strings as a producer sends them (a tag, a unique key, WAIT). They are made up front
// and reused round-robin, so building strings is not counted as store work; 65,536 distinct
// unique keys still spread over the index.
const uniqPrefix = 'C0A8000100002A9F00000000';
const PROPS = Array.from(
  { length: 65536 },
  (_, i) => `TAGS\u0001TagA\u0002UNIQ_KEY\u0001${uniqPrefix}${i.toString(16).toUpperCase().padStart(8, '0')}\u0002WAIT\u0001true`,
);
function props(i: number): string {
  return PROPS[i & 65535]!;
}

interface AppendFigures {
  messages: number;
  seconds: number;
  msgsPerSec: number;
  mbPerSec: number;
}

/**
 * Appends `count` messages as a busy broker would: chunks of 1,024 puts, one chunk per turn of the
 * event loop (as requests arrive a socket read at a time), up to 8 chunks in flight. The store
 * copies each put at once, so one message object serves them all.
 */
async function appendAsync(store: MessageStore, topic: string, count: number, bodySize: number): Promise<AppendFigures> {
  const m = message(topic, bodySize);
  const CHUNK = 1024;
  const DEPTH = 8;
  const inFlight: Array<Promise<PutMessageResult>> = [];
  const before = store.getMaxPhyOffset();
  const t0 = nowMs();
  for (let i = 0; i < count;) {
    const n = Math.min(CHUNK, count - i);
    let last!: Promise<PutMessageResult>;
    for (let k = 0; k < n; k++, i++) {
      m.queueId = i % QUEUES;
      m.propertiesString = props(i);
      last = store.putMessage(m);
    }
    inFlight.push(last);
    if (inFlight.length >= DEPTH) await inFlight.shift();
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  for (const p of inFlight) {
    const r = await p;
    if (r.status !== 'PUT_OK') throw new Error(`put failed: ${r.status}`);
  }
  const seconds = (nowMs() - t0) / 1000;
  const bytes = store.getMaxPhyOffset() - before;
  return { messages: count, seconds, msgsPerSec: count / seconds, mbPerSec: bytes / MB / seconds };
}

/** `producers` loops, each awaiting its own put before the next (SYNC_FLUSH latency-bound). */
async function appendSync(store: MessageStore, producers: number, count: number): Promise<AppendFigures> {
  let next = 0;
  const t0 = nowMs();
  await Promise.all(Array.from({ length: producers }, async (_, p) => {
    const m = message('BenchSync', 128);
    m.queueId = p % QUEUES;
    while (next < count) {
      m.propertiesString = props(next++);
      const r = await store.putMessage(m);
      if (r.status !== 'PUT_OK') throw new Error(`sync put failed: ${r.status}`);
    }
  }));
  const seconds = (nowMs() - t0) / 1000;
  return { messages: count, seconds, msgsPerSec: count / seconds, mbPerSec: 0 };
}

/**
 * Reads every queue of `topic` from its start, 32 messages per pull, the queues in turn (as a
 * consumer group with one consumer per queue does).
 */
async function readAll(store: MessageStore, topic: string): Promise<{ messages: number; bytes: number }> {
  let messages = 0;
  let bytes = 0;
  const offsets = new Array<number>(QUEUES).fill(0);
  const max = offsets.map((_, q) => store.getMaxOffsetInQueue(topic, q));
  for (let busy = true; busy;) {
    busy = false;
    for (let q = 0; q < QUEUES; q++) {
      if (offsets[q]! >= max[q]!) continue;
      busy = true;
      const r = await store.getMessage('bench', topic, q, offsets[q]!, 32);
      if (!r || r.status !== 'FOUND') throw new Error(`read ${topic}/${q}@${offsets[q]}: ${r?.status}`);
      messages += r.messageCount;
      bytes += r.bufferTotalSize;
      offsets[q] = r.nextBeginOffset;
    }
  }
  return { messages, bytes };
}

const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

async function main(): Promise<void> {
  console.log(
    `store benchmark on ${runtimeName} ${runtimeVersion}, ${os.cpus().length} CPUs (load ${os.loadavg()[0]!.toFixed(2)}), dir ${root}`,
  );
  const n128 = Math.round(1_000_000 * scale);
  const n4k = Math.round(100_000 * scale);

  const asyncStore = new MessageStore(config(path.join(root, 'async')));
  await asyncStore.open();
  const probe = new PauseProbe();
  probe.start();
  const a128 = await appendAsync(asyncStore, 'Bench128', n128, 128);
  console.log(
    `ASYNC_FLUSH 128 B : ${fmt(a128.msgsPerSec)} msg/s, ${fmt(a128.mbPerSec, 1)} MB/s (${fmt(n128)} in ${fmt(a128.seconds, 2)} s)`,
  );
  probe.stop();
  // The plain-write baseline runs before and after the 4 KiB appends; the faster run counts, so
  // the ratio is not flattered by a slow moment of the disk.
  const bytes4k = Math.round(n4k * (4096 + 140));
  const rawBefore = await rawWrite(root, bytes4k);
  probe.start();
  const a4k = await appendAsync(asyncStore, 'Bench4K', n4k, 4096);
  probe.stop();
  console.log(`ASYNC_FLUSH 4 KiB : ${fmt(a4k.msgsPerSec)} msg/s, ${fmt(a4k.mbPerSec, 1)} MB/s (${fmt(n4k)} in ${fmt(a4k.seconds, 2)} s)`);
  const rawAfter = await rawWrite(root, bytes4k);
  const rawMBps = Math.max(rawBefore, rawAfter);
  console.log(
    `plain fs write    : ${fmt(rawMBps, 1)} MB/s (${fmt(bytes4k / MB, 0)} MiB, 4 MiB writes; ${fmt(rawBefore, 1)} before, ${
      fmt(rawAfter, 1)
    } after)`,
  );
  console.log(
    `worst event-loop pause during appends: ${fmt(probe.worst, 1)} ms wall, ${fmt(probe.worstBusy, 1)} ms of it with the process on a CPU`,
  );

  // Let the appended data reach the disk first, so the reads do not queue behind a long sync.
  await asyncStore.flush();
  const r0 = nowMs();
  const read128 = await readAll(asyncStore, 'Bench128');
  const read4k = await readAll(asyncStore, 'Bench4K');
  const readSeconds = (nowMs() - r0) / 1000;
  const readMessages = read128.messages + read4k.messages;
  if (readMessages !== n128 + n4k) throw new Error(`read ${readMessages} messages, wrote ${n128 + n4k}`);
  const readMsgsPerSec = readMessages / readSeconds;
  console.log(`sequential read   : ${fmt(readMsgsPerSec)} msg/s, ${fmt((read128.bytes + read4k.bytes) / MB / readSeconds, 1)} MB/s`);
  const failed = asyncStore.stats.putMessageFailedTimes;
  await asyncStore.close();

  const syncStore = new MessageStore(config(path.join(root, 'sync'), { flushDiskType: 'SYNC_FLUSH' }));
  await syncStore.open();
  const s1 = await appendSync(syncStore, 1, Math.round(3000 * Math.max(scale, 0.1)));
  console.log(`SYNC_FLUSH, 1 producer   : ${fmt(s1.msgsPerSec)} msg/s`);
  const s64 = await appendSync(syncStore, 64, Math.round(100_000 * Math.max(scale, 0.1)));
  console.log(
    `SYNC_FLUSH, 64 producers : ${fmt(s64.msgsPerSec)} msg/s (${fmt(s64.msgsPerSec / s1.msgsPerSec, 1)}x, ${
      fmt(syncStore.flushProgress().syncs)
    } syncs in all)`,
  );
  await syncStore.close();
  fs.rmSync(root, { recursive: true, force: true });

  const ratioToRawWrite = a4k.mbPerSec / rawMBps;
  const figures = {
    runtime: runtimeName,
    runtimeVersion,
    cpus: os.cpus().length,
    loadAverage1m: +os.loadavg()[0]!.toFixed(2),
    async128: { msgsPerSec: Math.round(a128.msgsPerSec), mbPerSec: +a128.mbPerSec.toFixed(1), messages: n128 },
    async4k: { msgsPerSec: Math.round(a4k.msgsPerSec), mbPerSec: +a4k.mbPerSec.toFixed(1), messages: n4k },
    rawWriteMBps: +rawMBps.toFixed(1),
    ratioToRawWrite: +ratioToRawWrite.toFixed(3),
    sync1MsgsPerSec: Math.round(s1.msgsPerSec),
    sync64MsgsPerSec: Math.round(s64.msgsPerSec),
    sync64Over1: +(s64.msgsPerSec / s1.msgsPerSec).toFixed(1),
    readMsgsPerSec: Math.round(readMsgsPerSec),
    worstEventLoopPauseMs: +probe.worst.toFixed(1),
    worstEventLoopPauseBusyMs: +probe.worstBusy.toFixed(1),
    putFailures: failed,
    targets: {
      ratioToRawWrite: ratioToRawWrite >= 0.5,
      async128MsgsPerSec: a128.msgsPerSec >= 500_000,
      sync64Over1: s64.msgsPerSec / s1.msgsPerSec >= 20,
      worstEventLoopPause: probe.worst <= 50,
    },
  };
  console.log(JSON.stringify(figures));
}

main().catch((err) => {
  console.error(err);
  fs.rmSync(root, { recursive: true, force: true });
  process.exit(1);
});
