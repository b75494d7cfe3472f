// `mq admin statsAll` (mqadmin statsAll): put and get rates, today's counts and backlog for every
// topic and each group consuming it; -a only active topics, -t one topic.

import { Flags } from '@oclif/core';
import { AdminCommand } from '../../src/cli/admin/admin-command.js';
import { statsAllHeader, statsAllLine } from '../../src/admin/format/topic-format.js';
import { statsAll } from '../../src/admin/stats.js';

export default class StatsAll extends AdminCommand {
  static override description = 'Topic and Consumer tps stats';
  static override examples = ['<%= config.bin %> admin statsAll', '<%= config.bin %> admin statsAll -t TopicTest'];
  static override flags = {
    activeTopic: Flags.boolean({ char: 'a', description: 'print active topic only', default: false }),
    topic: Flags.string({ char: 't', description: 'print select topic only' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(StatsAll);
    const admin = this.adminClient(flags.namesrvAddr);
    const topic = flags.topic?.trim() || undefined;
    if (topic) await admin.examineTopicRouteInfo(topic);
    const rows = await this.withSpinner('Collecting stats', () => statsAll(admin, flags.activeTopic, topic));
    this.output(rows, () => this.table(statsAllHeader(), rows.map(statsAllLine)));
  }
}
