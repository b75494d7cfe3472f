// `mq admin topicRoute -t <topic>` (mqadmin topicRoute): the topic's route from the name server,
// as JSON (fastjson's pretty layout, as mqadmin prints it) or, with -l, as a table.

import { Flags } from '@oclif/core';
import { AdminCommand } from '../../src/cli/admin/admin-command.js';
import { topicFlag } from '../../src/cli/admin/flags.js';
import { topicRouteJson, topicRouteListLines } from '../../src/admin/format/topic-format.js';

export default class TopicRoute extends AdminCommand {
  static override description = 'Examine topic route info';
  static override examples = ['<%= config.bin %> admin topicRoute -t TopicTest', '<%= config.bin %> admin topicRoute -t TopicTest -l'];
  static override flags = {
    topic: topicFlag(),
    list: Flags.boolean({ char: 'l', description: 'Use list format to print data', default: false }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(TopicRoute);
    const route = await this.adminClient(flags.namesrvAddr).examineTopicRouteInfo(flags.topic.trim());
    const data = {
      brokerDatas: route.brokerDatas.map((bd) => ({
        cluster: bd.cluster,
        brokerName: bd.brokerName,
        brokerAddrs: Object.fromEntries(bd.brokerAddrs),
      })),
      queueDatas: route.queueDatas,
      orderTopicConf: route.orderTopicConf,
    };
    this.output(data, () => {
      if (!flags.list) return this.log(topicRouteJson(route));
      const t = topicRouteListLines(route);
      this.table(t.header, t.rows);
    });
  }
}
