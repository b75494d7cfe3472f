// `mq admin topicStatus -t <topic>` (mqadmin topicStatus): min and max offset and last store time
// of every queue of the topic on every broker.

import { AdminCommand } from '../../src/cli/admin/admin-command.js';
import { topicFlag } from '../../src/cli/admin/flags.js';
import { topicStatusHeader, topicStatusLine, topicStatusRows } from '../../src/admin/format/topic-format.js';

export default class TopicStatus extends AdminCommand {
  static override description = 'Examine topic Status info';
  static override examples = ['<%= config.bin %> admin topicStatus -t TopicTest'];
  static override flags = { topic: topicFlag() };

  async run(): Promise<void> {
    const { flags } = await this.parse(TopicStatus);
    const admin = this.adminClient(flags.namesrvAddr);
    const rows = topicStatusRows(await this.withSpinner('Fetching topic stats', () => admin.examineTopicStats(flags.topic.trim())));
    this.output(rows, () => this.table(topicStatusHeader(), rows.map(topicStatusLine)));
  }
}
