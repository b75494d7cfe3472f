// `mq start` (a name server and a broker in one process) as a child of a benchmark, started through
// the real CLI in a temporary home and stopped with SIGTERM. Its stderr (warn and above) and stdout
// are kept as lines, for error messages and for what a benchmark looks for in them.

import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { mqCommand } from '../src/common/runtime.js';

const BOOT = /^The broker\[(.+), (.+)\] boot success\. serializeType=\w+ and name server is (.+)$/;

export interface MqChild {
  proc: ChildProcess;
  namesrvAddr: string;
  brokerAddr: string;
  /** Lines of its stderr and stdout, in arrival order. */
  lines: string[];
}

export interface MqChildOptions {
  /** Runtime arguments before the command (a profiler's, say). */
  runtimeArgs?: string[];
  /** Arguments after `start --namesrv-port 0 --broker-port 0`. */
  args?: string[];
  env?: Record<string, string>;
}

/** Starts `mq start` on free ports with `home` as its HOME; resolves once the broker has booted. */
export function startMqChild(home: string, o: MqChildOptions = {}): Promise<MqChild> {
  const [cmd, ...args] = mqCommand();
  const proc = spawn(cmd!, [...(o.runtimeArgs ?? []), ...args, 'start', '--namesrv-port', '0', '--broker-port', '0', ...(o.args ?? [])], {
    env: {
      ...process.env,
      ...o.env,
      HOME: home,
      MQ_HOME: path.join(home, '.mq'),
      MQ_RUN_DIR: path.join(home, 'run'),
      MQ_LOG_LEVEL: 'warn',
      NO_COLOR: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const splitter = (onLine?: (line: string) => void) => {
    let rest = '';
    return (d: string) => {
      rest += d;
      let nl: number;
      while ((nl = rest.indexOf('\n')) >= 0) {
        const line = rest.slice(0, nl);
        rest = rest.slice(nl + 1);
        lines.push(line);
        onLine?.(line);
      }
    };
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`mq start did not boot in 60 s:\n${lines.join('\n')}`)), 60_000);
    proc.once('exit', (code) => reject(new Error(`mq start exited with ${code}:\n${lines.join('\n')}`)));
    proc.stderr!.setEncoding('utf8').on('data', splitter());
    proc.stdout!.setEncoding('utf8').on(
      'data',
      splitter((line) => {
        const m = BOOT.exec(line);
        if (!m) return;
        clearTimeout(timer);
        resolve({ proc, namesrvAddr: m[3]!, brokerAddr: m[2]!, lines });
      }),
    );
  });
}

/** SIGTERM, then SIGKILL after 20 s; resolves once the child has exited. */
export async function stopMqChild(s: MqChild): Promise<void> {
  if (s.proc.exitCode !== null || s.proc.signalCode !== null) return;
  const exited = new Promise<void>((r) => s.proc.once('exit', () => r()));
  s.proc.kill('SIGTERM');
  const timer = setTimeout(() => s.proc.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(timer);
}
