// `mq admin brokerConsumeStats -b <addr> [-l level] [-o true]` (mqadmin brokerConsumeStats): the
// progress of every subscription group on one broker, queues with a backlog of at least -l.

import { Flags } from '@oclif/core';
import { AdminCommand } from '../../src/cli/admin/admin-command.js';
import { intOption, javaBoolean } from '../../src/cli/admin/flags.js';
import { brokerConsumeStatsRows, fetchConsumeStatsInBroker } from '../../src/admin/brokers.js';
import { frontStringAtLeast, jformat } from '../../src/admin/format/printf.js';
import { formatDateTime } from '../../src/admin/format/time.js';

const ROW = '%-64s  %-64s  %-32s  %-4d  %-20d  %-20d  %-20d  %s';

export default class BrokerConsumeStats extends AdminCommand {
  static override description = 'Fetch broker consume stats data';
  static override examples = ['<%= config.bin %> admin brokerConsumeStats -b 127.0.0.1:10911'];
  static override flags = {
    brokerAddr: Flags.string({ char: 'b', description: 'Broker address', required: true }),
    timeoutMillis: Flags.string({ char: 't', description: 'request timeout Millis' }),
    level: Flags.string({ char: 'l', description: 'threshold of print diff' }),
    order: Flags.string({ char: 'o', description: 'order topic' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(BrokerConsumeStats);
    const timeout = intOption('t', flags.timeoutMillis, 1) ?? 50_000;
    const level = intOption('l', flags.level) ?? 0;
    const list = await this.withSpinner(
      'Fetching consume stats',
      () =>
        fetchConsumeStatsInBroker(
          this.adminClient(flags.namesrvAddr),
          flags.brokerAddr!.trim(),
          javaBoolean(flags.order) ?? false,
          timeout,
        ),
    );
    const rows = brokerConsumeStatsRows(list, level);
    this.output({ rows, totalDiff: list.totalDiff }, () => {
      this.header(
        jformat(
          '%-64s  %-64s  %-32s  %-4s  %-20s  %-20s  %-20s  %s',
          '#Topic',
          '#Group',
          '#Broker Name',
          '#QID',
          '#Broker Offset',
          '#Consumer Offset',
          '#Diff',
          '#LastTime',
        ),
      );
      for (const r of rows) {
        this.log(
          jformat(
            ROW,
            frontStringAtLeast(r.topic, 64),
            r.group,
            frontStringAtLeast(r.brokerName, 32),
            r.queueId,
            r.brokerOffset,
            r.consumerOffset,
            r.diff,
            formatDateTime(r.lastTimestamp),
          ),
        );
      }
      this.log('');
      this.log(`Diff Total: ${list.totalDiff}`);
    });
  }
}
