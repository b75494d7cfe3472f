// `mq admin clusterRT [-c cluster] [-a amount] [-s size] [-i interval]` (mqadmin clusterRT): the
// average send time to every broker of every cluster (or one), again every -i seconds (10) until
// interrupted, or --times rounds; -p true prints tlog lines (time|room|cluster|broker|rt).

import { Flags } from '@oclif/core';
import { AdminCommand } from '../../src/cli/admin/admin-command.js';
import { intOption, javaBoolean } from '../../src/cli/admin/flags.js';
import { clusterRtRound } from '../../src/admin/brokers.js';
import { jformat } from '../../src/admin/format/printf.js';
import { formatDateTime } from '../../src/admin/format/time.js';

export default class ClusterRT extends AdminCommand {
  static override description = 'List All clusters Message Send RT';
  static override examples = ['<%= config.bin %> admin clusterRT -c DefaultCluster -a 20 --times 1'];
  static override flags = {
    amount: Flags.string({ char: 'a', description: 'message amount | default 100' }),
    size: Flags.string({ char: 's', description: 'message size | default 128 Byte' }),
    cluster: Flags.string({ char: 'c', description: 'cluster name | default display all cluster' }),
    printLog: Flags.string({ char: 'p', description: 'print as tlog | default false' }),
    machineRoom: Flags.string({ char: 'm', description: 'machine room name | default noname' }),
    interval: Flags.string({ char: 'i', description: 'print interval | default 10 seconds' }),
    times: Flags.string({ description: 'Stop after this many rounds (default: until interrupted)' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(ClusterRT);
    const amount = intOption('a', flags.amount, 1, 1_000_000) ?? 100;
    const size = intOption('s', flags.size, 1, 4 * 1024 * 1024) ?? 128;
    const interval = intOption('i', flags.interval, 0, 86_400) ?? 10;
    const times = intOption('times', flags.times, 1) ?? Infinity;
    const tlog = javaBoolean(flags.printLog) ?? false;
    const room = flags.machineRoom?.trim() ?? 'noname';
    const admin = this.adminClient(flags.namesrvAddr);
    if (!tlog && !this.jsonOutput) {
      this.header(jformat('%-24s  %-24s  %-4s  %-8s  %-8s', '#Cluster Name', '#Broker Name', '#RT', '#successCount', '#failCount'));
    }
    for (let round = 0; round < times; round++) {
      if (round > 0) await new Promise((r) => setTimeout(r, interval * 1000));
      const rows = await this.withSpinner('Measuring send RT', () => clusterRtRound(admin, flags.cluster?.trim(), amount, size));
      if (this.jsonOutput) {
        this.log(JSON.stringify(rows));
        continue;
      }
      for (const r of rows) {
        this.log(
          tlog
            ? `${formatDateTime(Date.now())}|${room}|${r.cluster}|${r.brokerName}|${Math.round(r.rt)}`
            : jformat('%-24s  %-24s  %-8s  %-16s  %-16s', r.cluster, r.brokerName, jformat('%.2f', r.rt), r.successCount, r.failCount),
        );
      }
    }
  }
}
