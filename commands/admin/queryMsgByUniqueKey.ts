// `mq admin queryMsgByUniqueKey -t <topic> -i <msgId>` (mqadmin queryMsgByUniqueKey): a message by the
// id its producer gave it (UNIQ_KEY); -a shows every copy (a retried send can store two). With -g and
// -d, one consumer of the group is asked to consume it again.

import { Flags } from '@oclif/core';
import { AdminCommand } from '../../src/cli/admin/admin-command.js';
import { topicFlag } from '../../src/cli/admin/flags.js';
import { messageDetailLines, messageJson, messageTrackLines } from '../../src/admin/format/message-format.js';
import {
  consumeDirectlyResultToString,
  consumeMessageDirectly,
  messageTrackDetail,
  queryMsgByUniqueKey,
  writeBodyFile,
} from '../../src/admin/messages.js';

export default class QueryMsgByUniqueKey extends AdminCommand {
  static override description = 'Query Message by Unique key';
  static override examples = ['<%= config.bin %> admin queryMsgByUniqueKey -t TopicTest -i 7F0000010B4C18B4AAC27B5E2D1E0000'];
  static override flags = {
    msgId: Flags.string({ char: 'i', description: 'Message Id', required: true }),
    consumerGroup: Flags.string({ char: 'g', description: 'consumer group name' }),
    clientId: Flags.string({ char: 'd', description: "The consumer's client id" }),
    topic: topicFlag('The topic of msg'),
    showAll: Flags.boolean({ char: 'a', description: 'Print all message, the limit is 32', default: false }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(QueryMsgByUniqueKey);
    const admin = this.adminClient(flags.namesrvAddr);
    const msgs = await this.withSpinner('Querying the index', () => queryMsgByUniqueKey(admin, flags.topic.trim(), flags.msgId.trim()));
    if (flags.consumerGroup !== undefined && flags.clientId !== undefined) {
      const r = await consumeMessageDirectly(admin, flags.consumerGroup.trim(), flags.clientId.trim(), msgs[0]!);
      this.output(r, () => this.log(consumeDirectlyResultToString(r)));
      return;
    }
    const shown = flags.showAll ? msgs : msgs.slice(0, 1);
    const out: unknown[] = [];
    for (const [i, m] of shown.entries()) {
      const bodyPath = writeBodyFile(m, i);
      const tracks = await messageTrackDetail(admin, m);
      out.push({ ...messageJson(m), bodyPath, tracks });
      if (!this.jsonOutput) [...messageDetailLines(m, bodyPath, false), ...messageTrackLines(tracks)].forEach((l) => this.log(l));
    }
    if (this.jsonOutput) this.log(JSON.stringify(flags.showAll ? out : out[0], null, 2));
  }
}
