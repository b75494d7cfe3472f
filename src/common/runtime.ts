// The runtime seam: everything that differs between Node.js, Bun and Deno lives here, so the
// rest of the code base uses plain `node:` built-ins and never asks which runtime it is on.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

declare const Deno: { execPath(): string; version: { deno: string } } | undefined;
declare const Bun: { version: string } | undefined;

export type RuntimeName = 'node' | 'bun' | 'deno';

export const runtimeName: RuntimeName = typeof Deno !== 'undefined' ? 'deno' : typeof Bun !== 'undefined' ? 'bun' : 'node';

export const runtimeVersion: string = runtimeName === 'deno'
  ? Deno!.version.deno
  : runtimeName === 'bun'
  ? Bun!.version
  : process.versions.node;

/** The package root (the folder holding package.json), found from this compiled file's location. */
export const packageRoot: string = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'bin'))) return dir;
    dir = path.dirname(dir);
  }
  return process.cwd();
})();

/**
 * argv that runs the `mq` CLI on the current runtime, for spawning servers as child processes.
 * Deno needs `run -A` to grant the same access Node and Bun have by default.
 */
export function mqCommand(): string[] {
  const bin = path.join(packageRoot, 'bin', 'run.js');
  if (runtimeName === 'deno') return [Deno!.execPath(), 'run', '-A', bin];
  return [process.execPath, bin];
}

/** argv that runs a compiled JS file on the current runtime (test children, benchmarks). */
export function scriptCommand(file: string): string[] {
  if (runtimeName === 'deno') return [Deno!.execPath(), 'run', '-A', file];
  return [process.execPath, file];
}

/** Durably writes a file descriptor's data (not its metadata) to disk. */
export function fdatasync(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fs.fdatasync(fd, (err) => (err ? reject(err) : resolve())));
}

/** Monotonic time in nanoseconds. */
export function nowNs(): bigint {
  return process.hrtime.bigint();
}

/** Monotonic time in milliseconds, with sub-millisecond precision. */
export function nowMs(): number {
  return performance.now();
}

/** Resident set size of this process in bytes. */
export function rssBytes(): number {
  return process.memoryUsage.rss ? process.memoryUsage.rss() : process.memoryUsage().rss;
}

/**
 * Runs `handler` once on SIGTERM or SIGINT. A second signal while the handler runs
 * exits at once, as an operator pressing Ctrl-C twice expects.
 */
export function onShutdownSignal(handler: (signal: string) => Promise<void> | void): void {
  let shuttingDown = false;
  const listener = (signal: NodeJS.Signals) => {
    if (shuttingDown) process.exit(130);
    shuttingDown = true;
    Promise.resolve()
      .then(() => handler(signal))
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };
  process.on('SIGTERM', listener);
  process.on('SIGINT', listener);
}

/** Whether stdout is an interactive terminal (spinners, colour) rather than a pipe. */
export function stdoutIsTTY(): boolean {
  return Boolean(process.stdout.isTTY);
}

/** Host name and pid, as the Java client folds them into client ids. */
export const pid: number = process.pid;

/** Positioned writes to one file, off the event-loop thread. */
export interface PositionedWriter {
  /** Writes all of buf[off, off+len) at file position `pos`. */
  write(buf: Uint8Array, off: number, len: number, pos: number): Promise<void>;
  close(): Promise<void>;
}

interface DenoFile {
  seek(offset: number, whence: number): Promise<number>;
  write(p: Uint8Array): Promise<number>;
  close(): void;
}

/**
 * A writer for `path` that keeps large writes off the event loop, or null where the node:fs
 * callback API already does (Node.js, Bun). Deno's node:fs performs writes on the calling thread,
 * so on Deno this uses Deno's own file API. The file must exist.
 */
export async function openPositionedWriter(path: string): Promise<PositionedWriter | null> {
  if (runtimeName !== 'deno') return null;
  const D = (globalThis as unknown as { Deno: { open(p: string, o: { read: boolean; write: boolean }): Promise<DenoFile> } }).Deno;
  const file = await D.open(path, { read: true, write: true });
  let chain: Promise<void> = Promise.resolve();
  return {
    // Seek and write must not interleave with another write: calls run one after another.
    write(buf, off, len, pos) {
      const run = chain.then(async () => {
        await file.seek(pos, 0);
        let done = 0;
        while (done < len) done += await file.write(buf.subarray(off + done, off + len));
      });
      chain = run.catch(() => undefined);
      return run;
    },
    async close() {
      await chain;
      file.close();
    },
  };
}

/** Writes `s` as UTF-8 into buf at `offset`, at most `maxLength` bytes (never half a character); returns the bytes written. */
export type Utf8Writer = (buf: Buffer, s: string, offset: number, maxLength: number) => number;

/** The documented way: Buffer#write with an explicit encoding. */
export const writeUtf8Portable: Utf8Writer = (buf, s, offset, maxLength) => buf.write(s, offset, maxLength, 'utf8');

type WithUtf8Write = Buffer & { utf8Write(s: string, offset: number, maxLength: number): number };

/**
 * The commit log's properties encoder. Node.js, Bun and Deno all give Buffer an undocumented
 * utf8Write that skips Buffer#write's argument parsing (on Bun it is several times faster); a
 * runtime without it gets the documented call.
 */
export const writeUtf8: Utf8Writer = typeof (Buffer.prototype as Partial<WithUtf8Write>).utf8Write === 'function'
  ? (buf, s, offset, maxLength) => (buf as WithUtf8Write).utf8Write(s, offset, maxLength)
  : writeUtf8Portable;
