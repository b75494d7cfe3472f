// Pid files of servers started on this machine, so `mq <server> stop` and `mq stop` can find them
// the way mqshutdown finds Java processes with ps. One file per server and port:
//   $MQ_RUN_DIR/<role>-<port>.pid      (MQ_RUN_DIR defaults to ~/.mq/run)
//   <pid>                              the first line alone, for `kill $(head -1 <file>)`
//   role=broker                        the server this file is for
//   port=10911
//   started=<stamp>                    the process's start stamp (process-identity.ts)
//   command=broker                     what started it: start (`mq start`), broker or namesrv
//   roles=broker,namesrv               every server the process hosts
// A file whose process is gone, or whose pid now belongs to a process started later, is stale and
// is removed on sight; only a process whose stamp still matches is ever signalled.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { nowMs } from '../common/runtime.js';
import { processStartStamp, processStatus } from './process-identity.js';

export type ServerRole = 'namesrv' | 'broker';
/** The `mq` command that started a server process. */
export type ServerCommand = 'start' | ServerRole;

export interface PidFileEntry {
  role: ServerRole;
  port: number;
  pid: number;
  file: string;
  /** Start stamp recorded by the process itself; undefined in a file that has none. */
  started?: string;
  command: ServerCommand;
  /** Every server the process hosts (one process may run a name server and a broker). */
  roles: ServerRole[];
}

export function runDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.MQ_RUN_DIR || path.join(os.homedir(), '.mq', 'run');
}

export function pidFilePath(role: ServerRole, port: number, dir = runDir()): string {
  return path.join(dir, `${role}-${port}.pid`);
}

export function formatPidFile(e: Omit<PidFileEntry, 'file'>): string {
  const lines = [String(e.pid), `role=${e.role}`, `port=${e.port}`];
  if (e.started !== undefined) lines.push(`started=${e.started}`);
  lines.push(`command=${e.command}`, `roles=${e.roles.join(',')}`);
  return lines.join('\n') + '\n';
}

/** Parses a pid file; a bare pid (the old format) gives an entry without a start stamp. */
export function parsePidFile(text: string, file: string, role: ServerRole, port: number): PidFileEntry | undefined {
  const [first, ...rest] = text.split('\n');
  const pid = Number(first?.trim());
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  const kv = new Map<string, string>();
  for (const line of rest) {
    const i = line.indexOf('=');
    if (i > 0) kv.set(line.slice(0, i).trim(), line.slice(i + 1).trim());
  }
  const command = kv.get('command');
  const roles = (kv.get('roles') ?? role).split(',').filter((r): r is ServerRole => r === 'namesrv' || r === 'broker');
  return {
    role,
    port,
    pid,
    file,
    started: kv.get('started') || undefined,
    command: command === 'start' || command === 'namesrv' || command === 'broker' ? command : role,
    roles: roles.length > 0 ? roles : [role],
  };
}

/** Writes the pid file of one hosted server (whole, by rename, so a reader never sees half of it). */
export function writePidFile(
  role: ServerRole,
  port: number,
  opts: { command: ServerCommand; roles: ServerRole[]; pid?: number; dir?: string },
): string {
  const dir = opts.dir ?? runDir();
  const pid = opts.pid ?? process.pid;
  fs.mkdirSync(dir, { recursive: true });
  const file = pidFilePath(role, port, dir);
  const tmp = `${file}.${pid}.tmp`;
  fs.writeFileSync(tmp, formatPidFile({ role, port, pid, started: processStartStamp(pid), command: opts.command, roles: opts.roles }));
  fs.renameSync(tmp, file);
  return file;
}

function filePid(file: string): number | undefined {
  try {
    return Number(fs.readFileSync(file, 'utf8').split('\n')[0]!.trim());
  } catch {
    return undefined;
  }
}

/** Removes the file only if it still names `pid`, so a successor on the same port keeps its file. */
export function removePidFile(file: string, pid = process.pid): void {
  if (filePid(file) === pid) fs.rmSync(file, { force: true });
}

/** A pid file's process as found now. */
export type ServerState =
  /** the process that wrote the file runs: it may be signalled */
  | 'running'
  /** a live process has the pid, but nothing recognises it: the file has no start stamp, or it cannot be read */
  | 'unverified';

export interface ServerEntry extends PidFileEntry {
  state: ServerState;
}

/**
 * Servers with pid files in the run directory, by file name. Files of exited processes, and of
 * pids now used by another process, are deleted.
 */
export function listServers(dir = runDir()): ServerEntry[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const out: ServerEntry[] = [];
  for (const name of names.sort()) {
    const m = /^(namesrv|broker)-(\d+)\.pid$/.exec(name);
    if (!m) continue;
    const file = path.join(dir, name);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const e = parsePidFile(text, file, m[1] as ServerRole, Number(m[2]));
    const now = e ? processStatus(e.pid) : { alive: false };
    if (!e || !now.alive) {
      fs.rmSync(file, { force: true });
      continue;
    }
    if (e.started === undefined || now.stamp === undefined) {
      out.push({ ...e, state: 'unverified' });
      continue;
    }
    if (now.stamp !== e.started) {
      // The server is gone and its pid now belongs to a process started later.
      fs.rmSync(file, { force: true });
      continue;
    }
    out.push({ ...e, state: 'running' });
  }
  return out;
}

export interface StopResult {
  pid: number;
  /** The process exited within the deadline. */
  exited: boolean;
}

/** Whether the process that wrote `e` still runs. */
function stillRuns(e: Pick<PidFileEntry, 'pid' | 'started'>): boolean {
  return e.started !== undefined && processStartStamp(e.pid) === e.started;
}

/**
 * Sends SIGTERM to each process (once per pid) that still is the one its pid file recorded, and
 * waits until each has exited or `timeoutMs` passed, polling. Pid files of exited processes go.
 */
export async function stopServers(entries: readonly PidFileEntry[], timeoutMs = 30_000, pollMs = 50): Promise<StopResult[]> {
  const byPid = new Map<number, PidFileEntry[]>();
  for (const e of entries) byPid.set(e.pid, [...(byPid.get(e.pid) ?? []), e]);
  const results: Array<StopResult & { files: string[]; started?: string }> = [];
  for (const [pid, es] of byPid) {
    const files = es.map((e) => e.file);
    if (!stillRuns(es[0]!)) {
      results.push({ pid, exited: true, files });
      continue;
    }
    try {
      process.kill(pid, 'SIGTERM');
      results.push({ pid, exited: false, files, started: es[0]!.started });
    } catch {
      results.push({ pid, exited: true, files });
    }
  }
  const deadline = nowMs() + timeoutMs;
  for (;;) {
    for (const r of results) if (!r.exited && !stillRuns(r)) r.exited = true;
    if (results.every((r) => r.exited) || nowMs() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  for (const r of results) if (r.exited) { for (const f of r.files) removePidFile(f, r.pid); }
  return results.map(({ pid, exited }) => ({ pid, exited }));
}
