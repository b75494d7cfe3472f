// `mq broker stop`: mqshutdown broker. Stops the brokers started on this machine (found by their
// pid files), or only the one on --port, and waits until they have exited.

import { Flags } from '@oclif/core';
import { MqCommand } from '../../src/cli/base-command.js';
import { parseIntegerFlag, parsePortFlag } from '../../src/cli/flag-values.js';
import { listPidFiles, stopServers } from '../../src/cli/pid-files.js';

export default class BrokerStop extends MqCommand {
  static override description = 'Stop the brokers started on this machine (mqshutdown broker)';

  static override examples = ['<%= config.bin %> broker stop', '<%= config.bin %> broker stop --port 10911'];

  static override flags = {
    port: Flags.string({ description: 'Stop only the broker listening on this port' }),
    timeout: Flags.string({ description: 'Seconds to wait for them to exit', default: '60' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(BrokerStop);
    const port = parsePortFlag(flags.port);
    const timeoutSec = parseIntegerFlag('timeout', flags.timeout, 1, 86_400)!;
    const running = listPidFiles('broker').filter((e) => port === undefined || e.port === port);
    if (running.length === 0) {
      this.error(port === undefined ? 'No mqbroker running.' : `No mqbroker running on port ${port}.`, { exit: 1 });
    }
    if (!this.jsonOutput) for (const e of running) this.log(`The mqbroker(${e.pid}) on port ${e.port} is running...`);
    const results = await stopServers(running, timeoutSec * 1000);
    const stuck = results.filter((r) => !r.exited);
    this.output(results.map((r) => ({ pid: r.pid, port: r.port, stopped: r.exited })), () => {
      for (const r of results) if (r.exited) this.log(`Stopped mqbroker(${r.pid}) on port ${r.port}`);
    });
    if (stuck.length > 0) {
      this.error(`mqbroker(${stuck.map((r) => r.pid).join(', ')}) did not exit within ${timeoutSec}s`, { exit: 1 });
    }
  }
}
