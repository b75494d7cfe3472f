// `mq admin updateBrokerConfig -b <addr> | -c <cluster> -k <key> -v <value>` (mqadmin
// updateBrokerConfig): change one setting of a broker, or of every master of a cluster, at runtime.

import { Flags } from '@oclif/core';
import { AdminCommand } from '../../src/cli/admin/admin-command.js';
import { updateBrokerConfig } from '../../src/admin/brokers.js';

export default class UpdateBrokerConfig extends AdminCommand {
  static override description = "Update broker's config";
  static override examples = ['<%= config.bin %> admin updateBrokerConfig -b 127.0.0.1:10911 -k autoCreateTopicEnable -v false'];
  static override flags = {
    brokerAddr: Flags.string({ char: 'b', description: 'update which broker', exactlyOne: ['brokerAddr', 'clusterName'] }),
    clusterName: Flags.string({ char: 'c', description: 'update which cluster', exactlyOne: ['brokerAddr', 'clusterName'] }),
    key: Flags.string({ char: 'k', description: 'config key', required: true }),
    value: Flags.string({ char: 'v', description: 'config value', required: true }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(UpdateBrokerConfig);
    const target = flags.brokerAddr !== undefined ? { brokerAddr: flags.brokerAddr.trim() } : { cluster: flags.clusterName!.trim() };
    const key = flags.key.trim();
    const value = flags.value.trim();
    const addrs = await this.withSpinner(
      'Updating broker config',
      () => updateBrokerConfig(this.adminClient(flags.namesrvAddr), target, key, value),
    );
    this.output({ key, value, addrs }, () => addrs.forEach((a) => this.log(this.good(`update broker config success, ${a}`))));
  }
}
