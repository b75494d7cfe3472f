// One log file that rolls daily and by size, as RocketMQ's logback appenders roll broker.log and
// friends: the live file keeps its name (broker.log); a rolled one moves to otherdays/ as
// <name>.<yyyy-MM-dd>.<n>.log (the day its lines were written, n from 1 within the day), and only
// the newest `maxFiles` rolled files of each name are kept.
//
// Writes never wait on the disk from the event loop: lines are queued and written in batches by
// the thread pool (on Deno through the runtime seam's positioned writer, since Deno's node:fs
// writes on the calling thread). While a disk stalls, at most MAX_PENDING bytes queue up; later lines
// are counted and dropped, and the count is written once the disk catches up.

import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { openPositionedWriter, type PositionedWriter } from './runtime.js';

/** Bytes of log lines a stalled disk may leave queued before lines are dropped. */
const MAX_PENDING = 8 * 1024 * 1024;
/** Characters joined into one write. */
const BATCH_CHARS = 256 * 1024;

export interface RollingOptions {
  /** Roll when the live file would grow past this many bytes. */
  maxBytes: number;
  /** Rolled files kept per log name. */
  maxFiles: number;
}

function localDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function nextMidnight(ms: number): number {
  const d = new Date(ms);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1).getTime();
}

function write(fd: number, buf: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const step = (off: number) =>
      fs.write(fd, buf, off, buf.length - off, null, (err, n) => {
        if (err) reject(err);
        else if (off + n < buf.length) step(off + n);
        else resolve();
      });
    step(0);
  });
}

export class RollingLogFile {
  private fd = -1;
  private writer: PositionedWriter | null = null;
  private size = 0;
  /** The day the live file's lines belong to, and when the next day starts. */
  private day = '';
  private rollAt = 0;
  private pending: string[] = [];
  private pendingBytes = 0;
  private dropped = 0;
  private pump: Promise<void> | null = null;
  private failed = false;
  /** A line stamped after midnight arrived: roll before writing it (the clock of the caller decides). */
  private rollDue = false;
  /** The time of the newest line queued. */
  private lastNow = 0;
  /** Deno's writer, once opened (null where node:fs writes already leave the event loop). */
  private readonly ready: Promise<void>;

  /** Opens (creating) `file` at once, so a directory that cannot hold logs is reported at start-up. */
  constructor(
    readonly file: string,
    private readonly opts: RollingOptions,
    now = Date.now(),
    private readonly onError: (msg: string) => void = (m) => process.stderr.write(m + '\n'),
  ) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.fd = fs.openSync(file, 'a');
    const st = fs.fstatSync(this.fd);
    this.size = st.size;
    // Lines already there were written on the day of the last change.
    this.day = localDay(st.size > 0 ? st.mtimeMs : now);
    this.rollAt = nextMidnight(st.size > 0 ? st.mtimeMs : now);
    this.lastNow = now;
    this.rollDue = now >= this.rollAt;
    this.ready = openPositionedWriter(file).then((w) => {
      this.writer = w;
    });
  }

  /** Queues one line (without its newline). */
  append(line: string, now = Date.now()): void {
    if (this.failed) return;
    if (this.pendingBytes > MAX_PENDING) {
      this.dropped++;
      return;
    }
    this.pending.push(line, '\n');
    this.pendingBytes += line.length + 1;
    this.lastNow = now;
    if (now >= this.rollAt) this.rollDue = true;
    this.kick();
  }

  private kick(): void {
    if (this.pump || this.failed) return;
    this.pump = this.drain().finally(() => {
      this.pump = null;
      if (this.pending.length > 0) this.kick();
    });
  }

  /** Resolves once every line queued so far is written. */
  async flush(): Promise<void> {
    while (this.pump) await this.pump;
  }

  private async drain(): Promise<void> {
    try {
      await this.ready;
      while (this.pending.length > 0) {
        const items = this.pending;
        this.pending = [];
        this.pendingBytes = 0;
        // At most BATCH_CHARS per write: joining and encoding a whole backlog at once would hold the loop.
        for (let i = 0; i < items.length;) {
          let j = i;
          for (let chars = 0; j < items.length && chars < BATCH_CHARS; j++) chars += items[j]!.length;
          let text = (i === 0 && j === items.length ? items : items.slice(i, j)).join('');
          i = j;
          if (this.dropped > 0) {
            text = `${this.dropped} log lines dropped: the disk fell behind\n` + text;
            this.dropped = 0;
          }
          const buf = Buffer.from(text, 'utf8');
          if (this.rollDue || (this.size > 0 && this.size + buf.length > this.opts.maxBytes)) await this.roll(this.lastNow);
          if (this.writer) await this.writer.write(buf, 0, buf.length, this.size);
          else await write(this.fd, buf);
          this.size += buf.length;
        }
      }
    } catch (err) {
      this.failed = true;
      this.pending = [];
      this.onError(`mq: cannot write ${this.file} (${(err as NodeJS.ErrnoException).code ?? String(err)}); logging to it stopped`);
    }
  }

  /** Moves the live file to otherdays/, starts a new one, and deletes the oldest rolled files. */
  private async roll(now: number): Promise<void> {
    const base = path.basename(this.file, '.log');
    const dir = path.join(path.dirname(this.file), 'otherdays');
    await fsp.mkdir(dir, { recursive: true });
    const rolled = await this.rolledFiles(dir, base);
    const sameDay = rolled.filter((r) => r.day === this.day).map((r) => r.n);
    const n = sameDay.length > 0 ? Math.max(...sameDay) + 1 : 1;
    if (this.size > 0) {
      await fsp.rename(this.file, path.join(dir, `${base}.${this.day}.${n}.log`));
      rolled.push({ name: `${base}.${this.day}.${n}.log`, day: this.day, n });
    }
    await this.writer?.close();
    const old = this.fd;
    this.fd = -1;
    fs.close(old, () => undefined);
    this.fd = await new Promise<number>((resolve, reject) => fs.open(this.file, 'a', (err, fd) => (err ? reject(err) : resolve(fd))));
    this.writer = await openPositionedWriter(this.file);
    this.size = await new Promise<number>((resolve, reject) => fs.fstat(this.fd, (err, st) => (err ? reject(err) : resolve(st.size))));
    this.day = localDay(now);
    this.rollAt = nextMidnight(now);
    this.rollDue = false;
    rolled.sort((a, b) => (a.day === b.day ? a.n - b.n : a.day < b.day ? -1 : 1));
    for (const old of rolled.slice(0, Math.max(0, rolled.length - this.opts.maxFiles))) {
      await fsp.rm(path.join(dir, old.name), { force: true });
    }
  }

  private async rolledFiles(dir: string, base: string): Promise<Array<{ name: string; day: string; n: number }>> {
    const re = new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(\\d{4}-\\d{2}-\\d{2})\\.(\\d+)\\.log$`);
    const out: Array<{ name: string; day: string; n: number }> = [];
    for (const name of await fsp.readdir(dir)) {
      const m = re.exec(name);
      if (m) out.push({ name, day: m[1]!, n: Number(m[2]) });
    }
    return out;
  }

  /** Writes what is queued synchronously and closes: for process exit, when nothing async runs any more. */
  closeSync(): void {
    if (this.fd < 0) return;
    try {
      if (this.pending.length > 0 && !this.failed) fs.writeSync(this.fd, this.pending.join(''));
      fs.closeSync(this.fd);
    } catch {
      // exiting anyway
    }
    this.pending = [];
    this.fd = -1;
  }
}
