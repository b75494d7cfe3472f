// `mq admin clusterList` (mqadmin clusterList): every broker of every cluster with its version,
// TPS, page-cache wait, store age and disk use; -m for message totals of yesterday and today,
// -i to print again every N seconds, -c for one cluster only.

import { Flags } from '@oclif/core';
import { AdminCommand } from '../../src/cli/admin/admin-command.js';
import { parseIntegerFlag } from '../../src/cli/flag-values.js';
import { clusterRows } from '../../src/admin/cluster.js';
import {
  clusterBaseFigures,
  clusterBaseHeader,
  clusterBaseLine,
  clusterMoreFigures,
  clusterMoreHeader,
  clusterMoreLine,
} from '../../src/admin/format/cluster-format.js';

export default class ClusterList extends AdminCommand {
  static override description = 'List all of clusters';
  static override examples = [
    '<%= config.bin %> admin clusterList -n 127.0.0.1:9876',
    '<%= config.bin %> admin clusterList -m',
    '<%= config.bin %> admin clusterList -c DefaultCluster -i 5',
  ];

  static override flags = {
    moreStats: Flags.boolean({ char: 'm', description: 'Print more stats', default: false }),
    interval: Flags.string({ char: 'i', description: 'specify intervals numbers, it is in seconds' }),
    clusterName: Flags.string({ char: 'c', description: 'which cluster' }),
    times: Flags.string({ description: 'With -i: stop after printing this many times (default: until interrupted)' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(ClusterList);
    const interval = parseIntegerFlag('interval', flags.interval, 1, 86_400);
    const times = parseIntegerFlag('times', flags.times, 1, 1_000_000) ?? (interval === undefined ? 1 : Infinity);
    const admin = this.adminClient(flags.namesrvAddr);
    for (let i = 0; i < times; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, interval! * 1000));
      const rows = await this.withSpinner('Fetching cluster info', () => clusterRows(admin, flags.clusterName));
      if (flags.moreStats) {
        const figures = rows.map(clusterMoreFigures);
        this.output(figures, () => this.table(clusterMoreHeader(), figures.map(clusterMoreLine)));
      } else {
        const now = Date.now();
        const figures = rows.map((r) => clusterBaseFigures(r, now));
        this.output(figures, () => this.table(clusterBaseHeader(), figures.map(clusterBaseLine)));
      }
    }
  }
}
