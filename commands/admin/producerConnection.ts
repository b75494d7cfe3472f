// `mq admin producerConnection -g <group> -t <topic>` (mqadmin producerConnection): the producers of a
// group connected to a broker of the topic.

import { Flags } from '@oclif/core';
import { AdminCommand } from '../../src/cli/admin/admin-command.js';
import { topicFlag } from '../../src/cli/admin/flags.js';
import { producerConnectionLines } from '../../src/admin/format/group-format.js';

export default class ProducerConnection extends AdminCommand {
  static override description = "Query producer's socket connection and client version";
  static override examples = ['<%= config.bin %> admin producerConnection -g please_rename_unique_group_name -t TopicTest'];
  static override flags = {
    producerGroup: Flags.string({ char: 'g', description: 'producer group name', required: true }),
    topic: topicFlag(),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(ProducerConnection);
    const conns = await this.adminClient(flags.namesrvAddr).examineProducerConnectionInfo(flags.producerGroup.trim(), flags.topic.trim());
    this.output(conns, () => producerConnectionLines(conns).forEach((l) => this.log(l)));
  }
}
