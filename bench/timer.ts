// Timer-message benchmark: `npm run bench:timer` (or `npx tsc -p . && bun dist/bench/timer.js`).
// On a real store with the broker's timer service (default settings: 100 ms slots):
// 1. sustained: puts BENCH_TIMER_MSGS timer messages due an hour from now, 64 in flight, and times
//    until every one is stored and taken into the wheel (one timer-log unit and one slot update
//    each): the scheduled messages per second the timer sustains.
// 2. precision: puts BENCH_TIMER_DUE messages due at random milliseconds over the next
//    BENCH_TIMER_SPREAD_MS (starting 2 s out), while plain 1 KiB messages are put as fast as
//    BENCH_TIMER_LOAD (16) in flight allow, and measures each delivery's lateness (the store time of the delivered copy
//    minus TIMER_OUT_MS, its due ms): p50, p99, max, and how many came early (must be 0).
// The last line printed is one JSON object with every figure. BENCH_DIR picks the directory.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultMessageStoreConfig } from '../src/common/config/message-store-config.js';
import { setLogLevel } from '../src/common/logger.js';
import { MessageConst, SystemTopic } from '../src/common/message/message-const.js';
import { encodeProperties, getProperty } from '../src/common/message/properties.js';
import { encodeSocketAddress } from '../src/common/message/socket-address.js';
import { nowMs, runtimeName, runtimeVersion } from '../src/common/runtime.js';
import { MessageStore } from '../src/store/message-store.js';
import type { PutMessageInput } from '../src/store/put-result.js';
import { TimerMessageService } from '../src/broker/timer/timer-message-service.js';
import { PauseProbe } from './pause-probe.js';

setLogLevel('warn');
const total = Number(process.env.BENCH_TIMER_MSGS ?? 200_000);
const dueCount = Number(process.env.BENCH_TIMER_DUE ?? 30_000);
const spreadMs = Number(process.env.BENCH_TIMER_SPREAD_MS ?? 10_000);
const loadInFlight = Number(process.env.BENCH_TIMER_LOAD ?? 16);
const root = fs.mkdtempSync(path.join(process.env.BENCH_DIR ?? os.tmpdir(), 'mq-bench-timer-'));
const bornHost = encodeSocketAddress('127.0.0.1', 50000);

const cfg = defaultMessageStoreConfig({ storePathRootDir: root, mappedFileSizeCommitLog: 256 * 1024 * 1024 });
const lateness: number[] = [];
let timer: TimerMessageService | null = null;
const store = new MessageStore(cfg, {
  messageArrivingListener: (topic, _q, _o, _t, storeTimestamp, props) => {
    if (topic === SystemTopic.TIMER) timer?.onArrival();
    else if (topic === 'DueTopic') lateness.push(storeTimestamp - Number(getProperty(props, MessageConst.PROPERTY_TIMER_OUT_MS)));
  },
});
timer = new TimerMessageService(store, cfg, { storeRoot: root });
store.setPutMessageHook(timer.putHook);
await store.open();
await timer.start();

function message(topic: string, props: Record<string, string>, body: Buffer): PutMessageInput {
  return { topic, queueId: 0, flag: 0, body, propertiesString: encodeProperties(props), sysFlag: 0, bornTimestamp: Date.now(), bornHost };
}

/** Puts `n` messages made by `make`, `inFlight` at a time; fails on any refusal. */
async function putAll(n: number, inFlight: number, make: (i: number) => PutMessageInput): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: inFlight }, async () => {
    while (next < n) {
      const r = await store.putMessage(make(next++));
      if (!r.isOk) throw new Error(`put refused: ${r.status}`);
    }
  }));
}

async function waitFor(cond: () => boolean, what: string, timeoutMs: number): Promise<void> {
  const deadline = nowMs() + timeoutMs;
  while (!cond()) {
    if (nowMs() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const body = Buffer.alloc(128, 0x61);
const hourOut = String(Date.now() + 3_600_000);

// 1. Sustained scheduling.
const t0 = nowMs();
await putAll(total, 64, () => message('LaterTopic', { TIMER_DELIVER_MS: hourOut }, body));
const putMs = nowMs() - t0;
await waitFor(() => timer!.currQueueOffset >= total, 'the wheel to take every message', 600_000);
const scheduledMs = nowMs() - t0;
const scheduledPerSec = Math.round((total * 1000) / scheduledMs);
console.log(
  `sustained: ${total} timer messages stored in ${Math.round(putMs)} ms, in the wheel after ${
    Math.round(scheduledMs)
  } ms: ${scheduledPerSec}/s`,
);

// 2. Precision under load.
const probe = new PauseProbe();
probe.start();
const start = Date.now() + 2000;
const dues = Array.from({ length: dueCount }, () => start + Math.floor(Math.random() * spreadMs));
const loadBody = Buffer.alloc(1024, 0x62);
let loading = true;
let plainPuts = 0;
const load = (async () => {
  while (loading && loadInFlight > 0) {
    await putAll(1000, loadInFlight, () => message('LoadTopic', {}, loadBody));
    plainPuts += 1000;
  }
})();
await putAll(dueCount, 64, (i) => message('DueTopic', { TIMER_DELIVER_MS: String(dues[i]) }, body));
const loadStart = nowMs();
await waitFor(() => lateness.length >= dueCount, 'every due message', spreadMs + 120_000);
loading = false;
await load;
const loadRate = Math.round((plainPuts * 1000) / (nowMs() - loadStart));
probe.stop();

lateness.sort((a, b) => a - b);
const pct = (p: number) => lateness[Math.min(lateness.length - 1, Math.floor((p / 100) * lateness.length))]!;
const result = {
  runtime: runtimeName,
  version: runtimeVersion,
  precisionMs: timer.precisionMs,
  scheduled: total,
  scheduledPerSec,
  due: dueCount,
  spreadMs,
  latenessP50Ms: pct(50),
  latenessP99Ms: pct(99),
  latenessMaxMs: lateness[lateness.length - 1]!,
  early: lateness.filter((l) => l < 0).length,
  plainPutsPerSecDuringDelivery: loadRate,
  maxPauseMs: Math.round(probe.worst),
  maxBusyPauseMs: Math.round(probe.worstBusy),
};
console.log(
  `precision: ${dueCount} due over ${spreadMs} ms beside ${loadRate} plain puts/s: lateness p50 ${result.latenessP50Ms} ms, p99 ${result.latenessP99Ms} ms, max ${result.latenessMaxMs} ms, early ${result.early}`,
);
await timer.shutdown();
await store.close();
fs.rmSync(root, { recursive: true, force: true });
console.log(JSON.stringify(result));
