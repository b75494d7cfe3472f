// `mq admin resetOffsetByTime -g <group> -t <topic> -s <now|millis|yyyy-MM-dd#HH:mm:ss:SSS> [-f false]`
// (mqadmin resetOffsetByTime): move a group's offsets on a topic to a point in time, telling its live
// consumers to jump there (no restart); a group with nobody online gets its committed offsets moved.

import { Flags } from '@oclif/core';
import { AdminCommand } from '../../src/cli/admin/admin-command.js';
import { javaBoolean, topicFlag } from '../../src/cli/admin/flags.js';
import { type ResetArgs, resetNewLines, resetOldLines } from '../../src/admin/format/offset-format.js';
import { parseTimestampArg } from '../../src/admin/format/time.js';
import { resetOffset } from '../../src/admin/offsets.js';

export default class ResetOffsetByTime extends AdminCommand {
  static override description = 'Reset consumer offset by timestamp(without client restart).';
  static override examples = [
    '<%= config.bin %> admin resetOffsetByTime -g my_group -t TopicTest -s now',
    '<%= config.bin %> admin resetOffsetByTime -g my_group -t TopicTest -s 2024-01-31#08:00:00:000',
  ];
  static override flags = {
    group: Flags.string({ char: 'g', description: 'set the consumer group', required: true }),
    topic: topicFlag('set the topic'),
    timestamp: Flags.string({ char: 's', description: 'set the timestamp[now|currentTimeMillis|yyyy-MM-dd#HH:mm:ss:SSS]', required: true }),
    force: Flags.string({ char: 'f', description: 'set the force rollback by timestamp switch[true|false]' }),
    cplus: Flags.boolean({ char: 'c', description: 'reset c++ client offset', default: false }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(ResetOffsetByTime);
    const a: ResetArgs = {
      group: flags.group.trim(),
      topic: flags.topic.trim(),
      force: javaBoolean(flags.force) ?? true,
      timestampText: flags.timestamp.trim(),
      timestamp: parseTimestampArg('s', flags.timestamp, true),
    };
    const r = await this.withSpinner(
      'Resetting offsets',
      () => resetOffset(this.adminClient(flags.namesrvAddr), a.topic, a.group, a.timestamp, a.force),
    );
    const lines = r.mode === 'new' ? resetNewLines(a, r.offsets) : resetOldLines(a, r.rollback);
    const data = r.mode === 'new'
      ? { ...a, mode: r.mode, offsets: r.offsets.sorted().map(([mq, offset]) => ({ ...mq, offset })) }
      : { ...a, mode: r.mode, rollback: r.rollback };
    this.output(data, () => {
      this.log(lines.intro);
      this.table(lines.header, lines.rows);
    });
  }
}
