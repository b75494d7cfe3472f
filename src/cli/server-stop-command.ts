// What `mq namesrv stop`, `mq broker stop` and `mq stop` share: mqshutdown's behaviour. Find the
// servers started on this machine by their pid files (or only the one on --port), signal the
// processes that are still the ones that wrote them, wait until they exit, and say what stopped.
// A process is signalled only for the servers it hosts: a broker inside `mq start` shares its
// process with a name server, so `mq broker stop` names it and leaves it to `mq stop`.

import { Flags } from '@oclif/core';
import { MqCommand } from './base-command.js';
import { parseIntegerFlag, parsePortFlag } from './flag-values.js';
import { listServers, type ServerEntry, type ServerRole, stopServers } from './pid-files.js';

export function stopFlags(what: string, defaultTimeoutSec: number) {
  return {
    port: Flags.string({ description: `Stop only the ${what} listening on this port` }),
    timeout: Flags.string({ description: 'Seconds to wait for them to exit', default: String(defaultTimeoutSec) }),
  };
}

type StopFlags = { port?: string; timeout: string };

/** One process to stop and the servers it hosts. */
interface Target {
  pid: number;
  /** How the text output names it: `mqbroker(123) on port 10911`. */
  label: string;
  entries: ServerEntry[];
  json: Record<string, unknown>;
}

export abstract class ServerStopCommand extends MqCommand {
  /** Stops every server of `role` that runs on its own; `name` is how mqshutdown calls it (mqnamesrv, mqbroker). */
  protected async stopRole(role: ServerRole, name: string, flags: StopFlags): Promise<void> {
    const port = parsePortFlag(flags.port);
    const found = this.usable(listServers().filter((e) => e.role === role && (port === undefined || e.port === port)));
    const inMqStart = found.filter((e) => e.roles.length > 1);
    const notes = inMqStart.map((e) =>
      `The ${name}(${e.pid}) on port ${e.port} runs inside mq start with a ${
        role === 'broker' ? 'name server' : 'broker'
      }: stop both with mq stop`
    );
    const targets = found.filter((e) => e.roles.length === 1).map((e): Target => ({
      pid: e.pid,
      label: `${name}(${e.pid}) on port ${e.port}`,
      entries: [e],
      json: { pid: e.pid, port: e.port },
    }));
    if (targets.length === 0) {
      const none = port === undefined ? `No ${name} running.` : `No ${name} running on port ${port}.`;
      this.error(notes[0] ?? none, { exit: 1 });
    }
    for (const n of notes) this.logToStderr(`mq: ${n}`);
    await this.stopTargets(targets, flags);
  }

  /** Stops the processes `mq start` started (a name server and a broker each). */
  protected async stopMqStart(flags: StopFlags): Promise<void> {
    const port = parsePortFlag(flags.port);
    const byPid = new Map<number, ServerEntry[]>();
    for (const e of this.usable(listServers().filter((e) => e.command === 'start'))) byPid.set(e.pid, [...(byPid.get(e.pid) ?? []), e]);
    const targets: Target[] = [];
    for (const [pid, entries] of byPid) {
      if (port !== undefined && !entries.some((e) => e.port === port)) continue;
      const ns = entries.find((e) => e.role === 'namesrv');
      const broker = entries.find((e) => e.role === 'broker');
      const parts = [ns && `the name server on port ${ns.port}`, broker && `the broker on port ${broker.port}`].filter(Boolean);
      targets.push({
        pid,
        label: `mq start(${pid}) with ${parts.join(' and ')}`,
        entries,
        json: { pid, namesrvPort: ns?.port, brokerPort: broker?.port },
      });
    }
    if (targets.length === 0) this.error(port === undefined ? 'No mq start running.' : `No mq start running on port ${port}.`, { exit: 1 });
    await this.stopTargets(targets, flags);
  }

  /** Running entries; each live process that cannot be recognised gets one line on stderr and is left alone. */
  private usable(entries: ServerEntry[]): ServerEntry[] {
    for (const e of entries.filter((x) => x.state === 'unverified')) {
      this.logToStderr(
        `mq: ${e.file} names process ${e.pid}, which cannot be recognised as the server that wrote it; not signalled (delete the file if it is stale)`,
      );
    }
    return entries.filter((e) => e.state === 'running');
  }

  private async stopTargets(targets: Target[], flags: StopFlags): Promise<void> {
    const timeoutSec = parseIntegerFlag('timeout', flags.timeout, 1, 86_400)!;
    if (!this.jsonOutput) { for (const t of targets) this.log(`The ${t.label} is running...`); }
    const results = await stopServers(targets.flatMap((t) => t.entries), timeoutSec * 1000);
    const exited = new Map(results.map((r) => [r.pid, r.exited]));
    const stuck = targets.filter((t) => !exited.get(t.pid));
    this.output(targets.map((t) => ({ ...t.json, stopped: exited.get(t.pid) === true })), () => {
      for (const t of targets) if (exited.get(t.pid)) this.log(`Stopped ${t.label}`);
    });
    if (stuck.length > 0) {
      this.error(`${stuck.map((t) => t.label).join('; ')}: did not exit within ${timeoutSec}s`, { exit: 1 });
    }
  }
}
