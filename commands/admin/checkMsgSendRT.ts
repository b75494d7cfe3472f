// `mq admin checkMsgSendRT -t <topic> [-a amount] [-s size]` (mqadmin checkMsgSendRT): timed sends to
// the topic's queues in turn, one row each, then the average time of all but the first.

import { Flags } from '@oclif/core';
import { AdminCommand } from '../../src/cli/admin/admin-command.js';
import { intOption, topicFlag } from '../../src/cli/admin/flags.js';
import { checkMsgSendRT, type SendRtRow } from '../../src/admin/brokers.js';
import { jformat } from '../../src/admin/format/printf.js';

export default class CheckMsgSendRT extends AdminCommand {
  static override description = 'check message send response time';
  static override examples = ['<%= config.bin %> admin checkMsgSendRT -t TopicTest -a 10 -s 1024'];
  static override flags = {
    topic: topicFlag(),
    amount: Flags.string({ char: 'a', description: 'message amount | default 100' }),
    size: Flags.string({ char: 's', description: 'message size | default 128 Byte' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(CheckMsgSendRT);
    const amount = intOption('a', flags.amount, 1, 1_000_000) ?? 100;
    const size = intOption('s', flags.size, 0, 4 * 1024 * 1024) ?? 128;
    const rows: SendRtRow[] = [];
    if (!this.jsonOutput) this.header(jformat('%-32s  %-4s  %-20s    %s', '#Broker Name', '#QID', '#Send Result', '#RT'));
    const avg = await checkMsgSendRT(this.adminClient(flags.namesrvAddr), flags.topic.trim(), amount, size, (r) => {
      rows.push(r);
      if (!this.jsonOutput) this.log(jformat('%-32s  %-4s  %-20s    %s', r.brokerName, r.queueId, String(r.ok), r.rtMs));
    });
    this.output({ rows, avgRT: Number.isFinite(avg) ? avg : null }, () => this.log(`Avg RT: ${jformat('%.2f', avg)}`));
  }
}
