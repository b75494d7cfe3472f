// Send statistics shared by the producer, batch and transaction benchmarks: counts, failures by
// kind (Java's "Send Failed" is a client or network failure, "Response Failed" a broker's error
// answer), response times over the whole run and per reporting interval.

import { MQBrokerError } from '../../remoting/errors.js';
import { LatencyHistogram, type LatencySummary } from './latency.js';

export interface IntervalFigures {
  seconds: number;
  /** Requests that succeeded in the interval. */
  ok: number;
  /** Messages those requests carried (batches carry several). */
  messages: number;
  avgRtMs: number;
  maxRtMs: number;
}

export class SendStats {
  /** Requests that succeeded, and the messages they carried. */
  ok = 0;
  messages = 0;
  sendFailed = 0;
  responseFailed = 0;
  /** Messages of failed requests. */
  messagesFailed = 0;
  readonly rt = new LatencyHistogram();
  firstError: string | undefined;
  private intervalStart = performance.now();
  private intervalOk = 0;
  private intervalMessages = 0;
  private intervalRtSum = 0;
  private intervalMax = 0;

  success(rtMs: number, messages = 1): void {
    this.ok++;
    this.messages += messages;
    this.rt.record(rtMs);
    this.intervalOk++;
    this.intervalMessages += messages;
    this.intervalRtSum += rtMs;
    if (rtMs > this.intervalMax) this.intervalMax = rtMs;
  }

  /** Counts a failed request; true when it was the broker's answer (Java sleeps after those and after network errors). */
  failure(err: unknown, messages = 1): boolean {
    this.messagesFailed += messages;
    this.firstError ??= err instanceof Error ? err.message : String(err);
    if (err instanceof MQBrokerError) {
      this.responseFailed++;
      return true;
    }
    this.sendFailed++;
    return false;
  }

  get failed(): number {
    return this.sendFailed + this.responseFailed;
  }

  /** The figures since the previous call. */
  interval(): IntervalFigures {
    const now = performance.now();
    const f: IntervalFigures = {
      seconds: (now - this.intervalStart) / 1000,
      ok: this.intervalOk,
      messages: this.intervalMessages,
      avgRtMs: this.intervalOk === 0 ? 0 : this.intervalRtSum / this.intervalOk,
      maxRtMs: this.intervalMax,
    };
    this.intervalStart = now;
    this.intervalOk = 0;
    this.intervalMessages = 0;
    this.intervalRtSum = 0;
    this.intervalMax = 0;
    return f;
  }

  rtSummary(): LatencySummary {
    return this.rt.summary();
  }
}
