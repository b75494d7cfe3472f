// Whether a directory can hold a store: it is (or can be made) a directory, on a real file system,
// where a file can be created, written and synced. Checked at start-up so that a bad path fails
// with one line instead of later: Node's recursive mkdir never returns for a path under /proc
// (it keeps retrying the parent), which left a broker spinning with no output.

import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../common/errors.js';

/** Linux file systems that hold no files of ours (statfs f_type). */
const PSEUDO_FS = new Map<number, string>([
  [0x9fa0, 'proc'],
  [0x62656572, 'sysfs'],
  [0x1cd1, 'devpts'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0x64626720, 'debugfs'],
  [0x73636673, 'securityfs'],
  [0x74726163, 'tracefs'],
  [0xcafe4a11, 'bpf'],
  [0x6165676c, 'pstore'],
  [0x62656570, 'configfs'],
  [0xde5e81e4, 'efivarfs'],
  [0x42494e4d, 'binfmt_misc'],
  [0x19800202, 'mqueue'],
  [0x65735543, 'fusectl'],
  [0xf97cff8c, 'selinuxfs'],
]);

const ALLOWED = 'a writable directory on a real file system';

function bad(key: string, value: string, why: string): ConfigError {
  return new ConfigError(`bad value for ${key}: ${JSON.stringify(value)} (expected ${ALLOWED}; ${why})`);
}

function pseudoFs(p: string): string | undefined {
  if (process.platform !== 'linux' || typeof fs.statfsSync !== 'function') return undefined;
  try {
    const type = Number(fs.statfsSync(p).type);
    return PSEUDO_FS.get(type >>> 0) ?? PSEUDO_FS.get(type);
  } catch {
    return undefined;
  }
}

function code(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? String(err);
}

/** The nearest existing ancestor of `dir` (itself included) and the components missing below it. */
function existingAncestor(key: string, value: string, dir: string): { base: string; missing: string[] } {
  const missing: string[] = [];
  let p = dir;
  for (;;) {
    let st: fs.Stats | undefined;
    try {
      st = fs.statSync(p);
    } catch (err) {
      if (code(err) !== 'ENOENT' && code(err) !== 'ENOTDIR') throw bad(key, value, `${p}: ${code(err)}`);
    }
    if (st) {
      if (!st.isDirectory()) throw bad(key, value, `${p} is not a directory`);
      return { base: p, missing };
    }
    const parent = path.dirname(p);
    if (parent === p) return { base: p, missing };
    missing.unshift(path.basename(p));
    p = parent;
  }
}

/** Fails unless `dir` could be created where it is; creates nothing (for files written later). `value` is the key's own value. */
export function checkDirectoryPlace(key: string, dir: string, value = dir): void {
  const { base } = existingAncestor(key, value, path.resolve(dir));
  const fsName = pseudoFs(base);
  if (fsName) throw bad(key, value, `${base} is on ${fsName}`);
}

/** Creates `dir` if needed and proves a file there can be written and synced; throws ConfigError naming `key`. */
export function ensureWritableDir(key: string, dir: string): void {
  const abs = path.resolve(dir);
  const { base, missing } = existingAncestor(key, dir, abs);
  const fsName = pseudoFs(base);
  if (fsName) throw bad(key, dir, `${base} is on ${fsName}`);
  let p = base;
  for (const part of missing) {
    p = path.join(p, part);
    try {
      fs.mkdirSync(p);
    } catch (err) {
      if (code(err) !== 'EEXIST') throw bad(key, dir, `cannot create ${p}: ${code(err)}`);
    }
  }
  const created = pseudoFs(abs);
  if (created) throw bad(key, dir, `it is on ${created}`);
  const probe = path.join(abs, `.mq-probe-${process.pid}`);
  let fd: number | undefined;
  try {
    fd = fs.openSync(probe, 'w');
    fs.writeSync(fd, 'mq');
    fs.fsyncSync(fd);
  } catch (err) {
    // A full disk is not a wrong path: the store opens read-only on it and takes writes once there is room.
    if (code(err) === 'ENOSPC' || code(err) === 'EDQUOT') return;
    throw bad(key, dir, `cannot write a file there: ${code(err)}`);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
    fs.rmSync(probe, { force: true });
  }
}
