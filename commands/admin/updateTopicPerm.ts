// `mq admin updateTopicPerm` (mqadmin updateTopicPerm): change a topic's permission (2 write,
// 4 read, 6 both) on one master (-b) or every master of a cluster (-c), keeping its queues.

import { Flags } from '@oclif/core';
import { AdminCommand } from '../../src/cli/admin/admin-command.js';
import { intOption, topicFlag } from '../../src/cli/admin/flags.js';
import { topicConfigToString, updateTopicPerm } from '../../src/admin/topics.js';

export default class UpdateTopicPerm extends AdminCommand {
  static override description = 'Update topic perm';
  static override examples = ['<%= config.bin %> admin updateTopicPerm -c DefaultCluster -t TopicTest -p 4'];
  static override flags = {
    brokerAddr: Flags.string({ char: 'b', description: 'create topic to which broker', exactlyOne: ['brokerAddr', 'clusterName'] }),
    clusterName: Flags.string({ char: 'c', description: 'create topic to which cluster', exactlyOne: ['brokerAddr', 'clusterName'] }),
    topic: topicFlag(),
    perm: Flags.string({ char: 'p', description: "set topic's permission(2|4|6), intro[2:W; 4:R; 6:RW]", required: true }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(UpdateTopicPerm);
    const perm = intOption('p', flags.perm, 0, 15)!;
    const admin = this.adminClient(flags.namesrvAddr);
    const target = flags.brokerAddr !== undefined ? { brokerAddr: flags.brokerAddr.trim() } : { cluster: flags.clusterName!.trim() };
    const r = await updateTopicPerm(admin, flags.topic.trim(), perm, target);
    this.output(r, () => {
      if (r.unchanged !== undefined) return this.log('new perm equals to the old one!');
      for (const c of r.changes) this.log(this.good(`update topic perm from ${c.oldPerm} to ${c.newPerm} in ${c.addr} success.`));
      if (flags.brokerAddr !== undefined) this.log(`${topicConfigToString(r.config)}.`);
    });
  }
}
