// `mq tools benchmark batch`: RocketMQ's BatchProducer benchmark. `threads` senders each send
// batches of `batchSize` messages (one SEND_BATCH_MESSAGE per batch). Each second: "Current Time: ...
// Send TPS: N Send MPS: N Max RT(ms): N Average RT(ms): N Average Message RT(ms): N Send Failed: N
// Send Message Failed: N" (TPS counts batches, MPS messages). At the end a [Complete] line, the RT
// percentiles and one JSON object.

import type { ClientOptions } from '../../client/client-config.js';
import { Message } from '../../client/message/message.js';
import { Producer } from '../../client/producer/producer.js';
import { SendStatus } from '../../client/producer/send-result.js';
import { MQClientError } from '../../common/errors.js';
import { rtFigures, rtLine } from './latency.js';
import { type BenchOutput, currentTime, f3, ms, randomAlphanumeric, statusText } from './output.js';
import { benchProducerOptions, LoopBenchmark, SendLoop, startBenchProducer } from './send-loop.js';

export interface BatchBenchOptions {
  namesrvAddr?: string | undefined;
  topic: string;
  threads: number;
  messageSize: number;
  batchSize: number;
  keyEnable: boolean;
  propertySize: number;
  tagCount: number;
  queues: number;
  durationSec: number;
  client?: ClientOptions;
  msgTraceEnable?: boolean;
}

export const BATCH_DEFAULTS = {
  topic: 'BenchmarkTest',
  threads: 64,
  messageSize: 128,
  batchSize: 16,
  group: 'benchmark_batch_producer',
} as const;

export interface BatchBenchSummary {
  benchmark: 'batch';
  topic: string;
  threads: number;
  messageSize: number;
  batchSize: number;
  queues: number | null;
  seconds: number;
  batches: number;
  sent: number;
  sendFailed: number;
  messagesFailed: number;
  tps: number;
  mps: number;
  rtMs: { avg: number; p50: number; p99: number; p999: number; max: number };
  firstError?: string;
}

/** BatchProducer's -p: user properties prop<i>=hello<n> until their size passes `propertySize`. */
function batchProperties(propertySize: number): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  let start = Math.floor(Math.random() * 100);
  for (let i = 0, size = 0;; i++, start++) {
    const k = `prop${i}`, v = `hello${start}`;
    out.push([k, v]);
    size += k.length + v.length;
    if (size > propertySize) return out;
  }
}

export class BatchBenchmark extends LoopBenchmark {
  constructor(private readonly o: BatchBenchOptions, private readonly out: BenchOutput) {
    super();
  }

  async run(): Promise<BatchBenchSummary> {
    const o = this.o;
    this.out.line(
      `topic: ${o.topic} threadCount: ${o.threads} messageSize: ${o.messageSize} batchSize: ${o.batchSize} keyEnable: ${o.keyEnable} propertySize: ${o.propertySize} tagCount: ${o.tagCount} traceEnable: ${
        o.msgTraceEnable ?? false
      } aclEnable: false`,
    );
    const producer = new Producer(benchProducerOptions(BATCH_DEFAULTS.group, o));
    await startBenchProducer(producer, o, this.out);
    try {
      const body = randomAlphanumeric(o.messageSize);
      const props = o.propertySize > 0 ? batchProperties(o.propertySize) : [];
      const build = (tagStart: number): Message[] => {
        const keys = String(Math.floor(Date.now() / 1000));
        const msgs: Message[] = [];
        for (let i = 0; i < o.batchSize; i++) {
          const m = new Message(o.topic, body);
          if (o.keyEnable) m.keys = keys;
          if (o.tagCount > 0) m.tags = `tag${(tagStart + i) % o.tagCount}`;
          for (const [k, v] of props) m.putUserProperty(k, v);
          msgs.push(m);
        }
        return msgs;
      };
      const loop: SendLoop = new SendLoop({
        threads: o.threads,
        quantity: 0,
        durationSec: o.durationSec,
        messagesPerRequest: o.batchSize,
        send: async () => {
          const r = await producer.send(build(loop.stats.messages));
          if (r.sendStatus !== SendStatus.SEND_OK) throw new MQClientError(-1, `batch stored with ${r.sendStatus}`);
          return o.batchSize;
        },
        onSecond: (s, f, elapsed, tick) => {
          const avgMsg = f.messages === 0 ? 0 : (f.avgRtMs * f.ok) / f.messages;
          this.out.line(
            `Current Time: ${currentTime()} Send TPS: ${Math.round(f.ok / f.seconds)} Send MPS: ${
              Math.round(f.messages / f.seconds)
            } Max RT(ms): ${f.maxRtMs.toFixed(3)} Average RT(ms): ${f3(f.avgRtMs)} Average Message RT(ms): ${
              f3(avgMsg)
            } Send Failed: ${s.failed} Send Message Failed: ${s.messagesFailed}`,
          );
          this.out.status(
            statusText(
              'batch',
              tick,
              elapsed,
              o.durationSec,
              `${s.messages.toLocaleString('en-US')} messages sent, ${Math.round(f.messages / f.seconds).toLocaleString('en-US')}/s`,
            ),
          );
        },
      });
      const seconds = await this.runLoop(loop);
      const s = loop.stats;
      const rt = s.rtSummary();
      const summary: BatchBenchSummary = {
        benchmark: 'batch',
        topic: o.topic,
        threads: o.threads,
        messageSize: o.messageSize,
        batchSize: o.batchSize,
        queues: o.queues > 0 ? o.queues : null,
        seconds: ms(seconds),
        batches: s.ok,
        sent: s.messages,
        sendFailed: s.failed,
        messagesFailed: s.messagesFailed,
        tps: Math.round(s.ok / seconds),
        mps: Math.round(s.messages / seconds),
        rtMs: rtFigures(rt),
        ...(s.firstError ? { firstError: s.firstError } : {}),
      };
      this.out.line(
        `[Complete] Send Total: ${s.ok + s.failed} Send TPS: ${summary.tps} Send MPS: ${summary.mps} Max RT(ms): ${
          rt.max.toFixed(3)
        } Average RT(ms): ${f3(rt.avg)} Send Failed: ${s.failed} Send Message Failed: ${s.messagesFailed}`,
      );
      this.out.line(rtLine(rt));
      return summary;
    } finally {
      await producer.shutdown();
    }
  }
}
