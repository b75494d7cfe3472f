// `mq admin consumeMessage -t <topic> [-b brokerName [-i queueId [-o offset]]] [-c count]`
// (mqadmin consumeMessage): read up to -c messages (128) from the start of each queue, of one queue,
// or from an offset, optionally within a time window (-s / -e), without committing any offset.

import { Flags } from '@oclif/core';
import { AdminCommand } from '../../src/cli/admin/admin-command.js';
import { intOption, topicFlag } from '../../src/cli/admin/flags.js';
import { messageJson, printMessageLine } from '../../src/admin/format/message-format.js';
import { parseTimestampArg } from '../../src/admin/format/time.js';
import { type MessageQueue, messageQueueToString, pullRange, queueRange, withToolsConsumer } from '../../src/admin/pull-tools.js';
import { ConfigError } from '../../src/cli/flag-values.js';

export default class ConsumeMessage extends AdminCommand {
  static override description = 'Consume message';
  static override examples = [
    '<%= config.bin %> admin consumeMessage -t TopicTest -c 10',
    '<%= config.bin %> admin consumeMessage -t TopicTest -b broker-a -i 0 -o 5 -c 1',
  ];
  static override flags = {
    topic: topicFlag('Topic name'),
    brokerName: Flags.string({ char: 'b', description: 'Broker name' }),
    queueId: Flags.string({ char: 'i', description: 'Queue Id' }),
    offset: Flags.string({ char: 'o', description: 'Queue offset' }),
    consumerGroup: Flags.string({ char: 'g', description: 'Consumer group name' }),
    beginTimestamp: Flags.string({ char: 's', description: 'Begin timestamp[currentTimeMillis|yyyy-MM-dd#HH:mm:ss:SSS]' }),
    endTimestamp: Flags.string({ char: 'e', description: 'End timestamp[currentTimeMillis|yyyy-MM-dd#HH:mm:ss:SSS]' }),
    MessageNumber: Flags.string({ char: 'c', description: 'Number of message to be consumed' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(ConsumeMessage);
    const topic = flags.topic.trim();
    const count = intOption('c', flags.MessageNumber, 1) ?? 128;
    if (flags.queueId !== undefined && flags.brokerName === undefined) {
      throw new ConfigError('Please set the brokerName before queueId! (-i needs -b)');
    }
    if (flags.offset !== undefined && flags.queueId === undefined) throw new ConfigError('Please set queueId before offset! (-o needs -i)');
    const now = Date.now();
    const begin = flags.beginTimestamp !== undefined ? parseTimestampArg('s', flags.beginTimestamp) : undefined;
    const end = flags.endTimestamp !== undefined ? parseTimestampArg('e', flags.endTimestamp) : undefined;
    if (begin !== undefined && begin > now) throw new ConfigError('Please set the beginTimestamp before now!');
    if (end !== undefined && end > now) throw new ConfigError('Please set the endTimestamp before now!');
    if (begin !== undefined && end !== undefined && begin > end) {
      throw new ConfigError('Please make sure that the beginTimestamp is less than or equal to the endTimestamp');
    }
    const fromOffset = intOption('o', flags.offset, 0) ?? 0;
    const admin = this.adminClient(flags.namesrvAddr);
    await admin.examineTopicRouteInfo(topic);
    const decoder = new TextDecoder('utf-8');
    const json: unknown[] = [];
    const say = (line: string) => {
      if (!this.jsonOutput) this.log(line);
    };
    await withToolsConsumer(admin, flags.consumerGroup?.trim(), async (c) => {
      const queues: MessageQueue[] = flags.queueId !== undefined
        ? [{ topic, brokerName: flags.brokerName!.trim(), queueId: intOption('i', flags.queueId, 0)! }]
        : await c.fetchSubscribeMessageQueues(topic);
      let left = count;
      for (const mq of queues) {
        if (left <= 0) break;
        const r = await queueRange(c, mq, flags.beginTimestamp, flags.endTimestamp, 's', 'e');
        const from = Math.max(r.minOffset, fromOffset);
        if (fromOffset > r.maxOffset) {
          say(`${messageQueueToString(mq)} no matched msg, offset=${fromOffset}`);
          continue;
        }
        let to = r.maxOffset;
        if (to - from > left) {
          say(`The older ${left} message of the ${mq.queueId} queue will be provided`);
          to = from + left;
        }
        let finished = false;
        await pullRange(c, mq, '*', from, to, 32, (e) => {
          if (e.kind === 'found') {
            say('Consume ok');
            for (const m of e.messages) {
              left--;
              if (this.jsonOutput) json.push(messageJson(m));
              else this.log(printMessageLine(m, decoder));
            }
          } else if (e.kind === 'no-matched') {
            say(`${messageQueueToString(mq)} no matched msg. status=NO_MATCHED_MSG, offset=${e.offset}`);
          } else {
            finished = true;
            say(`${messageQueueToString(mq)} print msg finished. status=${e.status}, offset=${e.offset}`);
          }
        });
        if (!finished && to === r.maxOffset) say(`${messageQueueToString(mq)} print msg finished. status=NO_NEW_MSG, offset=${to}`);
      }
    });
    if (this.jsonOutput) this.log(JSON.stringify(json, null, 2));
  }
}
