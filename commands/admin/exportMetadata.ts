// `mq admin exportMetadata -c <cluster> | -b <addr> [-t | -g] [-s] [-f <dir>]` (mqadmin exportMetadata):
// user topics and subscription groups as JSON files (src/admin/export.ts has their shapes).

import { Flags } from '@oclif/core';
import { AdminCommand } from '../../src/cli/admin/admin-command.js';
import { DEFAULT_EXPORT_DIR, exportBrokerMetadata, exportClusterMetadata, type ExportMetadataOptions } from '../../src/admin/export.js';

export default class ExportMetadata extends AdminCommand {
  static override description = 'export metadata';
  static override examples = [
    '<%= config.bin %> admin exportMetadata -c DefaultCluster -f /tmp/rocketmq/export',
    '<%= config.bin %> admin exportMetadata -b 127.0.0.1:10911 -t',
  ];
  static override flags = {
    clusterName: Flags.string({ char: 'c', description: 'choose a cluster to export', exactlyOne: ['clusterName', 'brokerAddr'] }),
    brokerAddr: Flags.string({ char: 'b', description: 'choose a broker to export', exactlyOne: ['clusterName', 'brokerAddr'] }),
    filePath: Flags.string({ char: 'f', description: `export metadata.json path | default ${DEFAULT_EXPORT_DIR}` }),
    topic: Flags.boolean({ char: 't', description: 'only export topic metadata', default: false }),
    subscriptionGroup: Flags.boolean({ char: 'g', description: 'only export subscriptionGroup metadata', default: false }),
    specialTopic: Flags.boolean({ char: 's', description: 'need retryTopic and dlqTopic', default: false }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(ExportMetadata);
    const o: ExportMetadataOptions = {
      dir: flags.filePath?.trim() || DEFAULT_EXPORT_DIR,
      ...(flags.topic ? { only: 'topic' as const } : flags.subscriptionGroup ? { only: 'group' as const } : {}),
      specialTopic: flags.specialTopic,
    };
    const admin = this.adminClient(flags.namesrvAddr);
    if (flags.brokerAddr !== undefined) {
      // Java writes nothing for a broker without -t or -g.
      const file = await exportBrokerMetadata(admin, flags.brokerAddr.trim(), o);
      if (file !== null) this.output({ file }, () => this.print(`export ${file} success`));
      return;
    }
    const file = await exportClusterMetadata(admin, flags.clusterName!.trim(), o);
    this.output({ file }, () => this.log(`export ${file} success`));
  }
}
