// `mq admin topicList` (mqadmin topicList): every topic the name servers know; -c adds the cluster
// of each topic and the groups that consume it (retry and DLQ topics left out).

import { Flags } from '@oclif/core';
import { AdminCommand } from '../../src/cli/admin/admin-command.js';
import { topicClusterHeader, topicClusterLine } from '../../src/admin/format/topic-format.js';
import { topicListWithClusters } from '../../src/admin/topics.js';

export default class TopicList extends AdminCommand {
  static override description = 'Fetch all topic list from name server';
  static override examples = ['<%= config.bin %> admin topicList -n 127.0.0.1:9876', '<%= config.bin %> admin topicList -c'];
  static override flags = {
    clusterModel: Flags.boolean({ char: 'c', description: 'clusterModel', default: false }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(TopicList);
    const admin = this.adminClient(flags.namesrvAddr);
    if (flags.clusterModel) {
      const rows = await this.withSpinner('Fetching topics, clusters and groups', () => topicListWithClusters(admin));
      this.output(rows, () => this.table(topicClusterHeader(), rows.map(topicClusterLine)));
      return;
    }
    const topics = await this.withSpinner('Fetching topics', () => admin.fetchAllTopicList());
    this.output(topics, () => topics.forEach((t) => this.log(t)));
  }
}
