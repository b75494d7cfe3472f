// The sending part of the producer, batch and transaction benchmarks: `threads` loops (Java's send
// threads) each sending one request after another, or with `asyncInFlight` one loop that keeps that
// many requests in flight (Java's async mode with its 10,000-task queue). Runs for `durationSec`,
// until `quantity` requests were made, or until stop(); reports once a second.

import type { ClientOptions } from '../../client/client-config.js';
import type { Producer } from '../../client/producer/producer.js';
import type { ProducerOptions } from '../../client/producer/producer-config.js';
import { MQClientError } from '../../common/errors.js';
import { SystemTopic } from '../../common/message/message-const.js';
import { type BenchOutput, checkNameServer, sleepUnless, Ticker } from './output.js';
import { type IntervalFigures, SendStats } from './send-stats.js';

/** Java's benchmarks wait this long after a network failure or a broker's error answer. */
const PAUSE_AFTER_FAILURE_MS = 3000;
/** How long a stopped run waits for requests still in flight. */
const STOP_GRACE_MS = 5000;

export interface SendLoopOptions {
  threads: number;
  /** Requests in all, shared among the loops; 0 for no limit. */
  quantity: number;
  /** Seconds to run; 0 to run until the quantity is reached or stop(). */
  durationSec: number;
  /** Pause between one loop's requests (ms). */
  intervalMs?: number;
  /** Requests kept in flight by a single loop instead of `threads` waiting loops (async sends). */
  asyncInFlight?: number;
  /** Messages one request carries (counted as failed when it fails). */
  messagesPerRequest?: number;
  /** Sends one request; resolves with the number of messages stored, rejects on failure. */
  send(): Promise<number>;
  /** Once a second, with the figures of that second. */
  onSecond(stats: SendStats, f: IntervalFigures, elapsedSec: number, tick: number): void;
}

export class SendLoop {
  readonly stats = new SendStats();
  private stopping = false;
  private readonly started = performance.now();
  private stopRequested: () => void = () => undefined;

  constructor(private readonly o: SendLoopOptions) {}

  get elapsedSec(): number {
    return (performance.now() - this.started) / 1000;
  }

  /** Ends the run: loops finish the request they are waiting for and stop. */
  stop(): void {
    this.stopping = true;
    this.stopRequested();
  }

  /** Runs to the end; resolves with the seconds it took. */
  async run(): Promise<number> {
    const o = this.o;
    const ticker = new Ticker((n) => o.onSecond(this.stats, this.stats.interval(), this.elapsedSec, n));
    ticker.start();
    const stopped = new Promise<void>((r) => (this.stopRequested = r));
    const timer = o.durationSec > 0 ? setTimeout(() => this.stop(), o.durationSec * 1000) : null;
    let grace: ReturnType<typeof setTimeout> | undefined;
    try {
      const loops = Promise.all(o.asyncInFlight ? [this.asyncLoop(o.asyncInFlight)] : this.shares().map((n) => this.loop(n)));
      // Loops stuck in a long send (a broker that stopped answering) do not hold the run up for
      // more than a few seconds after its end.
      await Promise.race([loops, stopped.then(() => Promise.race([loops, new Promise((r) => (grace = setTimeout(r, STOP_GRACE_MS)))]))]);
    } finally {
      if (timer) clearTimeout(timer);
      if (grace) clearTimeout(grace);
      ticker.stop();
      this.stopping = true;
    }
    return this.elapsedSec;
  }

  /** Java splits the quantity evenly, the remainder to the first thread; 0 means unlimited. */
  private shares(): number[] {
    const { threads, quantity } = this.o;
    if (quantity <= 0) return new Array<number>(threads).fill(0);
    const each = Math.floor(quantity / threads);
    const out = new Array<number>(threads).fill(each);
    out[0]! += quantity % threads;
    return out.filter((n) => n > 0);
  }

  private async once(): Promise<void> {
    const t0 = performance.now();
    try {
      const n = await this.o.send();
      this.stats.success(performance.now() - t0, n);
    } catch (err) {
      const pause = this.stats.failure(err, this.o.messagesPerRequest ?? 1) || !isClientError(err);
      if (pause) await sleepUnless(PAUSE_AFTER_FAILURE_MS, () => this.stopping);
    }
  }

  private async loop(limit: number): Promise<void> {
    for (let i = 0; !this.stopping && (limit === 0 || i < limit); i++) {
      await this.once();
      if (this.o.intervalMs) await sleepUnless(this.o.intervalMs, () => this.stopping);
    }
  }

  private async asyncLoop(maxInFlight: number): Promise<void> {
    const limit = this.o.quantity;
    let inFlight = 0;
    let wake: (() => void) | null = null;
    const all = new Set<Promise<void>>();
    for (let i = 0; !this.stopping && (limit === 0 || i < limit); i++) {
      while (inFlight >= maxInFlight && !this.stopping) await new Promise<void>((r) => (wake = r));
      if (this.stopping) break;
      inFlight++;
      const p: Promise<void> = this.once().finally(() => {
        inFlight--;
        all.delete(p);
        const w = wake;
        wake = null;
        w?.();
      });
      all.add(p);
      // Let answers in now and then, as a sending thread would be descheduled.
      if ((i & 255) === 255) await new Promise((r) => setImmediate(r));
    }
    await Promise.all(all);
  }
}

/** MQClientError (a local refusal, or retries used up) is not a reason to pause, as in Java; network errors are. */
function isClientError(err: unknown): boolean {
  return err instanceof MQClientError;
}

/** A benchmark built on a SendLoop: stop() reaches the loop whenever it is called. */
export abstract class LoopBenchmark {
  private loop: SendLoop | null = null;
  private stopped = false;

  stop(): void {
    this.stopped = true;
    this.loop?.stop();
  }

  /** Runs `loop` to its end; resolves with the seconds it took. */
  protected runLoop(loop: SendLoop): Promise<number> {
    this.loop = loop;
    if (this.stopped) loop.stop();
    return loop.run();
  }
}

/** What the producing benchmarks share: where to connect, which topic, and how to sign. */
export interface BenchProducerTarget {
  namesrvAddr?: string | undefined;
  topic: string;
  /** Create the topic with this many queues first (0: leave it to auto-creation). */
  queues?: number;
  client?: ClientOptions;
  /** Write message traces (-m). */
  msgTraceEnable?: boolean;
}

/** Producer settings of Java's benchmarks: ROCKETMQ headers, an instance of its own, no compression. */
export function benchProducerOptions(group: string, o: BenchProducerTarget): ProducerOptions {
  return {
    serializeType: 'ROCKETMQ',
    ...o.client,
    producerGroup: group,
    instanceName: String(Date.now()),
    compressMsgBodyOverHowmuch: Number.MAX_SAFE_INTEGER,
    enableMsgTrace: o.msgTraceEnable ?? false,
    ...(o.namesrvAddr !== undefined ? { namesrvAddr: o.namesrvAddr } : {}),
  };
}

/** Starts `producer`, checks the name server answers and creates the topic when asked; shuts it down on failure. */
export async function startBenchProducer(producer: Producer, o: BenchProducerTarget, out: BenchOutput): Promise<void> {
  await producer.start();
  try {
    await checkNameServer(producer.instance, o.topic);
    if (o.queues) {
      await producer.createTopic(SystemTopic.AUTO_CREATE_TOPIC_KEY, o.topic, o.queues);
      out.line(`topic ${o.topic} created with ${o.queues} queues`);
    }
  } catch (err) {
    await producer.shutdown();
    throw err;
  }
}
