// `mq admin producer -b <addr>` (mqadmin producer): every producer connected to a broker, by group.

import { Flags } from '@oclif/core';
import { AdminCommand } from '../../src/cli/admin/admin-command.js';
import { producerInfoLines } from '../../src/admin/format/group-format.js';

export default class Producer extends AdminCommand {
  static override description = "Query producer's instances, connection, status, etc.";
  static override examples = ['<%= config.bin %> admin producer -b 127.0.0.1:10911'];
  static override flags = {
    broker: Flags.string({ char: 'b', description: 'broker address', required: true }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Producer);
    const admin = this.adminClient(flags.namesrvAddr);
    const table = await this.withSpinner('Fetching producers', () => admin.calls.getAllProducerInfo(flags.broker.trim(), admin.timeoutMs));
    this.output(Object.fromEntries(table), () => producerInfoLines(table).forEach((l) => this.log(l)));
  }
}
