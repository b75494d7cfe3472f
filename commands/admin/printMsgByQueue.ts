// `mq admin printMsgByQueue -t <topic> -a <brokerName> -i <queueId>` (mqadmin printMsgByQueue): the
// messages of one queue (-p true to print them, -d true with bodies), and with -f true a count of
// messages per tag.

import { Flags } from '@oclif/core';
import { AdminCommand } from '../../src/cli/admin/admin-command.js';
import { bodyDecoder, intOption, javaBoolean, topicFlag } from '../../src/cli/admin/flags.js';
import { messageJson, printMessageLine } from '../../src/admin/format/message-format.js';
import { jformat } from '../../src/admin/format/printf.js';
import { pullRange, queueRange, withToolsConsumer } from '../../src/admin/pull-tools.js';

export default class PrintMsgByQueue extends AdminCommand {
  static override description = 'Print Message Detail';
  static override examples = [
    '<%= config.bin %> admin printMsgByQueue -t TopicTest -a broker-a -i 0 -p true',
    '<%= config.bin %> admin printMsgByQueue -t TopicTest -a broker-a -i 0 -f true',
  ];
  static override flags = {
    topic: topicFlag(),
    brokerName: Flags.string({ char: 'a', description: 'broker name', required: true }),
    queueId: Flags.string({ char: 'i', description: 'queue id', required: true }),
    charsetName: Flags.string({ char: 'c', description: 'CharsetName(eg: UTF-8,GBK)' }),
    subExpression: Flags.string({ char: 's', description: 'Subscribe Expression(eg: TagA || TagB)' }),
    beginTimestamp: Flags.string({ char: 'b', description: 'Begin timestamp[currentTimeMillis|yyyy-MM-dd#HH:mm:ss:SSS]' }),
    endTimestamp: Flags.string({ char: 'e', description: 'End timestamp[currentTimeMillis|yyyy-MM-dd#HH:mm:ss:SSS]' }),
    printMsg: Flags.string({ char: 'p', description: 'print msg. eg: true | false(default)' }),
    printBody: Flags.string({ char: 'd', description: 'print body. eg: true | false(default)' }),
    calculate: Flags.string({ char: 'f', description: 'calculate by tag. eg: true | false(default)' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(PrintMsgByQueue);
    const mq = { topic: flags.topic.trim(), brokerName: flags.brokerName.trim(), queueId: intOption('i', flags.queueId, 0)! };
    const printMsg = javaBoolean(flags.printMsg) ?? false;
    const decoder = (javaBoolean(flags.printBody) ?? false) ? bodyDecoder(flags.charsetName) : null;
    const byTag = javaBoolean(flags.calculate) ?? false;
    const admin = this.adminClient(flags.namesrvAddr);
    await admin.examineTopicRouteInfo(mq.topic);
    const tags = new Map<string, number>();
    const json: unknown[] = [];
    await withToolsConsumer(admin, undefined, async (c) => {
      const r = await queueRange(c, mq, flags.beginTimestamp, flags.endTimestamp);
      await pullRange(c, mq, flags.subExpression?.trim() ?? '*', r.minOffset, r.maxOffset, 32, (e) => {
        if (e.kind !== 'found') return;
        for (const m of e.messages) {
          const tag = m.tags;
          if (byTag && tag && tag.trim()) tags.set(tag, (tags.get(tag) ?? 0) + 1);
          if (!printMsg) continue;
          if (this.jsonOutput) json.push(messageJson(m));
          else this.log(printMessageLine(m, decoder));
        }
      }, true);
    });
    const counts = [...tags].sort((a, b) => b[1] - a[1]);
    this.output({ messages: json, tags: Object.fromEntries(counts) }, () => {
      for (const [tag, n] of counts) this.log(jformat('Tag: %-30s Count: %s', tag, n));
    });
  }
}
