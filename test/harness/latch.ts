// Synchronisation for tests without sleeps: a count-down latch, polling with a deadline, and a
// line collector that lets a test wait for a given line of a child's output.

import type { Readable } from 'node:stream';

/** Resolves `wait()` once `countDown()` has been called `count` times. */
export class Latch {
  private remaining: number;
  private readonly waiters: Array<() => void> = [];

  constructor(count = 1) {
    this.remaining = count;
  }

  get count(): number {
    return this.remaining;
  }

  countDown(): void {
    if (this.remaining === 0) return;
    this.remaining--;
    if (this.remaining === 0) { for (const w of this.waiters.splice(0)) w(); }
  }

  /** Rejects after `timeoutMs` with `what` in the message. */
  wait(timeoutMs = 10_000, what = 'latch'): Promise<void> {
    if (this.remaining === 0) return Promise.resolve();
    return withTimeout(new Promise<void>((resolve) => this.waiters.push(resolve)), timeoutMs, `${what} (${this.remaining} left)`);
  }
}

export function withTimeout<T>(p: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function pollUntil<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  timeoutMs = 10_000,
  intervalMs = 20,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Collects the lines of a stream and lets callers wait for one that matches. */
export class LineCollector {
  readonly lines: string[] = [];
  private partial = '';
  private ended = false;
  private readonly watchers: Array<{ re: RegExp; resolve: (m: RegExpMatchArray) => void; reject: (e: Error) => void }> = [];

  constructor(stream: Readable | null, private readonly name = 'output') {
    if (!stream) return;
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => this.push(chunk));
    stream.on('end', () => this.end());
    stream.on('close', () => this.end());
  }

  private push(chunk: string): void {
    const parts = (this.partial + chunk).split('\n');
    this.partial = parts.pop() ?? '';
    for (const line of parts) this.add(line.replace(/\r$/, ''));
  }

  private add(line: string): void {
    this.lines.push(line);
    for (let i = this.watchers.length - 1; i >= 0; i--) {
      const w = this.watchers[i]!;
      const m = line.match(w.re);
      if (m) {
        this.watchers.splice(i, 1);
        w.resolve(m);
      }
    }
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    if (this.partial) this.add(this.partial);
    this.partial = '';
    for (const w of this.watchers.splice(0)) w.reject(new Error(`${this.name} ended before a line matched ${w.re}`));
  }

  get text(): string {
    return this.lines.join('\n') + (this.partial ? '\n' + this.partial : '');
  }

  /** The first line (already seen or still to come) matching `re`. */
  waitFor(re: RegExp, timeoutMs = 10_000): Promise<RegExpMatchArray> {
    for (const line of this.lines) {
      const m = line.match(re);
      if (m) return Promise.resolve(m);
    }
    if (this.ended) return Promise.reject(new Error(`${this.name} ended before a line matched ${re}`));
    const p = new Promise<RegExpMatchArray>((resolve, reject) => this.watchers.push({ re, resolve, reject }));
    return withTimeout(p, timeoutMs, `a line of ${this.name} matching ${re}`);
  }
}
