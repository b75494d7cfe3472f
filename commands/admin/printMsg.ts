// `mq admin printMsg -t <topic>` (mqadmin printMsg): every message of every queue of a topic (or of
// a time window with -b / -e, or matching a tag expression with -s), pulled as the tools consumer.

import { Flags } from '@oclif/core';
import { AdminCommand } from '../../src/cli/admin/admin-command.js';
import { bodyDecoder, javaBoolean, topicFlag } from '../../src/cli/admin/flags.js';
import { messageJson, printMessageLine } from '../../src/admin/format/message-format.js';
import { messageQueueToString, pullRange, queueRange, withToolsConsumer } from '../../src/admin/pull-tools.js';

export default class PrintMsg extends AdminCommand {
  static override description = 'Print Message Detail';
  static override examples = [
    '<%= config.bin %> admin printMsg -t TopicTest',
    '<%= config.bin %> admin printMsg -t TopicTest -s TagA -d false',
  ];
  static override flags = {
    topic: topicFlag(),
    charsetName: Flags.string({ char: 'c', description: 'CharsetName(eg: UTF-8,GBK)' }),
    subExpression: Flags.string({ char: 's', description: 'Subscribe Expression(eg: TagA || TagB)' }),
    beginTimestamp: Flags.string({ char: 'b', description: 'Begin timestamp[currentTimeMillis|yyyy-MM-dd#HH:mm:ss:SSS]' }),
    endTimestamp: Flags.string({ char: 'e', description: 'End timestamp[currentTimeMillis|yyyy-MM-dd#HH:mm:ss:SSS]' }),
    printBody: Flags.string({ char: 'd', description: 'print body' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(PrintMsg);
    const topic = flags.topic.trim();
    const decoder = (javaBoolean(flags.printBody) ?? true) ? bodyDecoder(flags.charsetName) : null;
    const sub = flags.subExpression?.trim() ?? '*';
    const admin = this.adminClient(flags.namesrvAddr);
    await admin.examineTopicRouteInfo(topic);
    const json: unknown[] = [];
    await withToolsConsumer(admin, undefined, async (c) => {
      for (const mq of await c.fetchSubscribeMessageQueues(topic)) {
        const r = await queueRange(c, mq, flags.beginTimestamp, flags.endTimestamp);
        if (!this.jsonOutput) this.log(`minOffset=${r.minOffset}, maxOffset=${r.maxOffset}, ${messageQueueToString(mq)}`);
        await pullRange(c, mq, sub, r.minOffset, r.maxOffset, 32, (e) => {
          if (e.kind === 'found') {
            for (const m of e.messages) {
              if (this.jsonOutput) json.push(messageJson(m));
              else this.log(printMessageLine(m, decoder));
            }
          } else if (!this.jsonOutput) {
            this.log(
              e.kind === 'no-matched'
                ? `${messageQueueToString(mq)} no matched msg. status=NO_MATCHED_MSG, offset=${e.offset}`
                : `${messageQueueToString(mq)} print msg finished. status=${e.status}, offset=${e.offset}`,
            );
          }
        });
        if (!this.jsonOutput) this.log('--------------------------------------------------------');
      }
    });
    if (this.jsonOutput) this.log(JSON.stringify(json, null, 2));
  }
}
