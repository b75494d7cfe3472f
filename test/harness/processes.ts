// Child processes of tests, and what must happen when the test process ends. A test's own hooks
// stop what it started; this is the net under them: every child still running when the test
// process exits is killed, and work registered with atExit runs. Node and Bun emit the process
// 'exit' event at the end of a test file, Deno's test runner does not but dispatches 'unload'
// (Deno would otherwise leave servers running and temp dirs behind).
// Scripts under test/harness/children run on the current runtime, as the tests themselves do.

import { type ChildProcess, spawn, type SpawnOptions } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { scriptCommand } from '../../src/common/runtime.js';

const exitWork: Array<() => void> = [];
let exited = false;

function runExitWork(): void {
  if (exited) return;
  exited = true;
  for (const fn of exitWork) {
    try {
      fn();
    } catch {
      // best effort at exit
    }
  }
}

process.on('exit', runExitWork);
const unloadTarget = globalThis as { addEventListener?: (type: string, fn: () => void) => void };
unloadTarget.addEventListener?.('unload', runExitWork);

/** Runs `fn` (synchronous) when the test process exits, whatever the runtime. */
export function atExit(fn: () => void): void {
  exitWork.push(fn);
}

const live = new Set<ChildProcess>();
atExit(() => {
  for (const p of live) {
    try {
      p.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
});

/** Kills `proc` if the test process exits before it does. */
export function track<T extends ChildProcess>(proc: T): T {
  live.add(proc);
  const forget = () => live.delete(proc);
  proc.once('exit', forget);
  proc.once('error', forget);
  return proc;
}

/** Whether `proc` is still running. */
export function running(proc: ChildProcess): boolean {
  return proc.exitCode === null && proc.signalCode === null;
}

/** SIGKILLs `proc` unless it has ended, and resolves once it has. */
export async function killHard(proc: ChildProcess): Promise<void> {
  if (!running(proc)) return;
  const gone = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  proc.kill('SIGKILL');
  await gone;
}

/** The compiled path of test/harness/children/<name>.ts. */
export function childScript(name: string): string {
  return fileURLToPath(new URL(`./children/${name}.js`, import.meta.url));
}

/**
 * Runs the child script `name` (test/harness/children) on the current runtime with `args`; it is
 * killed when the test ends (and when the test process exits), whether the test passed or not.
 */
export function spawnChildScript(
  t: { after(fn: () => unknown): void },
  name: string,
  args: string[],
  opts: SpawnOptions = {},
): ChildProcess {
  const [cmd, ...pre] = scriptCommand(childScript(name));
  const proc = track(spawn(cmd!, [...pre, ...args], { stdio: ['ignore', 'pipe', 'pipe'], ...opts }));
  t.after(() => killHard(proc));
  return proc;
}
