// `mq admin topicClusterList -t <topic>` (mqadmin topicClusterList): the clusters serving a topic.

import { AdminCommand } from '../../src/cli/admin/admin-command.js';
import { topicFlag } from '../../src/cli/admin/flags.js';

export default class TopicClusterList extends AdminCommand {
  static override description = 'get cluster info for topic';
  static override examples = ['<%= config.bin %> admin topicClusterList -t TopicTest'];
  static override flags = { topic: topicFlag() };

  async run(): Promise<void> {
    const { flags } = await this.parse(TopicClusterList);
    const clusters = await this.adminClient(flags.namesrvAddr).getTopicClusterList(flags.topic.trim());
    this.output(clusters, () => clusters.forEach((c) => this.log(c)));
  }
}
