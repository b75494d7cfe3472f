// `mq admin exportConfigs -c <cluster> [-f <dir>]` (mqadmin exportConfigs): chosen settings of each
// master of the cluster and the cluster's size, as <dir>/configs.json.

import { Flags } from '@oclif/core';
import { AdminCommand } from '../../src/cli/admin/admin-command.js';
import { DEFAULT_EXPORT_DIR, exportConfigs } from '../../src/admin/export.js';

export default class ExportConfigs extends AdminCommand {
  static override description = 'export configs';
  static override examples = ['<%= config.bin %> admin exportConfigs -c DefaultCluster -f /tmp/rocketmq/export'];
  static override flags = {
    clusterName: Flags.string({ char: 'c', description: 'choose a cluster to export', required: true }),
    filePath: Flags.string({ char: 'f', description: `export configs.json path | default ${DEFAULT_EXPORT_DIR}` }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(ExportConfigs);
    const file = await exportConfigs(
      this.adminClient(flags.namesrvAddr),
      flags.clusterName.trim(),
      flags.filePath?.trim() || DEFAULT_EXPORT_DIR,
    );
    this.output({ file }, () => this.print(`export ${file} success`));
  }
}
