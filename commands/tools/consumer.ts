// `mq tools consumer`: the quickstart consumer (tools.sh org.apache.rocketmq.example.quickstart.Consumer).
// Subscribes to --topic (tag expression --tag, "*" by default, or a SQL92 property filter --sql) and
// prints every message received, until --count messages have arrived or SIGINT/SIGTERM, then stops
// gracefully (offsets persisted, unregistered).

import { Flags } from '@oclif/core';
import { credentialFlags, signingOptions, toolCredentials } from '../../src/tools/credentials.js';
import { MqCommand } from '../../src/cli/base-command.js';
import { quietClientLogs } from '../../src/tools/format.js';
import { parseIntegerFlag } from '../../src/cli/flag-values.js';
import { stopOnSignal } from '../../src/cli/process-lifetime.js';
import { formatReceivedMessage } from '../../src/tools/format.js';
import { ConsumeFromWhere, MessageModel, MessageSelector, QuickstartConsumer } from '../../src/tools/quickstart-consumer.js';
import { QUICKSTART_DEFAULTS } from '../../src/tools/quickstart-producer.js';
import { tlsFlag } from '../../src/cli/tls-flag.js';

export default class ToolsConsumer extends MqCommand {
  static override description = 'Quickstart consumer: subscribe to a topic and print every message received';

  static override examples = [
    '<%= config.bin %> tools consumer -n 127.0.0.1:9876',
    '<%= config.bin %> tools consumer -n 127.0.0.1:9876 -t TopicTest --tag "TagA || TagB" -c 20',
    `<%= config.bin %> tools consumer -n 127.0.0.1:9876 -t TopicTest --sql "a BETWEEN 3 AND 5 AND b = 'x'"`,
    'NAMESRV_ADDR=127.0.0.1:9876 <%= config.bin %> tools consumer -c 5 --json',
  ];

  static override flags = {
    tls: tlsFlag,
    ...credentialFlags,
    namesrvAddr: Flags.string({
      char: 'n',
      description: 'Name server address list, e.g. "127.0.0.1:9876;127.0.0.2:9876" (default: NAMESRV_ADDR)',
    }),
    topic: Flags.string({ char: 't', description: 'Topic to subscribe to', default: QUICKSTART_DEFAULTS.topic }),
    tag: Flags.string({ description: 'Subscription expression: "*", "TagA", "TagA || TagB"', default: '*' }),
    sql: Flags.string({
      description: 'SQL92 property filter instead of --tag, e.g. "a > 3 AND b = \'x\'" (the broker needs enablePropertyFilter=true)',
      exclusive: ['tag'],
    }),
    group: Flags.string({ char: 'g', description: 'Consumer group', default: QUICKSTART_DEFAULTS.consumerGroup }),
    count: Flags.string({ char: 'c', description: 'Stop after this many messages (0: run until interrupted)', default: '0' }),
    from: Flags.string({ description: 'Where a new group starts: first or last', default: 'first', options: ['first', 'last'] }),
    broadcasting: Flags.boolean({ description: 'Broadcasting instead of clustering (offsets kept locally)', default: false }),
  };

  async run(): Promise<void> {
    quietClientLogs();
    const { flags } = await this.parse(ToolsConsumer);
    const count = parseIntegerFlag('count', flags.count, 0, 100_000_000)!;
    const json = this.jsonOutput;
    const tool = new QuickstartConsumer({
      namesrvAddr: flags.namesrvAddr,
      topic: flags.topic,
      subExpression: flags.sql !== undefined ? MessageSelector.bySql(flags.sql) : flags.tag,
      group: flags.group,
      count,
      consumeFromWhere: flags.from === 'last' ? ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET : ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET,
      messageModel: flags.broadcasting ? MessageModel.BROADCASTING : MessageModel.CLUSTERING,
      client: signingOptions(toolCredentials(flags.accessKey, flags.secretKey)),
    }, (m, thread) => this.log(formatReceivedMessage(m, thread, json)));
    stopOnSignal(() => tool.stop());
    await tool.start();
    if (!json) this.log('Consumer Started.');
    await tool.done;
  }
}
