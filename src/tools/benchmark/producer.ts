// `mq tools benchmark producer`: RocketMQ's benchmark Producer (example/benchmark/Producer.java).
// `threads` senders send `messageSize`-byte messages of random letters one after another (or one
// sender keeps many in flight with async), with ROCKETMQ binary headers and compression off, as the
// Java tool does. Each second: "Current Time: ... Send TPS: N Max RT(ms): N Average RT(ms): N Send
// Failed: N Response Failed: N" (max and average over that second, failures counted from the start).
// At the end a [Complete] line, the RT percentiles, and one JSON object.

import type { ClientOptions } from '../../client/client-config.js';
import { Message } from '../../client/message/message.js';
import { Producer } from '../../client/producer/producer.js';
import { rtFigures, rtLine } from './latency.js';
import { type BenchOutput, currentTime, f3, ms, randomAlphanumeric, statusText } from './output.js';
import { benchProducerOptions, LoopBenchmark, SendLoop, startBenchProducer } from './send-loop.js';

/** Java's async benchmark keeps at most this many sends queued. */
const MAX_LENGTH_ASYNC_QUEUE = 10_000;

export interface ProducerBenchOptions {
  namesrvAddr?: string | undefined;
  topic: string;
  threads: number;
  messageSize: number;
  keyEnable: boolean;
  propertySize: number;
  tagCount: number;
  /** Messages in all (0: no limit). */
  messageQuantity: number;
  delayEnable: boolean;
  delayLevel: number;
  asyncEnable: boolean;
  /** Create the topic with this many queues first (0: leave it to auto-creation, 4 queues). */
  queues: number;
  durationSec: number;
  client?: ClientOptions;
  msgTraceEnable?: boolean;
}

export const PRODUCER_DEFAULTS = {
  topic: 'BenchmarkTest',
  threads: 64,
  messageSize: 128,
  group: 'benchmark_producer',
} as const;

export interface ProducerBenchSummary {
  benchmark: 'producer';
  topic: string;
  threads: number;
  messageSize: number;
  async: boolean;
  queues: number | null;
  seconds: number;
  sent: number;
  sendFailed: number;
  responseFailed: number;
  tps: number;
  rtMs: { avg: number; p50: number; p99: number; p999: number; max: number };
  firstError?: string;
}

/** The properties Java's benchmark adds for -p: pairs prop<i>=hello<n>, prop<i+1>=<n> up to the size. */
export function benchmarkProperties(propertySize: number, startValue = Math.floor(Math.random() * 100)): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  let size = 0;
  for (let i = 0;; i += 2, startValue += 2) {
    const p1 = `prop${i}`, v1 = `hello${startValue}`, p2 = `prop${i + 1}`, v2 = String(startValue);
    out.push([p1, v1], [p2, v2]);
    size += p1.length + p2.length + v1.length + v2.length;
    if (size > propertySize) return out;
  }
}

export class ProducerBenchmark extends LoopBenchmark {
  constructor(private readonly o: ProducerBenchOptions, private readonly out: BenchOutput) {
    super();
  }

  async run(): Promise<ProducerBenchSummary> {
    const o = this.o;
    const threads = o.asyncEnable ? 1 : o.threads;
    this.out.line(
      `topic: ${o.topic} threadCount: ${threads} messageSize: ${o.messageSize} keyEnable: ${o.keyEnable} propertySize: ${o.propertySize} tagCount: ${o.tagCount} traceEnable: ${
        o.msgTraceEnable ?? false
      } aclEnable: false messageQuantity: ${o.messageQuantity}`,
    );
    this.out.line(`delayEnable: ${o.delayEnable} delayLevel: ${o.delayLevel}`);
    this.out.line(`asyncEnable: ${o.asyncEnable}`);
    const producer = new Producer(benchProducerOptions(PRODUCER_DEFAULTS.group, o));
    await startBenchProducer(producer, o, this.out);
    try {
      const body = randomAlphanumeric(o.messageSize);
      const props = o.propertySize > 0 ? benchmarkProperties(o.propertySize) : [];
      const build = (): Message => {
        const msg = new Message(o.topic, body);
        if (o.keyEnable) msg.keys = String(Math.floor(Date.now() / 1000));
        if (o.delayEnable) msg.delayTimeLevel = o.delayLevel;
        if (o.tagCount > 0) msg.tags = `tag${Date.now() % o.tagCount}`;
        for (const [k, v] of props) msg.putUserProperty(k, v);
        return msg;
      };
      const loop = new SendLoop({
        threads,
        quantity: o.messageQuantity,
        durationSec: o.durationSec,
        ...(o.asyncEnable ? { asyncInFlight: MAX_LENGTH_ASYNC_QUEUE } : {}),
        send: () => (o.asyncEnable ? producer.sendAsync(build()) : producer.send(build())).then(() => 1),
        onSecond: (s, f, elapsed, tick) => {
          this.out.line(
            `Current Time: ${currentTime()} Send TPS: ${Math.round(f.ok / f.seconds)} Max RT(ms): ${f.maxRtMs.toFixed(3)} Average RT(ms): ${
              f3(f.avgRtMs)
            } Send Failed: ${s.sendFailed} Response Failed: ${s.responseFailed}`,
          );
          this.out.status(
            statusText(
              'producer',
              tick,
              elapsed,
              o.durationSec,
              `${s.ok.toLocaleString('en-US')} sent, ${Math.round(f.ok / f.seconds).toLocaleString('en-US')}/s`,
            ),
          );
        },
      });
      const seconds = await this.runLoop(loop);
      const s = loop.stats;
      const rt = s.rtSummary();
      const summary: ProducerBenchSummary = {
        benchmark: 'producer',
        topic: o.topic,
        threads,
        messageSize: o.messageSize,
        async: o.asyncEnable,
        queues: o.queues > 0 ? o.queues : null,
        seconds: ms(seconds),
        sent: s.ok,
        sendFailed: s.sendFailed,
        responseFailed: s.responseFailed,
        tps: Math.round(s.ok / seconds),
        rtMs: rtFigures(rt),
        ...(s.firstError ? { firstError: s.firstError } : {}),
      };
      this.out.line(
        `[Complete] Send Total: ${s.ok + s.failed} Send TPS: ${summary.tps} Max RT(ms): ${rt.max.toFixed(3)} Average RT(ms): ${
          f3(rt.avg)
        } Send Failed: ${s.sendFailed} Response Failed: ${s.responseFailed}`,
      );
      this.out.line(rtLine(rt));
      return summary;
    } finally {
      await producer.shutdown();
    }
  }
}
