// `mq admin queryMsgByOffset -t <topic> -b <brokerName> -i <queueId> -o <offset>` (mqadmin
// queryMsgByOffset): the message at a queue offset, pulled as the tools consumer.

import { Flags } from '@oclif/core';
import { AdminCommand } from '../../src/cli/admin/admin-command.js';
import { intOption, topicFlag } from '../../src/cli/admin/flags.js';
import { messageDetailLines, messageJson, messageTrackLines } from '../../src/admin/format/message-format.js';
import { messageTrackDetail, writeBodyFile } from '../../src/admin/messages.js';
import { messageAtOffset } from '../../src/admin/pull-tools.js';

export default class QueryMsgByOffset extends AdminCommand {
  static override description = 'Query Message by offset';
  static override examples = ['<%= config.bin %> admin queryMsgByOffset -t TopicTest -b broker-a -i 0 -o 0'];
  static override flags = {
    topic: topicFlag(),
    brokerName: Flags.string({ char: 'b', description: 'Broker Name', required: true }),
    queueId: Flags.string({ char: 'i', description: 'Queue Id', required: true }),
    offset: Flags.string({ char: 'o', description: 'Queue Offset', required: true }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(QueryMsgByOffset);
    const mq = { topic: flags.topic.trim(), brokerName: flags.brokerName.trim(), queueId: intOption('i', flags.queueId, 0)! };
    const offset = intOption('o', flags.offset, 0)!;
    const admin = this.adminClient(flags.namesrvAddr);
    await admin.examineTopicRouteInfo(mq.topic);
    const msg = await this.withSpinner('Pulling the message', () => messageAtOffset(admin, mq, offset));
    const bodyPath = writeBodyFile(msg);
    const tracks = await messageTrackDetail(admin, msg);
    this.output(
      { ...messageJson(msg), bodyPath, tracks },
      () => [...messageDetailLines(msg, bodyPath, true), ...messageTrackLines(tracks)].forEach((l) => this.log(l)),
    );
  }
}
