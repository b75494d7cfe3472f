// `mq admin queryMsgByKey -t <topic> -k <key>` (mqadmin queryMsgByKey): messages of a topic carrying
// the key, from every broker's index.

import { Flags } from '@oclif/core';
import { AdminCommand } from '../../src/cli/admin/admin-command.js';
import { topicFlag } from '../../src/cli/admin/flags.js';
import { keyQueryHeader, keyQueryLine, messageJson } from '../../src/admin/format/message-format.js';
import { queryMsgByKey } from '../../src/admin/messages.js';

export default class QueryMsgByKey extends AdminCommand {
  static override description = 'Query Message by Key';
  static override examples = ['<%= config.bin %> admin queryMsgByKey -t TopicTest -k OrderID001'];
  static override flags = {
    topic: topicFlag(),
    msgKey: Flags.string({ char: 'k', description: 'Message Key', required: true }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(QueryMsgByKey);
    const msgs = await this.withSpinner(
      'Querying the index',
      () => queryMsgByKey(this.adminClient(flags.namesrvAddr), flags.topic.trim(), flags.msgKey.trim()),
    );
    this.output(msgs.map(messageJson), () => this.table(keyQueryHeader(), msgs.map(keyQueryLine)));
  }
}
