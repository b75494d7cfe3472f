// `mq admin cloneGroupOffset -s <srcGroup> -d <destGroup> -t <topic>` (mqadmin cloneGroupOffset):
// give a group the consume offsets another group has on a topic.

import { Flags } from '@oclif/core';
import { AdminCommand } from '../../src/cli/admin/admin-command.js';
import { topicFlag } from '../../src/cli/admin/flags.js';
import { cloneGroupOffset } from '../../src/admin/offsets.js';

export default class CloneGroupOffset extends AdminCommand {
  static override description = 'clone offset from other group.';
  static override examples = ['<%= config.bin %> admin cloneGroupOffset -s group_a -d group_b -t TopicTest'];
  static override flags = {
    srcGroup: Flags.string({ char: 's', description: 'set source consumer group', required: true }),
    destGroup: Flags.string({ char: 'd', description: 'set destination consumer group', required: true }),
    topic: topicFlag('set the topic'),
    offline: Flags.string({ char: 'o', description: 'the group or the topic is offline' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(CloneGroupOffset);
    const src = flags.srcGroup.trim();
    const dest = flags.destGroup.trim();
    const topic = flags.topic.trim();
    const cloned = await cloneGroupOffset(this.adminClient(flags.namesrvAddr), src, dest, topic);
    this.output(
      { srcGroup: src, destGroup: dest, topic, offsets: cloned.sorted().map(([mq, offset]) => ({ ...mq, offset })) },
      () => this.log(this.good(`clone group offset success. srcGroup[${src}], destGroup=[${dest}], topic[${topic}]`)),
    );
  }
}
