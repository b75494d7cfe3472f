// `mq admin exportMetrics -c <cluster> [-f <dir>]` (mqadmin exportMetrics): each master's environment,
// current rates, day totals and client versions, and the cluster's totals, as <dir>/metrics.json.

import { Flags } from '@oclif/core';
import { AdminCommand } from '../../src/cli/admin/admin-command.js';
import { DEFAULT_EXPORT_DIR, exportMetrics } from '../../src/admin/export.js';

export default class ExportMetrics extends AdminCommand {
  static override description = 'export metrics';
  static override examples = ['<%= config.bin %> admin exportMetrics -c DefaultCluster -f /tmp/rocketmq/export'];
  static override flags = {
    clusterName: Flags.string({ char: 'c', description: 'choose a cluster to export', required: true }),
    filePath: Flags.string({ char: 'f', description: `export metrics.json path | default ${DEFAULT_EXPORT_DIR}` }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(ExportMetrics);
    const file = await this.withSpinner(
      'Collecting metrics',
      () => exportMetrics(this.adminClient(flags.namesrvAddr), flags.clusterName.trim(), flags.filePath?.trim() || DEFAULT_EXPORT_DIR),
    );
    this.output({ file }, () => this.print(`export ${file} success`));
  }
}
