// End-to-end benchmark: `npm run bench:e2e`.
// Starts `mq start` (name server and broker in one process) as a child through the real CLI, in a
// temporary directory, and measures with our own client in this process:
//   1. sends: 16 concurrent senders, each sending 128-byte messages synchronously one after another
//      (ROCKETMQ binary headers, as Java's benchmark producer); throughput, latency p50/p99/p999/max;
//   2. drain: a backlog of 200,000 messages read by a fresh push-consumer group from the first offset,
//      timed until all of them are consumed.
// With BENCH_FILTER=<p> (a percentage, 1-100) the backlog's messages carry a property a = i % 100,
// the broker's enablePropertyFilter is turned on (UPDATE_BROKER_CONFIG), and the backlog is drained
// twice by fresh groups: with "*", then with the SQL92 filter "a < <p>" (p % of the messages match);
// the filtered drain is timed until every matching message is consumed and reports the backlog
// scanned per second as well as the matching messages consumed per second.
// With BENCH_TLS=1 the server runs in its default permissive TLS mode (a self-signed certificate),
// and after the plain phases a producer and a consumer with useTLS repeat the sends and the drain
// over TLS against the same server, then plain ones run both again, so each TLS figure stands
// between two plain ones and the order of the phases (a warmer broker later on) does not pass for
// the cost of TLS ("tls" and "tls.plainAgain" in the JSON).
// Both topics are created with BENCH_QUEUES (default 8) queues. CPU time per message of this process
// and of the broker's process (Linux /proc) is reported too: unlike wall-clock rates it does not
// depend on what else the machine is doing. The last line printed is one JSON object.
// Environment: BENCH_SEND_SECONDS (default 20), BENCH_WARMUP_SECONDS (3), BENCH_SENDERS (16),
// BENCH_QUEUES (8), BENCH_BACKLOG (200000), BENCH_FILTER (off), BENCH_TLS (off), BENCH_DIR (temp parent), BENCH_BROKER_ARGS (extra
// runtime arguments for the broker process, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"), BENCH_ACL=1
// (the broker with aclEnable=true, every request of the producer and consumers signed: the cost of ACL),
// BENCH_MQ_ARGS (extra `mq start` flags, e.g. "--no-metrics").

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setLogLevel } from '../src/common/logger.js';
import { SystemTopic } from '../src/common/message/message-const.js';
import { nowMs, runtimeName, runtimeVersion } from '../src/common/runtime.js';
import { Message } from '../src/client/message/message.js';
import { Producer } from '../src/client/producer/producer.js';
import { PushConsumer } from '../src/client/consumer/push-consumer.js';
import { MessageSelector } from '../src/client/consumer/message-selector.js';
import { ConsumeConcurrentlyStatus } from '../src/client/consumer/listener.js';
import { ConsumeFromWhere } from '../src/remoting/protocol/consumer-types.js';
import { LatencyHistogram, round } from '../src/tools/benchmark/latency.js';
import { type MqChild, startMqChild, stopMqChild } from './mq-child.js';

setLogLevel('error');

const int = (name: string, dflt: number) => {
  const v = process.env[name];
  const n = v === undefined || v === '' ? dflt : Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number`);
  return n;
};
const SEND_SECONDS = int('BENCH_SEND_SECONDS', 20);
const WARMUP_SECONDS = int('BENCH_WARMUP_SECONDS', 3);
const SENDERS = int('BENCH_SENDERS', 16);
const QUEUES = int('BENCH_QUEUES', 8);
const BACKLOG = int('BENCH_BACKLOG', 200_000);
const ACL = process.env.BENCH_ACL === '1';
const FILTER_PCT = int('BENCH_FILTER', 0);
if (FILTER_PCT > 100) throw new Error('BENCH_FILTER is a percentage of matching messages (1-100)');
const TLS = process.env.BENCH_TLS === '1';
/** Client settings of the TLS phases: trust the server's self-signed certificate, as Java's test mode does. */
const TLS_CLIENT = { useTLS: true, tls: { 'tls.test.mode.enable': true, 'tls.config.file': '' } } as const;
const BODY_SIZE = 128;
const SEND_TOPIC = 'BenchE2E';
const DRAIN_TOPIC = 'BenchBacklog';

/**
 * The account of BENCH_ACL=1. Its topics are listed, so a send is checked against a permission
 * table (an admin without one would skip that); admin, as creating the topics needs.
 */
const ACL_CREDENTIALS = { accessKey: 'benchUser', secretKey: 'benchSecret' };
const PLAIN_ACL = `accounts:
  - accessKey: ${ACL_CREDENTIALS.accessKey}
    secretKey: ${ACL_CREDENTIALS.secretKey}
    admin: true
    defaultTopicPerm: DENY
    defaultGroupPerm: SUB
    topicPerms:
      - ${SEND_TOPIC}=PUB|SUB
      - ${DRAIN_TOPIC}=PUB|SUB
`;
const clientAcl = ACL ? ACL_CREDENTIALS : {};

const TARGETS = { sendTps: 40_000, sendP99Ms: 5, drainMsgsPerSec: 230_000 };

// ---- the server child ----

function startServer(home: string): Promise<MqChild> {
  if (ACL) {
    fs.mkdirSync(path.join(home, 'conf'), { recursive: true });
    fs.writeFileSync(path.join(home, 'conf', 'plain_acl.yml'), PLAIN_ACL);
  }
  return startMqChild(home, {
    runtimeArgs: (process.env.BENCH_BROKER_ARGS ?? '').split(' ').filter(Boolean),
    args: [...(ACL ? ['--acl'] : []), ...(process.env.BENCH_MQ_ARGS ?? '').split(' ').filter(Boolean)],
    env: {
      ...(ACL ? { ROCKETMQ_HOME: home } : {}),
      ...(TLS ? { TLS_SERVER_MODE: 'permissive', TLS_TEST_MODE_ENABLE: 'true', TLS_CONFIG_FILE: '' } : {}),
    },
  });
}

// ---- CPU time ----

const CLK_TCK = (() => {
  const r = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  const n = Number(r.stdout?.trim());
  return Number.isFinite(n) && n > 0 ? n : 100;
})();

interface Cpu {
  user: number;
  system: number;
}

/** CPU milliseconds in user and kernel mode a process has used, from /proc; NaN where there is no /proc. */
function processCpuMs(pid: number): Cpu {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { user: (Number(fields[11]) * 1000) / CLK_TCK, system: (Number(fields[12]) * 1000) / CLK_TCK };
  } catch {
    return { user: NaN, system: NaN };
  }
}

function selfCpuMs(): Cpu {
  const u = process.cpuUsage();
  return { user: u.user / 1000, system: u.system / 1000 };
}

interface CpuFigures {
  /** CPU microseconds per message, user and kernel time together. */
  clientUsPerMsg: number;
  brokerUsPerMsg: number;
  /** The kernel's share of it. */
  clientSysUsPerMsg: number;
  brokerSysUsPerMsg: number;
  /** Percent of one CPU over the window. */
  clientCpuPct: number;
  brokerCpuPct: number;
}

interface CpuWindow {
  stop(messages: number): CpuFigures;
}

function cpuWindow(brokerPid: number): CpuWindow {
  const t0 = nowMs();
  const c0 = selfCpuMs();
  const b0 = processCpuMs(brokerPid);
  return {
    stop(messages) {
      const wall = nowMs() - t0;
      const c1 = selfCpuMs();
      const b1 = processCpuMs(brokerPid);
      const c = c1.user + c1.system - c0.user - c0.system;
      const b = b1.user + b1.system - b0.user - b0.system;
      return {
        clientUsPerMsg: round((c * 1000) / messages, 2),
        brokerUsPerMsg: round((b * 1000) / messages, 2),
        clientSysUsPerMsg: round(((c1.system - c0.system) * 1000) / messages, 2),
        brokerSysUsPerMsg: round(((b1.system - b0.system) * 1000) / messages, 2),
        clientCpuPct: round((100 * c) / wall, 1),
        brokerCpuPct: round((100 * b) / wall, 1),
      };
    },
  };
}

// ---- phases ----

const body = Buffer.alloc(BODY_SIZE, 0x61);

async function sendPhase(producer: Producer, brokerPid: number) {
  let phase: 'warmup' | 'measure' | 'stop' = 'warmup';
  const hist = new LatencyHistogram();
  let sent = 0;
  let failed = 0;
  let firstError: string | undefined;
  const sender = async () => {
    while (phase !== 'stop') {
      const t0 = nowMs();
      try {
        await producer.send(new Message(SEND_TOPIC, body));
        if (phase === 'measure') {
          hist.record(nowMs() - t0);
          sent++;
        }
      } catch (err) {
        failed++;
        firstError ??= (err as Error).message;
      }
    }
  };
  const loops = Array.from({ length: SENDERS }, sender);
  await sleep(WARMUP_SECONDS * 1000);
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const cpu = cpuWindow(brokerPid);
  const t0 = nowMs();
  phase = 'measure';
  await sleep(SEND_SECONDS * 1000);
  phase = 'stop';
  const seconds = (nowMs() - t0) / 1000;
  const cpuFigures = cpu.stop(sent);
  loop.disable();
  await Promise.all(loops);
  const rt = hist.summary();
  return {
    seconds: round(seconds, 2),
    sent,
    failed,
    ...(firstError ? { firstError } : {}),
    tps: Math.round(sent / seconds),
    rtMs: { avg: round(rt.avg), p50: round(rt.p50), p99: round(rt.p99), p999: round(rt.p999), max: round(rt.max) },
    ...cpuFigures,
    clientEventLoopMaxDelayMs: round(loop.max / 1e6, 1),
  };
}

async function fillBacklog(producer: Producer): Promise<number> {
  const BATCH = 64;
  let remaining = BACKLOG;
  let stored = 0;
  let next = 0;
  // With a filter, a = i % 100 makes exactly FILTER_PCT % of every 100 messages match "a < FILTER_PCT".
  const message = () => new Message(DRAIN_TOPIC, body, FILTER_PCT > 0 ? { properties: { a: String(next++ % 100) } } : {});
  const filler = async () => {
    while (remaining > 0) {
      const n = Math.min(BATCH, remaining);
      remaining -= n;
      const msgs = Array.from({ length: n }, message);
      await producer.send(msgs);
      stored += n;
    }
  };
  await Promise.all(Array.from({ length: 8 }, filler));
  return stored;
}

/** Drains the backlog with a fresh group until `expected` messages are consumed. */
async function drainPhase(namesrvAddr: string, brokerPid: number, selector: MessageSelector, expected: number, tls = false) {
  let consumed = 0;
  let firstAt = 0;
  let doneAt = 0;
  let resolveDone!: () => void;
  const done = new Promise<void>((r) => (resolveDone = r));
  const consumer = new PushConsumer({
    consumerGroup: `bench_e2e_drain_${Date.now()}`,
    namesrvAddr,
    serializeType: 'ROCKETMQ',
    ...(tls ? TLS_CLIENT : {}),
    consumeFromWhere: ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET,
    ...clientAcl,
  });
  consumer.subscribe(DRAIN_TOPIC, selector);
  consumer.registerMessageListener((msgs) => {
    if (consumed === 0) firstAt = nowMs();
    consumed += msgs.length;
    if (consumed >= expected && doneAt === 0) {
      doneAt = nowMs();
      resolveDone();
    }
    return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
  });
  const cpu = cpuWindow(brokerPid);
  const t0 = nowMs();
  await consumer.start();
  const timeout = setTimeout(() => resolveDone(), 120_000);
  await done;
  clearTimeout(timeout);
  // Per message of the backlog, which a filtered drain scans whole.
  const cpuFigures = cpu.stop(BACKLOG);
  await consumer.shutdown();
  if (doneAt === 0) throw new Error(`drain timed out: ${consumed} of ${expected} consumed in 120 s`);
  const steady = (doneAt - firstAt) / 1000;
  const total = (doneAt - t0) / 1000;
  return {
    expression: selector.expression,
    messages: consumed,
    matchedMsgsPerSec: Math.round(expected / steady),
    seconds: round(steady, 3),
    secondsWithStartup: round(total, 3),
    msgsPerSec: Math.round(BACKLOG / steady),
    msgsPerSecWithStartup: Math.round(BACKLOG / total),
    ...cpuFigures,
  };
}

function printSend(label: string, send: Awaited<ReturnType<typeof sendPhase>>): void {
  console.log(
    `${label}: ${
      fmt(send.tps)
    } msg/s over ${send.seconds} s; RT avg ${send.rtMs.avg} ms, p50 ${send.rtMs.p50}, p99 ${send.rtMs.p99}, p999 ${send.rtMs.p999}, max ${send.rtMs.max}; failed ${send.failed}`,
  );
  console.log(
    `         CPU per message: client ${send.clientUsPerMsg} µs (kernel ${send.clientSysUsPerMsg}), broker ${send.brokerUsPerMsg} µs (kernel ${send.brokerSysUsPerMsg}); client ${send.clientCpuPct} %, broker ${send.brokerCpuPct} % of a CPU`,
  );
}

function printDrain(label: string, d: Awaited<ReturnType<typeof drainPhase>>): void {
  const matched = d.expression === '*'
    ? ''
    : ` scanned ("${d.expression}": ${fmt(d.messages)} matching, ${fmt(d.matchedMsgsPerSec)} msg/s)`;
  console.log(
    `${label}: ${fmt(d.msgsPerSec)} msg/s${matched} (${fmt(BACKLOG)} in ${d.seconds} s from the first message; ${
      fmt(d.msgsPerSecWithStartup)
    } msg/s counting the consumer's start)`,
  );
  console.log(
    `         CPU per message: client ${d.clientUsPerMsg} µs (kernel ${d.clientSysUsPerMsg}), broker ${d.brokerUsPerMsg} µs (kernel ${d.brokerSysUsPerMsg}); client ${d.clientCpuPct} %, broker ${d.brokerCpuPct} % of a CPU`,
  );
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

async function main(): Promise<void> {
  const home = fs.mkdtempSync(path.join(process.env.BENCH_DIR ?? os.tmpdir(), 'mq-bench-e2e-'));
  const load0 = os.loadavg()[0]!;
  console.log(
    `end-to-end benchmark on ${runtimeName} ${runtimeVersion}, ${os.cpus().length} CPUs (load ${load0.toFixed(2)}), home ${home}`,
  );
  console.log(
    `setup: mq start${
      ACL ? ' --acl (ACL on, requests signed)' : ''
    } (name server + broker, one process); ${SENDERS} senders x ${BODY_SIZE} B sync sends, ROCKETMQ headers; topics with ${QUEUES} queues; backlog ${
      fmt(BACKLOG)
    }`,
  );
  const server = await startServer(home);
  const brokerPid = server.proc.pid!;
  let producer: Producer | undefined;
  try {
    producer = new Producer({
      producerGroup: 'bench_e2e_producer',
      namesrvAddr: server.namesrvAddr,
      serializeType: 'ROCKETMQ',
      ...clientAcl,
    });
    await producer.start();
    await producer.createTopic(SystemTopic.AUTO_CREATE_TOPIC_KEY, SEND_TOPIC, QUEUES);
    await producer.createTopic(SystemTopic.AUTO_CREATE_TOPIC_KEY, DRAIN_TOPIC, QUEUES);

    const send = await sendPhase(producer, brokerPid);
    printSend('sends  ', send);

    const stored = await fillBacklog(producer);
    const drain = await drainPhase(server.namesrvAddr, brokerPid, MessageSelector.byTag('*'), BACKLOG);
    printDrain('drain  ', drain);
    let filtered: Awaited<ReturnType<typeof drainPhase>> | undefined;
    if (FILTER_PCT > 0) {
      await producer.instance.api.admin.updateBrokerConfig(server.brokerAddr, [['enablePropertyFilter', 'true']], 5000);
      const expected = Math.floor(BACKLOG / 100) * FILTER_PCT + Math.min(BACKLOG % 100, FILTER_PCT);
      filtered = await drainPhase(server.namesrvAddr, brokerPid, MessageSelector.bySql(`a < ${FILTER_PCT}`), expected);
      printDrain(`filter `, filtered);
    }
    type Pair = { send: Awaited<ReturnType<typeof sendPhase>>; drain: Awaited<ReturnType<typeof drainPhase>> };
    let tls: Pair & { plainAgain: Pair } | undefined;
    if (TLS) {
      const tlsProducer = new Producer({
        producerGroup: 'bench_e2e_tls_producer',
        namesrvAddr: server.namesrvAddr,
        serializeType: 'ROCKETMQ',
        ...TLS_CLIENT,
        ...clientAcl,
      });
      await tlsProducer.start();
      try {
        const tlsSend = await sendPhase(tlsProducer, brokerPid);
        printSend('tls sends', tlsSend);
        const tlsDrain = await drainPhase(server.namesrvAddr, brokerPid, MessageSelector.byTag('*'), BACKLOG, true);
        printDrain('tls drain', tlsDrain);
        await tlsProducer.shutdown();
        const againSend = await sendPhase(producer, brokerPid);
        printSend('sends again', againSend);
        const againDrain = await drainPhase(server.namesrvAddr, brokerPid, MessageSelector.byTag('*'), BACKLOG);
        printDrain('drain again', againDrain);
        tls = { send: tlsSend, drain: tlsDrain, plainAgain: { send: againSend, drain: againDrain } };
      } finally {
        await tlsProducer.shutdown();
      }
    }

    await producer.shutdown();
    producer = undefined;
    await stopMqChild(server);
    const figures = {
      bench: 'e2e',
      runtime: runtimeName,
      runtimeVersion,
      cpus: os.cpus().length,
      loadAverage1m: { before: round(load0, 2), after: round(os.loadavg()[0]!, 2) },
      setup: { senders: SENDERS, bodySize: BODY_SIZE, serializeType: 'ROCKETMQ', queues: QUEUES, backlog: stored, acl: ACL },
      send,
      drain,
      ...(filtered ? { filteredDrain: filtered } : {}),
      ...(tls ? { tls } : {}),
      targets: {
        sendTps: { target: TARGETS.sendTps, ratio: round(send.tps / TARGETS.sendTps, 3), met: send.tps >= TARGETS.sendTps },
        sendP99Ms: {
          target: TARGETS.sendP99Ms,
          ratio: round(send.rtMs.p99 / TARGETS.sendP99Ms, 3),
          met: send.rtMs.p99 < TARGETS.sendP99Ms,
        },
        drainMsgsPerSec: {
          target: TARGETS.drainMsgsPerSec,
          ratio: round(drain.msgsPerSec / TARGETS.drainMsgsPerSec, 3),
          met: drain.msgsPerSec >= TARGETS.drainMsgsPerSec,
        },
      },
    };
    console.log(JSON.stringify(figures));
  } finally {
    await producer?.shutdown().catch(() => undefined);
    await stopMqChild(server);
    fs.rmSync(home, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(`bench:e2e failed: ${(err as Error).stack ?? err}`);
  process.exit(1);
});
