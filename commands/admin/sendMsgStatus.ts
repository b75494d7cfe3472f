// `mq admin sendMsgStatus -b <brokerName> [-s size] [-c count]` (mqadmin sendMsgStatus): send to the
// broker's own topic and print the time and result of each send.

import { Flags } from '@oclif/core';
import { AdminCommand } from '../../src/cli/admin/admin-command.js';
import { intOption } from '../../src/cli/admin/flags.js';
import { sendMsgStatus } from '../../src/admin/brokers.js';

export default class SendMsgStatus extends AdminCommand {
  static override description = 'send msg to broker.';
  static override examples = ['<%= config.bin %> admin sendMsgStatus -b broker-a -c 10'];
  static override flags = {
    brokerName: Flags.string({ char: 'b', description: 'Broker Name', required: true }),
    messageSize: Flags.string({ char: 's', description: 'Message Size, Default: 128' }),
    count: Flags.string({ char: 'c', description: 'send message count, Default: 50' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(SendMsgStatus);
    const size = intOption('s', flags.messageSize, 1, 4 * 1024 * 1024) ?? 128;
    const count = intOption('c', flags.count, 0, 1_000_000) ?? 50;
    await sendMsgStatus(this.adminClient(flags.namesrvAddr), flags.brokerName.trim(), size, count, (rt, r) => {
      this.log(this.jsonOutput ? JSON.stringify({ rt, sendResult: r.toJSON() }) : `rt=${rt}ms, SendResult=${r.toString()}`);
    });
  }
}
