// `mq start`: a name server and a broker in one process, ready to use; the first command after install.

import path from 'node:path';
import { Flags } from '@oclif/core';
import { MqCommand } from '../src/cli/base-command.js';
import { parseIntegerFlag } from '../src/cli/flag-values.js';
import { runMq } from '../src/cli/mq-start.js';

export default class Start extends MqCommand {
  static override description = 'Start a name server and a broker in one process (data under ~/.mq, or $MQ_HOME)';

  static override examples = [
    '<%= config.bin %> start',
    '<%= config.bin %> start --store /var/lib/mq/store',
    '<%= config.bin %> start --namesrv-port 0 --broker-port 0',
    'ROCKETMQ_HOME=/opt/mq <%= config.bin %> start --acl',
  ];

  static override flags = {
    store: Flags.string({ description: 'Store directory (default: $MQ_HOME/store or ~/.mq/store)' }),
    'namesrv-port': Flags.string({ description: 'Name server port (default 9876; 0 picks a free one)' }),
    'broker-port': Flags.string({ description: 'Broker port (default 10911, VIP 10909, HA 10912; 0 picks free ones)' }),
    'broker-ip': Flags.string({ description: 'Address clients reach the broker at (default 127.0.0.1)' }),
    host: Flags.string({ description: 'Bind both servers to this address only (default: all interfaces)' }),
    acl: Flags.boolean({
      description: 'Turn ACL on (aclEnable=true): every request is checked against conf/plain_acl.yml under ROCKETMQ_HOME',
      default: false,
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Start);
    const started = await runMq({
      storeDir: flags.store ? path.resolve(flags.store) : undefined,
      namesrvPort: parseIntegerFlag('namesrv-port', flags['namesrv-port'], 0, 65535),
      brokerPort: parseIntegerFlag('broker-port', flags['broker-port'], 0, 65535),
      brokerIP: flags['broker-ip'],
      host: flags.host,
      aclEnable: flags.acl,
    });
    for (const line of started.lines) this.log(line);
  }
}
