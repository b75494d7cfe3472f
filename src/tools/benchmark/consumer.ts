// `mq tools benchmark consumer`: RocketMQ's benchmark Consumer. A push consumer (`threads` listener
// calls in flight) records, for every message, the time from its birth on the producer (B2C) and
// from its storing on the broker (S2C) to its consumption. Each second: "Current Time: ... Consume
// TPS: N Consume Failed: N Average(B2C) RT(ms): N Average(S2C) RT(ms): N MAX(B2C) RT(ms): N
// MAX(S2C) RT(ms): N" (the maximums of that second). `failRate` of the messages are answered
// RECONSUME_LATER. At the end a [Complete] line, B2C percentiles and one JSON object.

import fs from 'node:fs';
import type { ClientOptions } from '../../client/client-config.js';
import { ConsumeConcurrentlyStatus } from '../../client/consumer/listener.js';
import { PushConsumer } from '../../client/consumer/push-consumer.js';
import { ConsumeFromWhere } from '../../remoting/protocol/consumer-types.js';
import { LatencyHistogram } from './latency.js';
import { type BenchOutput, checkNameServer, f3, ms, statusText, Ticker } from './output.js';

export interface ConsumerBenchOptions {
  namesrvAddr?: string | undefined;
  topic: string;
  threads: number;
  group: string;
  /** Java's -p: append _<millis % 100> to the group. */
  groupSuffix: boolean;
  filterType?: 'TAG' | 'SQL92' | undefined;
  /** The subscription expression, or (with a filter type, as Java) a file holding it. */
  expression?: string | undefined;
  failRate: number;
  from: 'first' | 'last';
  durationSec: number;
  client?: ClientOptions;
  /** Write message traces (-m). */
  msgTraceEnable?: boolean;
}

export const CONSUMER_DEFAULTS = { topic: 'BenchmarkTest', threads: 20, group: 'benchmark_consumer' } as const;

export interface ConsumerBenchSummary {
  benchmark: 'consumer';
  topic: string;
  group: string;
  expression: string;
  seconds: number;
  consumed: number;
  failed: number;
  tps: number;
  b2cMs: { avg: number; p50: number; p99: number; max: number };
  s2cMs: { avg: number; max: number };
}

export class ConsumerBenchmark {
  private consumed = 0;
  private failed = 0;
  private b2cSum = 0;
  private s2cSum = 0;
  private b2cMax = 0;
  private s2cMax = 0;
  private readonly b2c = new LatencyHistogram();
  private s2cMaxAll = 0;
  private s2cAll = 0;
  private stopRequested: () => void = () => undefined;
  private readonly stopped = new Promise<void>((r) => (this.stopRequested = r));

  constructor(private readonly o: ConsumerBenchOptions, private readonly out: BenchOutput) {}

  stop(): void {
    this.stopRequested();
  }

  /** The subscription: "*", the expression, or with a filter type the content of the file it names (Java's -e). */
  private expression(): string {
    const e = this.o.expression;
    if (e === undefined || e === '') return '*';
    if (this.o.filterType && fs.existsSync(e) && fs.statSync(e).isFile()) return fs.readFileSync(e, 'utf8').trim();
    return e;
  }

  async run(): Promise<ConsumerBenchSummary> {
    const o = this.o;
    const group = o.groupSuffix ? `${o.group}_${Date.now() % 100}` : o.group;
    const expression = this.expression();
    this.out.line(
      `topic: ${o.topic}, threadCount ${o.threads}, group: ${group}, suffix: ${o.groupSuffix}, filterType: ${
        o.filterType ?? null
      }, expression: ${o.expression ?? null}, msgTraceEnable: ${o.msgTraceEnable ?? false}, aclEnable: false`,
    );
    if (o.filterType && expression !== o.expression) this.out.line(`Expression: ${expression}`);
    const consumer = new PushConsumer({
      serializeType: 'ROCKETMQ',
      ...o.client,
      consumerGroup: group,
      instanceName: String(Date.now()),
      consumeThreadMin: o.threads,
      consumeThreadMax: o.threads,
      enableMsgTrace: o.msgTraceEnable ?? false,
      consumeFromWhere: o.from === 'first' ? ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET : ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET,
      ...(o.namesrvAddr !== undefined ? { namesrvAddr: o.namesrvAddr } : {}),
    });
    consumer.subscribe(o.topic, expression, o.filterType === 'SQL92' ? 'SQL92' : 'TAG');
    consumer.registerMessageListener((msgs) => {
      const now = Date.now();
      for (const m of msgs) {
        const b2c = now - m.bornTimestamp;
        const s2c = now - m.storeTimestamp;
        this.consumed++;
        this.b2cSum += b2c;
        this.s2cSum += s2c;
        this.s2cAll += s2c;
        if (b2c > this.b2cMax) this.b2cMax = b2c;
        if (s2c > this.s2cMax) this.s2cMax = s2c;
        if (s2c > this.s2cMaxAll) this.s2cMaxAll = s2c;
        this.b2c.record(b2c);
      }
      if (o.failRate > 0 && Math.random() < o.failRate) {
        this.failed += msgs.length;
        return ConsumeConcurrentlyStatus.RECONSUME_LATER;
      }
      return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
    });
    const t0 = performance.now();
    let last = { t: t0, consumed: 0, failed: 0, b2c: 0, s2c: 0 };
    const ticker = new Ticker((tick) => {
      const now = { t: performance.now(), consumed: this.consumed, failed: this.failed, b2c: this.b2cSum, s2c: this.s2cSum };
      const n = now.consumed - last.consumed;
      const tps = Math.round((n * 1000) / (now.t - last.t));
      const avgB2C = n === 0 ? 0 : (now.b2c - last.b2c) / n;
      const avgS2C = n === 0 ? 0 : (now.s2c - last.s2c) / n;
      this.out.line(
        `Current Time: ${Date.now()} Consume TPS: ${tps} Consume Failed: ${now.failed - last.failed} Average(B2C) RT(ms): ${
          f3(avgB2C)
        } Average(S2C) RT(ms): ${f3(avgS2C)} MAX(B2C) RT(ms): ${this.b2cMax} MAX(S2C) RT(ms): ${this.s2cMax}`,
      );
      this.b2cMax = 0;
      this.s2cMax = 0;
      last = now;
      this.out.status(
        statusText(
          'consumer',
          tick,
          (now.t - t0) / 1000,
          o.durationSec,
          `${this.consumed.toLocaleString('en-US')} consumed, ${tps.toLocaleString('en-US')}/s`,
        ),
      );
    });
    await consumer.start();
    let timer: ReturnType<typeof setTimeout> | null = null;
    try {
      await checkNameServer(consumer.instance, o.topic);
      this.out.line('Consumer Started.');
      ticker.start();
      timer = o.durationSec > 0 ? setTimeout(() => this.stop(), o.durationSec * 1000) : null;
      await this.stopped;
    } finally {
      if (timer) clearTimeout(timer);
      ticker.stop();
      await consumer.shutdown();
    }
    const seconds = (performance.now() - t0) / 1000;
    const b = this.b2c.summary();
    const summary: ConsumerBenchSummary = {
      benchmark: 'consumer',
      topic: o.topic,
      group,
      expression,
      seconds: ms(seconds),
      consumed: this.consumed,
      failed: this.failed,
      tps: Math.round(this.consumed / seconds),
      b2cMs: { avg: ms(b.avg), p50: ms(b.p50), p99: ms(b.p99), max: ms(b.max) },
      s2cMs: { avg: ms(this.consumed === 0 ? 0 : this.s2cAll / this.consumed), max: this.s2cMaxAll },
    };
    this.out.line(
      `[Complete] Consume Total: ${this.consumed} Consume TPS: ${summary.tps} Consume Failed: ${this.failed} Average(B2C) RT(ms): ${
        f3(b.avg)
      } Average(S2C) RT(ms): ${f3(summary.s2cMs.avg)} MAX(B2C) RT(ms): ${Math.round(b.max)} MAX(S2C) RT(ms): ${this.s2cMaxAll}`,
    );
    this.out.line(`B2C RT(ms) p50: ${b.p50.toFixed(3)} p99: ${b.p99.toFixed(3)} max: ${b.max.toFixed(3)}`);
    return summary;
  }
}
