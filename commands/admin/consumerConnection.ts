// `mq admin consumerConnection -g <group>` (mqadmin consumerConnection): the group's connected
// clients with their address, language and version, its subscriptions and consume mode.

import { Flags } from '@oclif/core';
import { AdminCommand } from '../../src/cli/admin/admin-command.js';
import { consumerConnectionLines } from '../../src/admin/format/group-format.js';
import { mqVersionDesc } from '../../src/admin/format/mq-version.js';

export default class ConsumerConnection extends AdminCommand {
  static override description = "Query consumer's socket connection, client version and subscription";
  static override examples = ['<%= config.bin %> admin consumerConnection -g please_rename_unique_group_name_4'];
  static override flags = {
    consumerGroup: Flags.string({ char: 'g', description: 'consumer group name', required: true }),
    brokerAddr: Flags.string({ char: 'b', description: 'broker address' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(ConsumerConnection);
    const cc = await this.adminClient(flags.namesrvAddr).examineConsumerConnectionInfo(
      flags.consumerGroup.trim(),
      flags.brokerAddr?.trim(),
    );
    const data = {
      connections: cc.connectionSet.map((c) => ({ ...c, versionDesc: mqVersionDesc(c.version) })),
      subscriptions: [...cc.subscriptionTable.values()].map((sd) => ({ topic: sd.topic, subExpression: sd.subString })),
      consumeType: cc.consumeType,
      messageModel: cc.messageModel,
      consumeFromWhere: cc.consumeFromWhere,
    };
    this.output(data, () => {
      const t = consumerConnectionLines(cc);
      this.table(t.header, t.rows);
      t.rest.forEach((l) => this.log(l));
    });
  }
}
