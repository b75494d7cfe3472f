// `mq admin deleteSubGroup -g <group> (-b <addr> | -c <cluster>) [-r true]` (mqadmin deleteSubGroup):
// remove a subscription group (and with -r its offsets); with -c also its %RETRY% and %DLQ% topics.

import { Flags } from '@oclif/core';
import { AdminCommand } from '../../src/cli/admin/admin-command.js';
import { javaBoolean } from '../../src/cli/admin/flags.js';
import { masterAddrsOfCluster } from '../../src/admin/cluster.js';
import { deleteSubGroup, requireSubscriptionGroup } from '../../src/admin/groups.js';

export default class DeleteSubGroup extends AdminCommand {
  static override description = 'Delete subscription group from broker.';
  static override examples = [
    '<%= config.bin %> admin deleteSubGroup -c DefaultCluster -g my_group',
    '<%= config.bin %> admin deleteSubGroup -b 127.0.0.1:10911 -g my_group -r true',
  ];
  static override flags = {
    brokerAddr: Flags.string({
      char: 'b',
      description: 'delete subscription group from which broker',
      exactlyOne: ['brokerAddr', 'clusterName'],
    }),
    clusterName: Flags.string({
      char: 'c',
      description: 'delete subscription group from which cluster',
      exactlyOne: ['brokerAddr', 'clusterName'],
    }),
    groupName: Flags.string({ char: 'g', description: 'subscription group name', required: true }),
    removeOffset: Flags.string({ char: 'r', description: 'remove offset' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(DeleteSubGroup);
    const group = flags.groupName.trim();
    const admin = this.adminClient(flags.namesrvAddr);
    const cluster = flags.clusterName?.trim();
    const target = flags.brokerAddr !== undefined ? { brokerAddr: flags.brokerAddr.trim() } : { cluster: cluster! };
    const addrs = target.brokerAddr !== undefined ? [target.brokerAddr] : await masterAddrsOfCluster(admin, cluster!);
    // Java deletes whatever is named; a group no broker has is a mistake worth reporting.
    await requireSubscriptionGroup(admin, addrs, group);
    const r = await this.withSpinner(
      'Deleting subscription group',
      () => deleteSubGroup(admin, target, group, javaBoolean(flags.removeOffset) ?? false),
    );
    this.output({ group, ...r }, () => {
      for (const b of r.brokers) {
        this.log(
          this.good(
            cluster === undefined
              ? `delete subscription group [${group}] from broker [${b}] success.`
              : `delete subscription group [${group}] from broker [${b}] in cluster [${cluster}] success.`,
          ),
        );
      }
      for (const t of r.topics) {
        if (t.error !== undefined) this.log(this.bad(`delete topic [${t.topic}] failed: ${t.error}`));
        else this.log(`delete topic [${t.topic}] from cluster [${cluster}] success.\ndelete topic [${t.topic}] from NameServer success.`);
      }
    });
  }
}
