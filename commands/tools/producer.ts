// `mq tools producer`: the quickstart producer (tools.sh org.apache.rocketmq.example.quickstart.Producer).
// Sends --count messages "Hello RocketMQ <i>" to --topic with --tag and prints each SendResult.

import { Flags } from '@oclif/core';
import { credentialFlags, signingOptions, toolCredentials } from '../../src/tools/credentials.js';
import { MqCommand } from '../../src/cli/base-command.js';
import { quietClientLogs } from '../../src/tools/format.js';
import { parseIntegerFlag } from '../../src/cli/flag-values.js';
import { formatSendResult } from '../../src/tools/format.js';
import { QUICKSTART_DEFAULTS, runQuickstartProducer } from '../../src/tools/quickstart-producer.js';
import { tlsFlag } from '../../src/cli/tls-flag.js';

export default class ToolsProducer extends MqCommand {
  static override description = 'Quickstart producer: send "Hello RocketMQ <i>" messages and print each SendResult';

  static override examples = [
    '<%= config.bin %> tools producer -n 127.0.0.1:9876',
    '<%= config.bin %> tools producer -n 127.0.0.1:9876 -t TopicTest --tag TagB -c 20',
    'NAMESRV_ADDR=127.0.0.1:9876 <%= config.bin %> tools producer -c 5 --json',
  ];

  static override flags = {
    tls: tlsFlag,
    ...credentialFlags,
    namesrvAddr: Flags.string({
      char: 'n',
      description: 'Name server address list, e.g. "127.0.0.1:9876;127.0.0.2:9876" (default: NAMESRV_ADDR)',
    }),
    topic: Flags.string({ char: 't', description: 'Topic to send to', default: QUICKSTART_DEFAULTS.topic }),
    tag: Flags.string({ description: 'Tag of every message', default: QUICKSTART_DEFAULTS.tag }),
    group: Flags.string({ char: 'g', description: 'Producer group', default: QUICKSTART_DEFAULTS.producerGroup }),
    count: Flags.string({ char: 'c', description: 'Number of messages to send', default: String(QUICKSTART_DEFAULTS.count) }),
  };

  async run(): Promise<void> {
    quietClientLogs();
    const { flags } = await this.parse(ToolsProducer);
    const count = parseIntegerFlag('count', flags.count, 0, 100_000_000)!;
    await runQuickstartProducer(
      {
        namesrvAddr: flags.namesrvAddr,
        topic: flags.topic,
        tag: flags.tag,
        group: flags.group,
        count,
        client: signingOptions(toolCredentials(flags.accessKey, flags.secretKey)),
      },
      (result) => this.log(formatSendResult(result, this.jsonOutput)),
    );
  }
}
