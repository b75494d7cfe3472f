// `mq admin deleteTopic -t <topic> -c <cluster>` (mqadmin deleteTopic): remove the topic from every
// master of the cluster (its queues and offsets go with it), then from every name server.

import { Flags } from '@oclif/core';
import { AdminCommand } from '../../src/cli/admin/admin-command.js';
import { topicFlag } from '../../src/cli/admin/flags.js';
import { deleteTopic } from '../../src/admin/topics.js';

export default class DeleteTopic extends AdminCommand {
  static override description = 'Delete topic from broker and NameServer.';
  static override examples = ['<%= config.bin %> admin deleteTopic -t TopicTest -c DefaultCluster'];
  static override flags = {
    topic: topicFlag(),
    clusterName: Flags.string({ char: 'c', description: 'delete topic from which cluster', required: true }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(DeleteTopic);
    const topic = flags.topic.trim();
    const cluster = flags.clusterName.trim();
    const admin = this.adminClient(flags.namesrvAddr);
    // Java deletes whatever is named; a topic no name server knows is a mistake worth reporting.
    await admin.examineTopicRouteInfo(topic);
    const r = await this.withSpinner('Deleting topic', () => deleteTopic(admin, cluster, topic));
    this.output({ topic, cluster, ...r }, () => {
      this.log(this.good(`delete topic [${topic}] from cluster [${cluster}] success.`));
      this.log(this.good(`delete topic [${topic}] from NameServer success.`));
    });
  }
}
