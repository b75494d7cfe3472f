// `mq admin consumerProgress [-g <group>] [-s true]` (mqadmin consumerProgress): one group's progress
// on every queue it consumes (with -s, which client holds each queue), or a line per group.

import { Flags } from '@oclif/core';
import { AdminCommand } from '../../src/cli/admin/admin-command.js';
import { javaBoolean } from '../../src/cli/admin/flags.js';
import {
  groupProgressFooter,
  groupProgressHeader,
  groupSummaryHeader,
  groupSummaryLine,
  queueProgressLine,
} from '../../src/admin/format/group-format.js';
import { allGroupsProgress, groupProgress } from '../../src/admin/groups.js';

export default class ConsumerProgress extends AdminCommand {
  static override description = "Query consumers's progress, speed";
  static override examples = [
    '<%= config.bin %> admin consumerProgress',
    '<%= config.bin %> admin consumerProgress -g please_rename_unique_group_name_4 -s true',
  ];
  static override flags = {
    groupName: Flags.string({ char: 'g', description: 'consumer group name' }),
    showClientIP: Flags.string({ char: 's', description: 'Show Client IP per Queue' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(ConsumerProgress);
    const admin = this.adminClient(flags.namesrvAddr);
    if (flags.groupName !== undefined) {
      const showIP = javaBoolean(flags.showClientIP) ?? false;
      const p = await this.withSpinner('Fetching consume progress', () => groupProgress(admin, flags.groupName!.trim(), showIP));
      this.output(p, () => {
        this.table(groupProgressHeader(showIP), p.queues.map(queueProgressLine));
        groupProgressFooter(p).forEach((l) => this.log(l));
      });
      return;
    }
    const groups = await this.withSpinner('Fetching consume progress of every group', () => allGroupsProgress(admin));
    this.output(groups, () => this.table(groupSummaryHeader(), groups.map(groupSummaryLine)));
  }
}
