// Telling a process apart from a later one that got the same pid. A pid file records the stamp of
// the process that wrote it; `stop` signals a pid only while the live process there still has that
// stamp, so a recycled pid (the server died, something else started) is never signalled.
//
// Linux: the start time in clock ticks since boot, field 22 of /proc/<pid>/stat, with the boot id
// (ticks restart at every boot). Elsewhere (macOS, BSD): `ps -o lstart=`, the start time to the
// second. Either is an opaque string compared for equality; undefined when it cannot be read.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

let bootId: string | undefined | null = null;

function linuxBootId(): string | undefined {
  if (bootId === null) {
    try {
      bootId = fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    } catch {
      bootId = undefined;
    }
  }
  return bootId;
}

/** State letter and start ticks from /proc/<pid>/stat; null without /proc, undefined when the pid is gone. */
function procStat(pid: number): { state: string; startTicks: string } | undefined | null {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ESRCH') return fs.existsSync('/proc/self/stat') ? undefined : null;
    return null;
  }
  // The command name (field 2) is in parentheses and may itself hold spaces or parentheses.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0] ?? '', startTicks: fields[19] ?? '' };
}

function psStartTime(pid: number): string | undefined {
  try {
    const r = spawnSync('ps', ['-o', 'lstart=', '-p', String(pid)], { encoding: 'utf8', timeout: 5000 });
    const out = r.status === 0 ? r.stdout.trim() : '';
    return out || undefined;
  } catch {
    return undefined;
  }
}

export interface ProcessStatus {
  /** Running: not gone, and not a zombie (which has exited and only waits for its parent). */
  alive: boolean;
  /** Its start stamp, when it is alive and the stamp can be read. */
  stamp?: string;
}

export function processStatus(pid: number): ProcessStatus {
  if (!Number.isInteger(pid) || pid <= 0) return { alive: false };
  const stat = procStat(pid);
  if (stat === undefined) return { alive: false };
  if (stat !== null) {
    if (stat.state === 'Z' || stat.state === 'X') return { alive: false };
    const boot = linuxBootId();
    return { alive: true, stamp: stat.startTicks ? (boot ? `${boot}:${stat.startTicks}` : stat.startTicks) : undefined };
  }
  if (!pidExists(pid)) return { alive: false };
  return { alive: true, stamp: psStartTime(pid) };
}

/** The start stamp of a running process, or undefined when it is not running or the stamp cannot be read. */
export function processStartStamp(pid: number): string | undefined {
  return processStatus(pid).stamp;
}

/** Whether a process with this pid exists (possibly someone else's). */
function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
