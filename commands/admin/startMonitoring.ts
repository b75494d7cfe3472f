// `mq admin startMonitoring` (mqadmin startMonitoring): runs MonitorService until SIGINT / SIGTERM,
// printing its report lines (src/admin/monitor.ts) on stdout. --roundInterval and --firstRoundDelay
// (ours; Java fixes 60 s and 20 s) set its pace.

import { Flags } from '@oclif/core';
import { AdminCommand } from '../../src/cli/admin/admin-command.js';
import { intOption } from '../../src/cli/admin/flags.js';
import { untilShutdownSignal } from '../../src/cli/admin/until-signal.js';
import { runMonitoring } from '../../src/admin/monitor.js';

export default class StartMonitoring extends AdminCommand {
  static override description = 'Start Monitoring';
  static override examples = ['<%= config.bin %> admin startMonitoring'];
  static override flags = {
    roundInterval: Flags.string({ description: 'milliseconds between monitoring rounds | default 60000' }),
    firstRoundDelay: Flags.string({ description: 'milliseconds before the first round | default 20000' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(StartMonitoring);
    const roundIntervalMs = intOption('roundInterval', flags.roundInterval, 1000, 86_400_000) ?? 60_000;
    const firstRoundDelayMs = intOption('firstRoundDelay', flags.firstRoundDelay, 0, 86_400_000) ?? 20_000;
    const signal = untilShutdownSignal();
    try {
      await runMonitoring(
        this.adminClient(flags.namesrvAddr),
        { roundIntervalMs, firstRoundDelayMs, log: (l) => this.log(l) },
        signal.stopped,
      );
    } finally {
      signal.done();
    }
  }
}
