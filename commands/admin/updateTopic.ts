// `mq admin updateTopic` (mqadmin updateTopic): create or update a topic on one broker (-b) or on
// every master of a cluster (-c), with 8 read and 8 write queues unless -r / -w say otherwise;
// -o true also records the topic's order configuration on the name servers.

import { Flags } from '@oclif/core';
import { AdminCommand } from '../../src/cli/admin/admin-command.js';
import { intOption, javaBoolean, topicFlag } from '../../src/cli/admin/flags.js';
import { createTopicConfig, topicConfigToString, TopicSysFlag, updateTopicOnBroker, updateTopicOnCluster } from '../../src/admin/topics.js';

export default class UpdateTopic extends AdminCommand {
  static override description = 'Update or create topic';
  static override examples = [
    '<%= config.bin %> admin updateTopic -c DefaultCluster -t TopicTest -r 8 -w 8',
    '<%= config.bin %> admin updateTopic -b 127.0.0.1:10911 -t OrderTopic -r 4 -w 4 -o true',
  ];
  static override flags = {
    brokerAddr: Flags.string({ char: 'b', description: 'create topic to which broker', exactlyOne: ['brokerAddr', 'clusterName'] }),
    clusterName: Flags.string({ char: 'c', description: 'create topic to which cluster', exactlyOne: ['brokerAddr', 'clusterName'] }),
    topic: topicFlag(),
    readQueueNums: Flags.string({ char: 'r', description: 'set read queue nums' }),
    writeQueueNums: Flags.string({ char: 'w', description: 'set write queue nums' }),
    perm: Flags.string({ char: 'p', description: "set topic's permission(2|4|6), intro[2:W 4:R; 6:RW]" }),
    order: Flags.string({ char: 'o', description: "set topic's order(true|false)" }),
    unit: Flags.string({ char: 'u', description: 'is unit topic (true|false)' }),
    hasUnitSub: Flags.string({ char: 's', description: 'has unit sub (true|false)' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(UpdateTopic);
    const unit = javaBoolean(flags.unit) ?? false;
    const unitSub = javaBoolean(flags.hasUnitSub) ?? false;
    const tc = createTopicConfig(flags.topic.trim(), {
      readQueueNums: intOption('r', flags.readQueueNums, 0, 65_535) ?? 8,
      writeQueueNums: intOption('w', flags.writeQueueNums, 0, 65_535) ?? 8,
      perm: intOption('p', flags.perm, 0, 15) ?? 6,
      topicSysFlag: (unit ? TopicSysFlag.FLAG_UNIT : 0) | (unitSub ? TopicSysFlag.FLAG_UNIT_SUB : 0),
      order: javaBoolean(flags.order) ?? false,
    });
    const admin = this.adminClient(flags.namesrvAddr);
    const r = await this.withSpinner(
      'Creating topic',
      () =>
        flags.brokerAddr !== undefined
          ? updateTopicOnBroker(admin, flags.brokerAddr.trim(), tc)
          : updateTopicOnCluster(admin, flags.clusterName!.trim(), tc),
    );
    this.output(r, () => {
      if (flags.brokerAddr !== undefined && r.orderConf !== undefined) {
        this.log(`set broker orderConf. isOrder=true, orderConf=[${r.orderConf}]`);
      }
      for (const addr of r.addrs) this.log(this.good(`create topic to ${addr} success.`));
      if (flags.clusterName !== undefined && r.orderConf !== undefined) {
        this.log(`set cluster orderConf. isOrder=true, orderConf=[${r.orderConf}]`);
      }
      this.log(topicConfigToString(tc));
    });
  }
}
