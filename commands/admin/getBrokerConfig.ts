// `mq admin getBrokerConfig -b <addr> | -c <cluster>` (mqadmin getBrokerConfig): every setting of a
// broker, or of each master and slave of a cluster.

import { Flags } from '@oclif/core';
import { AdminCommand } from '../../src/cli/admin/admin-command.js';
import { getBrokerConfigs } from '../../src/admin/brokers.js';
import { jformat } from '../../src/admin/format/printf.js';

export default class GetBrokerConfig extends AdminCommand {
  static override description = 'Get broker config by cluster or special broker!';
  static override examples = [
    '<%= config.bin %> admin getBrokerConfig -b 127.0.0.1:10911',
    '<%= config.bin %> admin getBrokerConfig -c DefaultCluster',
  ];
  static override flags = {
    brokerAddr: Flags.string({ char: 'b', description: 'get which broker', exactlyOne: ['brokerAddr', 'clusterName'] }),
    clusterName: Flags.string({ char: 'c', description: 'get which cluster', exactlyOne: ['brokerAddr', 'clusterName'] }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(GetBrokerConfig);
    const target = flags.brokerAddr !== undefined ? { brokerAddr: flags.brokerAddr.trim() } : { cluster: flags.clusterName!.trim() };
    const blocks = await this.withSpinner('Fetching broker config', () => getBrokerConfigs(this.adminClient(flags.namesrvAddr), target));
    this.output(blocks.map((b) => ({ addr: b.addr, config: Object.fromEntries(b.config) })), () => {
      for (const b of blocks) {
        this.header(b.title);
        for (const [k, v] of b.config) this.log(jformat('%-50s=  %s', k, v));
        this.log('');
      }
    });
  }
}
