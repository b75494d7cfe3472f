// `mq admin queryMsgById -i <offsetMsgId>[,<id>...]` (mqadmin queryMsgById): the stored message an
// offset message id names, its body saved to a file, and what each consuming group did with it.
// With -g and -d, one consumer of the group is asked to consume it again (consumeMessageDirectly).
// A client's unique id (what a send prints first) is found with -t <topic>, in that topic's index.

import { Flags } from '@oclif/core';
import { AdminCommand } from '../../src/cli/admin/admin-command.js';
import { javaBoolean } from '../../src/cli/admin/flags.js';
import { messageDetailLines, messageJson, messageTrackLines } from '../../src/admin/format/message-format.js';
import {
  consumeDirectlyResultToString,
  consumeMessageDirectly,
  messageTrackDetail,
  viewMessage,
  writeBodyFile,
} from '../../src/admin/messages.js';
import { resendMessage } from '../../src/admin/send.js';

export default class QueryMsgById extends AdminCommand {
  static override description = 'Query Message by Id';
  static override examples = ['<%= config.bin %> admin queryMsgById -i 7F00000100002A9F0000000000000000'];
  static override flags = {
    msgId: Flags.string({ char: 'i', description: 'Message Id', required: true }),
    consumerGroup: Flags.string({ char: 'g', description: 'consumer group name' }),
    clientId: Flags.string({ char: 'd', description: "The consumer's client id" }),
    sendMessage: Flags.string({ char: 's', description: 'resend message' }),
    unitName: Flags.string({ char: 'u', description: 'unit name' }),
    topic: Flags.string({ char: 't', description: 'The topic of msg, to find a client message id (unique key) in its index' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(QueryMsgById);
    const admin = this.adminClient(flags.namesrvAddr);
    const ids = flags.msgId.split(',').map((s) => s.trim()).filter(Boolean);
    const results: unknown[] = [];
    for (const id of ids) {
      const msg = await this.withSpinner(`Looking up ${id}`, () => viewMessage(admin, id, flags.topic?.trim()));
      if (flags.consumerGroup !== undefined && flags.clientId !== undefined) {
        const r = await consumeMessageDirectly(admin, flags.consumerGroup.trim(), flags.clientId.trim(), msg);
        results.push(r);
        if (!this.jsonOutput) this.log(consumeDirectlyResultToString(r));
      } else if (flags.sendMessage !== undefined) {
        if (!javaBoolean(flags.sendMessage)) continue;
        const r = await resendMessage(admin, msg, flags.unitName?.trim());
        results.push({ originalMsgId: id, sendResult: r.toJSON() });
        if (!this.jsonOutput) this.log(`prepare resend msg. originalMsgId=${id}${r.toString()}`);
      } else {
        const bodyPath = writeBodyFile(msg);
        const tracks = await messageTrackDetail(admin, msg);
        results.push({ ...messageJson(msg), bodyPath, tracks });
        if (!this.jsonOutput) [...messageDetailLines(msg, bodyPath, true), ...messageTrackLines(tracks)].forEach((l) => this.log(l));
      }
    }
    if (this.jsonOutput) this.log(JSON.stringify(results.length === 1 ? results[0] : results, null, 2));
  }
}
