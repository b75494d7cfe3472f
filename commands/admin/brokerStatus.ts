// `mq admin brokerStatus -b <addr> | -c <cluster>` (mqadmin brokerStatus): a broker's runtime
// figures, sorted by name; with -c every broker of the cluster, each line prefixed by its address.

import { Flags } from '@oclif/core';
import { AdminCommand } from '../../src/cli/admin/admin-command.js';
import { brokerStatus } from '../../src/admin/brokers.js';
import { jformat } from '../../src/admin/format/printf.js';

export default class BrokerStatus extends AdminCommand {
  static override description = 'Fetch broker runtime status data';
  static override examples = [
    '<%= config.bin %> admin brokerStatus -b 127.0.0.1:10911',
    '<%= config.bin %> admin brokerStatus -c DefaultCluster',
  ];
  static override flags = {
    brokerAddr: Flags.string({ char: 'b', description: 'Broker address', exactlyOne: ['brokerAddr', 'clusterName'] }),
    clusterName: Flags.string({ char: 'c', description: 'which cluster', exactlyOne: ['brokerAddr', 'clusterName'] }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(BrokerStatus);
    const target = flags.brokerAddr !== undefined ? { brokerAddr: flags.brokerAddr.trim() } : { cluster: flags.clusterName!.trim() };
    const all = await this.withSpinner('Fetching broker status', () => brokerStatus(this.adminClient(flags.namesrvAddr), target));
    const sorted = all.map((b) => ({ addr: b.addr, stats: [...b.stats].sort(([a], [c]) => (a < c ? -1 : a > c ? 1 : 0)) }));
    this.output(sorted.map((b) => ({ addr: b.addr, stats: Object.fromEntries(b.stats) })), () => {
      for (const b of sorted) {
        for (const [k, v] of b.stats) {
          this.log(target.brokerAddr !== undefined ? jformat('%-32s: %s', k, v) : jformat('%-24s %-32s: %s', b.addr, k, v));
        }
      }
    });
  }
}
