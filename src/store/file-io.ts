// Promise wrappers over the callback fs API (the fastest path on all three runtimes): positioned
// reads and writes that loop over short transfers, preallocation and directory listing.

import fs from 'node:fs';
import path from 'node:path';
import { fdatasync } from '../common/runtime.js';
import { StoreCorruptError } from './errors.js';

export { fdatasync };

/** Read-write, created when missing, never truncated and never in append mode (positions matter). */
export const OPEN_RW_CREATE = fs.constants.O_RDWR | fs.constants.O_CREAT;

export function openFile(path: string, flags: string | number): Promise<number> {
  return new Promise((resolve, reject) => fs.open(path, flags, 0o644, (err, fd) => (err ? reject(err) : resolve(fd))));
}

export function closeFile(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fs.close(fd, (err) => (err ? reject(err) : resolve())));
}

export function ftruncate(fd: number, len: number): Promise<void> {
  return new Promise((resolve, reject) => fs.ftruncate(fd, len, (err) => (err ? reject(err) : resolve())));
}

function writeOnce(fd: number, buf: Uint8Array, off: number, len: number, pos: number): Promise<number> {
  return new Promise((resolve, reject) => fs.write(fd, buf, off, len, pos, (err, n) => (err ? reject(err) : resolve(n))));
}

function readOnce(fd: number, buf: Uint8Array, off: number, len: number, pos: number): Promise<number> {
  return new Promise((resolve, reject) => fs.read(fd, buf, off, len, pos, (err, n) => (err ? reject(err) : resolve(n))));
}

/**
 * Small writes go to the page cache straight from the event loop: a handful of kilobytes copy in
 * microseconds, while a trip through the thread pool costs several futex and eventfd calls and a
 * turn of the loop (about 2 us of CPU per 128-byte message in bench:e2e). Worse, handing work to
 * the pool signals a condition variable, and glibc's pthread_cond_signal can wait until a pool
 * thread gets a CPU: on a busy machine that held the event loop for 20-190 ms at a time. A write
 * into the page cache can still stall when the kernel throttles dirty pages or commits its journal;
 * one that takes longer than SLOW_SYNC_MS sends the writes of the next BACKOFF_MS to the thread
 * pool, so a slow disk never holds the loop twice in a row.
 */
const SYNC_WRITE_MAX = 64 * 1024;
const SLOW_SYNC_MS = 2;
const BACKOFF_MS = 1000;
let syncWritesFrom = 0;

/** Writes buf[off, off+len) at `pos` synchronously when small and the disk is keeping up; false when the caller must write asynchronously. */
export function pwriteSmallSync(fd: number, buf: Uint8Array, off: number, len: number, pos: number): boolean {
  if (len > SYNC_WRITE_MAX || fd < 0) return false;
  const t0 = performance.now();
  if (t0 < syncWritesFrom) return false;
  while (len > 0) {
    const n = fs.writeSync(fd, buf, off, len, pos);
    off += n;
    pos += n;
    len -= n;
  }
  const t1 = performance.now();
  if (t1 - t0 > SLOW_SYNC_MS) syncWritesFrom = t1 + BACKOFF_MS;
  return true;
}

/** Writes all of buf[off, off+len) at file position `pos` (a small write completes before this returns). */
export async function pwriteAll(fd: number, buf: Uint8Array, off: number, len: number, pos: number): Promise<void> {
  if (pwriteSmallSync(fd, buf, off, len, pos)) return;
  while (len > 0) {
    const n = await writeOnce(fd, buf, off, len, pos);
    off += n;
    pos += n;
    len -= n;
  }
}

/** Reads up to `len` bytes at `pos` into buf[off...]; returns how many were read (short at end of file). */
export async function preadAll(fd: number, buf: Uint8Array, off: number, len: number, pos: number): Promise<number> {
  let total = 0;
  while (total < len) {
    const n = await readOnce(fd, buf, off + total, len - total, pos + total);
    if (n === 0) break;
    total += n;
  }
  return total;
}

/** Store files being created carry this suffix until they have their full size. */
const PREALLOCATING = '.preallocating';

function linkFile(from: string, to: string): Promise<void> {
  return new Promise((resolve, reject) => fs.link(from, to, (err) => (err ? reject(err) : resolve())));
}

/**
 * Creates (or opens) `path` read-write and sets its length to `size`, so a scan finds zeros past the
 * data. A new file is made under a temporary name and linked into place once it has its full size:
 * a crash in between must not leave a short file, which the next start would refuse.
 */
export async function createPreallocated(path: string, size: number): Promise<number> {
  const tmp = path + PREALLOCATING;
  let fd = await openFile(tmp, OPEN_RW_CREATE);
  try {
    await ftruncate(fd, size);
    try {
      await linkFile(tmp, path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      // It exists already: keep its contents and give it the size, as opening it directly would.
      await closeFile(fd);
      fd = -1;
      fd = await openFile(path, OPEN_RW_CREATE);
      await ftruncate(fd, size);
    }
  } catch (err) {
    if (fd >= 0) await closeFile(fd).catch(() => undefined);
    await unlinkFile(tmp).catch(() => undefined);
    throw err;
  }
  await unlinkFile(tmp);
  return fd;
}

/** createPreallocated without keeping the file open. */
export async function createSized(path: string, size: number): Promise<void> {
  await closeFile(await createPreallocated(path, size));
}

export function unlinkFile(path: string): Promise<void> {
  return new Promise((resolve, reject) => fs.unlink(path, (err) => (err && err.code !== 'ENOENT' ? reject(err) : resolve())));
}

export function renameFile(from: string, to: string): Promise<void> {
  return new Promise((resolve, reject) => fs.rename(from, to, (err) => (err ? reject(err) : resolve())));
}

export function fileSize(path: string): Promise<number> {
  return new Promise((resolve, reject) => fs.stat(path, (err, st) => (err ? reject(err) : resolve(st.size))));
}

export function fileMtime(path: string): Promise<number> {
  return new Promise((resolve, reject) => fs.stat(path, (err, st) => (err ? reject(err) : resolve(st.mtimeMs))));
}

export function mkdirp(path: string): Promise<void> {
  return new Promise((resolve, reject) => fs.mkdir(path, { recursive: true }, (err) => (err ? reject(err) : resolve())));
}

/** Names in a directory; empty when it does not exist. */
export function listDir(path: string): Promise<string[]> {
  return new Promise((resolve, reject) =>
    fs.readdir(path, (err, names) => {
      if (err) return err.code === 'ENOENT' ? resolve([]) : reject(err);
      resolve(names);
    })
  );
}

export function removeTree(path: string): Promise<void> {
  return new Promise((resolve, reject) => fs.rm(path, { recursive: true, force: true }, (err) => (err ? reject(err) : resolve())));
}

export function exists(path: string): Promise<boolean> {
  return new Promise((resolve) => fs.access(path, (err) => resolve(!err)));
}

/** 20-digit zero-padded offset: the name of commit-log segments and consume-queue files. */
export function offsetFileName(offset: number): string {
  return String(offset).padStart(20, '0');
}

/** Zero bytes for clearing file ranges. */
export const ZEROS = Buffer.alloc(64 * 1024);

/** A full disk (or quota): writes may succeed again once space returns. */
export function isNoSpace(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT';
}

/** Writes zeros over [pos, pos+len). */
export async function zeroRange(fd: number, pos: number, len: number): Promise<void> {
  while (len > 0) {
    const n = Math.min(len, ZEROS.length);
    await pwriteAll(fd, ZEROS, 0, n, pos);
    pos += n;
    len -= n;
  }
}

/**
 * The files of `dir` whose names match `pattern`, sorted by name, as full paths; every one must be
 * `size` bytes long (the store cannot use a file of another geometry). `what` names the setting.
 */
export async function listStoreFiles(dir: string, pattern: RegExp, size: number, what: string): Promise<string[]> {
  const all = await listDir(dir);
  // Left by a crash while a file was being created; it never held data.
  for (const n of all) if (n.endsWith(PREALLOCATING)) await unlinkFile(path.join(dir, n));
  const names = all.filter((n) => pattern.test(n)).sort();
  const files = names.map((n) => path.join(dir, n));
  for (const file of files) {
    const actual = await fileSize(file);
    if (actual !== size) throw new StoreCorruptError(`${file} is ${actual} bytes, but ${what} makes ${size}; fix the setting or the file`);
  }
  return files;
}
