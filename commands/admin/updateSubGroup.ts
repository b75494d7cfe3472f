// `mq admin updateSubGroup -g <group> (-b <addr> | -c <cluster>)` (mqadmin updateSubGroup): create or
// update a subscription group (consume enable, broadcast, retry queues and times, broker ids).

import { Flags } from '@oclif/core';
import { AdminCommand } from '../../src/cli/admin/admin-command.js';
import { intOption, javaBoolean } from '../../src/cli/admin/flags.js';
import { createSubscriptionGroupConfig, subscriptionGroupConfigToString, updateSubGroup } from '../../src/admin/groups.js';

export default class UpdateSubGroup extends AdminCommand {
  static override description = 'Update or create subscription group';
  static override examples = [
    '<%= config.bin %> admin updateSubGroup -c DefaultCluster -g my_group',
    '<%= config.bin %> admin updateSubGroup -b 127.0.0.1:10911 -g my_group -r 3',
  ];
  static override flags = {
    brokerAddr: Flags.string({
      char: 'b',
      description: 'create subscription group to which broker',
      exactlyOne: ['brokerAddr', 'clusterName'],
    }),
    clusterName: Flags.string({
      char: 'c',
      description: 'create subscription group to which cluster',
      exactlyOne: ['brokerAddr', 'clusterName'],
    }),
    groupName: Flags.string({ char: 'g', description: 'consumer group name', required: true }),
    consumeEnable: Flags.string({ char: 's', description: 'consume enable' }),
    consumeFromMinEnable: Flags.string({ char: 'm', description: 'from min offset' }),
    consumeBroadcastEnable: Flags.string({ char: 'd', description: 'broadcast' }),
    retryQueueNums: Flags.string({ char: 'q', description: 'retry queue nums' }),
    retryMaxTimes: Flags.string({ char: 'r', description: 'retry max times' }),
    brokerId: Flags.string({ char: 'i', description: 'consumer from which broker id' }),
    whichBrokerWhenConsumeSlowly: Flags.string({ char: 'w', description: 'which broker id when consume slowly' }),
    notifyConsumerIdsChanged: Flags.string({ char: 'a', description: 'notify consumerId changed' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(UpdateSubGroup);
    const config = createSubscriptionGroupConfig(flags.groupName.trim(), { consumeBroadcastEnable: false, consumeFromMinEnable: false });
    const set = <K extends keyof typeof config>(k: K, v: (typeof config)[K] | undefined) => {
      if (v !== undefined) config[k] = v;
    };
    set('consumeEnable', javaBoolean(flags.consumeEnable));
    set('consumeFromMinEnable', javaBoolean(flags.consumeFromMinEnable));
    set('consumeBroadcastEnable', javaBoolean(flags.consumeBroadcastEnable));
    set('retryQueueNums', intOption('q', flags.retryQueueNums, 0, 1024));
    set('retryMaxTimes', intOption('r', flags.retryMaxTimes, -1, 1024));
    set('brokerId', intOption('i', flags.brokerId, 0));
    set('whichBrokerWhenConsumeSlowly', intOption('w', flags.whichBrokerWhenConsumeSlowly, 0));
    set('notifyConsumerIdsChangedEnable', javaBoolean(flags.notifyConsumerIdsChanged));
    const target = flags.brokerAddr !== undefined ? { brokerAddr: flags.brokerAddr.trim() } : { cluster: flags.clusterName!.trim() };
    const addrs = await this.withSpinner(
      'Updating subscription group',
      () => updateSubGroup(this.adminClient(flags.namesrvAddr), target, config),
    );
    this.output({ addrs, config }, () => {
      for (const a of addrs) this.log(this.good(`create subscription group to ${a} success.`));
      this.log(subscriptionGroupConfigToString(config));
    });
  }
}
