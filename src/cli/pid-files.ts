// Pid files of servers started on this machine, so `mq <server> stop` can find them the way
// mqshutdown finds Java processes with ps. One file per server and port:
//   $MQ_RUN_DIR/<role>-<port>.pid      (MQ_RUN_DIR defaults to ~/.mq/run)
// holding the pid and a newline. A file whose process is gone is stale and is removed on sight.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { nowMs } from '../common/runtime.js';

export type ServerRole = 'namesrv' | 'broker';

export interface PidFileEntry {
  role: ServerRole;
  port: number;
  pid: number;
  file: string;
}

export function runDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.MQ_RUN_DIR || path.join(os.homedir(), '.mq', 'run');
}

export function pidFilePath(role: ServerRole, port: number, dir = runDir()): string {
  return path.join(dir, `${role}-${port}.pid`);
}

export function writePidFile(role: ServerRole, port: number, pid = process.pid, dir = runDir()): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = pidFilePath(role, port, dir);
  fs.writeFileSync(file, `${pid}\n`, 'utf8');
  return file;
}

/** Removes the file only if it still names `pid`, so a successor on the same port keeps its file. */
export function removePidFile(file: string, pid = process.pid): void {
  try {
    if (Number(fs.readFileSync(file, 'utf8').trim()) === pid) fs.unlinkSync(file);
  } catch {
    // already gone
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Guards against a recycled pid: where /proc exists (Linux), the process's command line must
 * mention the role or the CLI entry point (one process may host several roles). Elsewhere the
 * pid file is trusted.
 */
function mayBeServer(pid: number, role: ServerRole): boolean {
  try {
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.includes(role) || cmdline.includes('run.js');
  } catch {
    return true;
  }
}

/** Live servers of `role` with pid files in the run directory; stale files are deleted. */
export function listPidFiles(role: ServerRole, dir = runDir()): PidFileEntry[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const out: PidFileEntry[] = [];
  const re = new RegExp(`^${role}-(\\d+)\\.pid$`);
  for (const name of names.sort()) {
    const m = re.exec(name);
    if (!m) continue;
    const file = path.join(dir, name);
    let pid: number;
    try {
      pid = Number(fs.readFileSync(file, 'utf8').trim());
    } catch {
      continue;
    }
    if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid) || !mayBeServer(pid, role)) {
      fs.rmSync(file, { force: true });
      continue;
    }
    out.push({ role, port: Number(m[1]), pid, file });
  }
  return out;
}

export interface StopResult extends PidFileEntry {
  /** The process exited within the deadline. */
  exited: boolean;
}

/**
 * Sends SIGTERM to each server and waits until each has exited or `timeoutMs` passed, polling.
 * Returns one result per server signalled.
 */
export async function stopServers(entries: PidFileEntry[], timeoutMs = 30_000, pollMs = 50): Promise<StopResult[]> {
  const signalled: PidFileEntry[] = [];
  for (const e of entries) {
    try {
      process.kill(e.pid, 'SIGTERM');
      signalled.push(e);
    } catch {
      // exited between listing and signalling
      fs.rmSync(e.file, { force: true });
    }
  }
  const deadline = nowMs() + timeoutMs;
  const results = signalled.map((e) => ({ ...e, exited: false }));
  while (results.some((r) => !r.exited)) {
    for (const r of results) if (!r.exited && !isAlive(r.pid)) r.exited = true;
    if (results.every((r) => r.exited) || nowMs() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  for (const r of results) if (r.exited) fs.rmSync(r.file, { force: true });
  return results;
}
