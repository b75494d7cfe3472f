// What `mq namesrv stop` and `mq broker stop` share: mqshutdown's behaviour. Find the servers of a
// role started on this machine by their pid files (or only the one on --port), signal them, wait
// until they exit, and say what was stopped.

import { Flags } from '@oclif/core';
import { MqCommand } from './base-command.js';
import { parseIntegerFlag, parsePortFlag } from './flag-values.js';
import { listPidFiles, type ServerRole, stopServers } from './pid-files.js';

export function stopFlags(what: string, defaultTimeoutSec: number) {
  return {
    port: Flags.string({ description: `Stop only the ${what} listening on this port` }),
    timeout: Flags.string({ description: 'Seconds to wait for them to exit', default: String(defaultTimeoutSec) }),
  };
}

export abstract class ServerStopCommand extends MqCommand {
  /** Stops every running server of `role`; `name` is how mqshutdown calls it (mqnamesrv, mqbroker). */
  protected async stopRole(role: ServerRole, name: string, flags: { port?: string; timeout: string }): Promise<void> {
    const port = parsePortFlag(flags.port);
    const timeoutSec = parseIntegerFlag('timeout', flags.timeout, 1, 86_400)!;
    const running = listPidFiles(role).filter((e) => port === undefined || e.port === port);
    if (running.length === 0) {
      this.error(port === undefined ? `No ${name} running.` : `No ${name} running on port ${port}.`, { exit: 1 });
    }
    if (!this.jsonOutput) { for (const e of running) this.log(`The ${name}(${e.pid}) on port ${e.port} is running...`); }
    const results = await stopServers(running, timeoutSec * 1000);
    const stuck = results.filter((r) => !r.exited);
    this.output(results.map((r) => ({ pid: r.pid, port: r.port, stopped: r.exited })), () => {
      for (const r of results) if (r.exited) this.log(`Stopped ${name}(${r.pid}) on port ${r.port}`);
    });
    if (stuck.length > 0) {
      this.error(`${name}(${stuck.map((r) => r.pid).join(', ')}) did not exit within ${timeoutSec}s`, { exit: 1 });
    }
  }
}
