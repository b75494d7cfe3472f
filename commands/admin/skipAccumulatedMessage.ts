// `mq admin skipAccumulatedMessage -g <group> -t <topic> [-f false]` (mqadmin skipAccumulatedMessage):
// move a group's offsets on a topic to the newest message (a reset to timestamp -1), telling its live
// consumers to jump there; a group with nobody online gets its committed offsets moved.

import { Flags } from '@oclif/core';
import { AdminCommand } from '../../src/cli/admin/admin-command.js';
import { javaBoolean, topicFlag } from '../../src/cli/admin/flags.js';
import { type ResetArgs, resetNewLines, resetOldLines } from '../../src/admin/format/offset-format.js';
import { resetOffset } from '../../src/admin/offsets.js';

/** The reset's timestamp meaning "the newest offset" (Java's -1). */
const TO_MAX_OFFSET = -1;

export default class SkipAccumulatedMessage extends AdminCommand {
  static override description = 'Skip all messages that are accumulated (not consumed) currently';
  static override examples = ['<%= config.bin %> admin skipAccumulatedMessage -g my_group -t TopicTest'];
  static override flags = {
    group: Flags.string({ char: 'g', description: 'set the consumer group', required: true }),
    topic: topicFlag('set the topic'),
    force: Flags.string({ char: 'f', description: 'set the force rollback by timestamp switch[true|false]' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(SkipAccumulatedMessage);
    const a: ResetArgs = {
      group: flags.group.trim(),
      topic: flags.topic.trim(),
      force: javaBoolean(flags.force) ?? true,
      timestampText: String(TO_MAX_OFFSET),
      timestamp: TO_MAX_OFFSET,
    };
    const admin = this.adminClient(flags.namesrvAddr);
    const r = await this.withSpinner('Skipping accumulated messages', () => resetOffset(admin, a.topic, a.group, a.timestamp, a.force));
    // Java prints the tables of resetOffsetByTime without its introduction line.
    const lines = r.mode === 'new' ? resetNewLines(a, r.offsets) : resetOldLines(a, r.rollback);
    const data = r.mode === 'new'
      ? {
        group: a.group,
        topic: a.topic,
        force: a.force,
        mode: r.mode,
        offsets: r.offsets.sorted().map(([mq, offset]) => ({ ...mq, offset })),
      }
      : { group: a.group, topic: a.topic, force: a.force, mode: r.mode, rollback: r.rollback };
    this.output(data, () => this.table(lines.header, lines.rows));
  }
}
