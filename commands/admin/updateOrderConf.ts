// `mq admin updateOrderConf -t <topic> -m put|get|delete [-v brokerName:num;...]` (mqadmin
// updateOrderConf): the topic's order configuration in the name servers' KV store.

import { Flags } from '@oclif/core';
import { AdminCommand } from '../../src/cli/admin/admin-command.js';
import { topicFlag } from '../../src/cli/admin/flags.js';
import { ConfigError } from '../../src/cli/flag-values.js';
import { createOrUpdateOrderConf, NAMESPACE_ORDER_TOPIC_CONFIG } from '../../src/admin/topics.js';
import { deleteKvConfig, getKvConfig } from '../../src/admin/namesrv.js';

export default class UpdateOrderConf extends AdminCommand {
  static override description = 'Create or update or delete order conf';
  static override examples = [
    '<%= config.bin %> admin updateOrderConf -t OrderTopic -m put -v "broker-a:4;broker-b:4"',
    '<%= config.bin %> admin updateOrderConf -t OrderTopic -m get',
  ];
  static override flags = {
    topic: topicFlag(),
    orderConf: Flags.string({ char: 'v', description: 'set order conf [eg. brokerName1:num;brokerName2:num]' }),
    method: Flags.string({ char: 'm', description: 'option type [eg. put|get|delete', required: true, options: ['put', 'get', 'delete'] }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(UpdateOrderConf);
    const topic = flags.topic.trim();
    const admin = this.adminClient(flags.namesrvAddr);
    if (flags.method === 'get') {
      const conf = await getKvConfig(admin, NAMESPACE_ORDER_TOPIC_CONFIG, topic);
      if (conf === undefined) throw new ConfigError(`topic ${topic} has no order configuration`);
      this.output({ topic, orderConf: conf }, () => this.log(`get orderConf success. topic=[${topic}], orderConf=[${conf}]`));
    } else if (flags.method === 'put') {
      const value = flags.orderConf?.trim() ?? '';
      if (!value) throw new ConfigError('please set orderConf with option -v.');
      await createOrUpdateOrderConf(admin, topic, value, true);
      this.output(
        { topic, orderConf: value },
        () => this.log(this.good(`update orderConf success. topic=[${topic}], orderConf=[${value}]`)),
      );
    } else {
      await deleteKvConfig(admin, NAMESPACE_ORDER_TOPIC_CONFIG, topic);
      this.output({ topic }, () => this.log(this.good(`delete orderConf success. topic=[${topic}]`)));
    }
  }
}
