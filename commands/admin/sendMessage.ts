// `mq admin sendMessage -t <topic> -p <body> [-k keys] [-c tags] [-b brokerName -i queueId]`
// (mqadmin sendMessage): send one message and print where it went and its id.

import { Flags } from '@oclif/core';
import { AdminCommand } from '../../src/cli/admin/admin-command.js';
import { intOption, topicFlag } from '../../src/cli/admin/flags.js';
import { sendResultLines } from '../../src/admin/format/message-format.js';
import { sendOne } from '../../src/admin/send.js';
import { ConfigError } from '../../src/cli/flag-values.js';

export default class SendMessage extends AdminCommand {
  static override description = 'Send a message';
  static override examples = [
    '<%= config.bin %> admin sendMessage -t TopicTest -p "hello" -k OrderID001 -c TagA',
    '<%= config.bin %> admin sendMessage -t TopicTest -p "hello" -b broker-a -i 1',
  ];
  static override flags = {
    topic: topicFlag('Topic name'),
    body: Flags.string({ char: 'p', description: 'UTF-8 string format of the message body', required: true }),
    key: Flags.string({ char: 'k', description: 'Message keys' }),
    tags: Flags.string({ char: 'c', description: 'Message tags' }),
    broker: Flags.string({ char: 'b', description: 'Send message to target broker' }),
    qid: Flags.string({ char: 'i', description: 'Send message to target queue' }),
    msgTraceEnable: Flags.string({ char: 'm', description: 'Message Trace Enable, Default: false' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(SendMessage);
    if (flags.qid !== undefined && flags.broker === undefined) {
      throw new ConfigError('Broker name must be set if the queue is chosen! (-i needs -b)');
    }
    const r = await this.withSpinner('Sending', () =>
      sendOne(this.adminClient(flags.namesrvAddr), {
        topic: flags.topic.trim(),
        body: flags.body.trim(),
        ...(flags.key !== undefined ? { keys: flags.key.trim() } : {}),
        ...(flags.tags !== undefined ? { tags: flags.tags.trim() } : {}),
        ...(flags.broker !== undefined ? { brokerName: flags.broker.trim() } : {}),
        ...(flags.qid !== undefined ? { queueId: intOption('i', flags.qid, 0)! } : {}),
      }));
    this.output(r.toJSON(), () => {
      const l = sendResultLines(r);
      this.table(l.header, [l.row]);
    });
  }
}
