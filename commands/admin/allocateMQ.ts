// `mq admin allocateMQ -t <topic> -i ip1,ip2` (mqadmin allocateMQ): how AllocateMessageQueueAveragely
// would spread the topic's readable queues over consumers with these client ids.

import { Flags } from '@oclif/core';
import { AdminCommand } from '../../src/cli/admin/admin-command.js';
import { topicFlag } from '../../src/cli/admin/flags.js';
import { allocateMQJson } from '../../src/admin/format/topic-format.js';
import { allocateMQ } from '../../src/admin/topics.js';

export default class AllocateMQ extends AdminCommand {
  static override description = 'Allocate MQ';
  static override examples = ['<%= config.bin %> admin allocateMQ -t TopicTest -i 10.0.0.1,10.0.0.2'];
  static override flags = {
    topic: topicFlag(),
    ipList: Flags.string({ char: 'i', description: 'ipList', required: true }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(AllocateMQ);
    const ips = flags.ipList.trim().split(',');
    const result = await allocateMQ(this.adminClient(flags.namesrvAddr), flags.topic.trim(), ips);
    this.output({ result: Object.fromEntries(result) }, () => this.log(allocateMQJson(result)));
  }
}
