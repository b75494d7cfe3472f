// What the benchmarks print, and when: one line a second on stdout (RocketMQ's benchmark wording),
// a summary at the end whose last line is one JSON object, and on a terminal a single status line
// on stderr that is redrawn in place (never when piped, so scripts read plain lines).

import { timeMillisToHumanString2 } from '../../common/time-format.js';
import { round } from './latency.js';

/** Where a benchmark's lines go. */
export interface BenchOutput {
  /** A line for stdout: a per-second figure or part of the summary. */
  line(text: string): void;
  /** The transient status (elapsed time, count so far); shown only on a terminal. */
  status(text: string): void;
}

/** Lines to stdout; the status line on stderr when it is a terminal and `interactive` allows. */
export function consoleOutput(interactive: boolean, quiet = false): BenchOutput & { end(): void } {
  const tty = interactive && Boolean(process.stderr.isTTY) && !process.env.CI;
  let shown = false;
  const clear = () => {
    if (shown) process.stderr.write('\r\x1b[K');
    shown = false;
  };
  return {
    line(text) {
      if (quiet) return;
      clear();
      process.stdout.write(text + '\n');
    },
    status(text) {
      if (!tty) return;
      process.stderr.write(`\r\x1b[K${text}`);
      shown = true;
    },
    end: clear,
  };
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** "⠋ producer 12 s of 30: 567,890 sent, 47,673/s" */
export function statusText(tool: string, tick: number, elapsedSec: number, durationSec: number, what: string): string {
  const of = durationSec > 0 ? ` of ${durationSec}` : '';
  return `${SPINNER[tick % SPINNER.length]} ${tool} ${Math.round(elapsedSec)} s${of}: ${what}`;
}

/** Java's UtilAll.timeMillisToHumanString2 of now, as RocketMQ's producer benchmark prints it. */
export function currentTime(): string {
  return timeMillisToHumanString2(Date.now());
}

/** %7.3f */
export function f3(n: number): string {
  return n.toFixed(3).padStart(7, ' ');
}

/** Milliseconds rounded for JSON. */
export function ms(n: number): number {
  return round(n, 3);
}

/**
 * Calls `tick` once a second (on the second since start, not drifting), until stopped. The timer
 * does not keep the process alive by itself.
 */
export class Ticker {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private n = 0;
  private readonly started = performance.now();

  constructor(private readonly tick: (n: number) => void) {}

  start(): void {
    const next = () => {
      this.n++;
      const due = this.started + this.n * 1000;
      this.timer = setTimeout(() => {
        this.tick(this.n);
        if (this.timer) next();
      }, Math.max(0, due - performance.now()));
      this.timer.unref?.();
    };
    next();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

/**
 * Fetches the topic's route once before the run, so an unreachable name server is one error line
 * instead of a run of failures; a topic the name server does not know yet is fine (auto-creation).
 */
export async function checkNameServer(
  instance: { updateTopicRouteInfoFromNameServer(topic: string): Promise<boolean> },
  topic: string,
): Promise<void> {
  await instance.updateTopicRouteInfoFromNameServer(topic);
}

/** Resolves after `ms`, or at once when `cancelled()` turns true (checked every 100 ms). */
export async function sleepUnless(msec: number, cancelled: () => boolean): Promise<void> {
  const until = performance.now() + msec;
  while (!cancelled() && performance.now() < until) {
    await new Promise((r) => setTimeout(r, Math.min(100, until - performance.now())));
  }
}

/** A body of `size` random letters and digits, as RandomStringUtils.randomAlphanumeric makes it. */
export function randomAlphanumeric(size: number): Buffer {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const b = Buffer.allocUnsafe(size);
  for (let i = 0; i < size; i++) b[i] = chars.charCodeAt(Math.floor(Math.random() * chars.length));
  return b;
}
