// `mq admin getConsumerConfig -g <group>` (mqadmin getConsumerConfig): the subscription group config of
// a group on every broker that has it.

import { Flags } from '@oclif/core';
import { AdminCommand } from '../../src/cli/admin/admin-command.js';
import { consumerConfigLines } from '../../src/admin/format/group-format.js';
import { consumerConfigs } from '../../src/admin/groups.js';

export default class GetConsumerConfig extends AdminCommand {
  static override description = 'Get consumer config by subscription group name!';
  static override examples = ['<%= config.bin %> admin getConsumerConfig -g my_group'];
  static override flags = {
    groupName: Flags.string({ char: 'g', description: 'subscription group name', required: true }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(GetConsumerConfig);
    const infos = await this.withSpinner(
      'Fetching group configs',
      () => consumerConfigs(this.adminClient(flags.namesrvAddr), flags.groupName.trim()),
    );
    this.output(infos, () => consumerConfigLines(infos).forEach((l) => this.log(l)));
  }
}
