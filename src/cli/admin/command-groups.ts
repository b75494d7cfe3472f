// How `mq admin` lists its commands: in groups, each in mqadmin's registration order (MQAdminStartup
// registers them in the blocks its source groups by package: cluster and broker, topic, consumer
// and offset, message, name server, ACL, export). Descriptions come from the commands themselves.

export const ADMIN_COMMAND_GROUPS: ReadonlyArray<{ title: string; commands: readonly string[] }> = [
  {
    title: 'Cluster and broker',
    commands: [
      'clusterList',
      'brokerStatus',
      'getBrokerConfig',
      'updateBrokerConfig',
      'wipeWritePerm',
      'addWritePerm',
      'brokerConsumeStats',
      'clusterRT',
      'sendMsgStatus',
      'cleanExpiredCQ',
      'deleteExpiredCommitLog',
      'cleanUnusedTopic',
    ],
  },
  {
    title: 'Topics',
    commands: [
      'topicList',
      'topicRoute',
      'topicStatus',
      'topicClusterList',
      'updateTopic',
      'updateTopicPerm',
      'deleteTopic',
      'updateOrderConf',
      'allocateMQ',
      'statsAll',
      'queryCq',
    ],
  },
  {
    title: 'Consumer groups and offsets',
    commands: [
      'updateSubGroup',
      'deleteSubGroup',
      'consumerProgress',
      'consumerStatus',
      'consumerConnection',
      'producerConnection',
      'producer',
      'getConsumerConfig',
      'resetOffsetByTime',
      'skipAccumulatedMessage',
      'cloneGroupOffset',
      'startMonitoring',
    ],
  },
  {
    title: 'Messages',
    commands: [
      'queryMsgById',
      'queryMsgByKey',
      'queryMsgByUniqueKey',
      'queryMsgByOffset',
      'queryMsgTraceById',
      'printMsg',
      'printMsgByQueue',
      'sendMessage',
      'consumeMessage',
      'checkMsgSendRT',
    ],
  },
  {
    title: 'Name server',
    commands: ['getNamesrvConfig', 'updateNamesrvConfig', 'updateKvConfig', 'deleteKvConfig'],
  },
  {
    title: 'ACL',
    commands: ['updateAclConfig', 'deleteAclConfig', 'clusterAclConfigVersion', 'updateGlobalWhiteAddr'],
  },
  {
    title: 'Export',
    commands: ['exportMetadata', 'exportConfigs', 'exportMetrics'],
  },
];

export interface ListedCommand {
  name: string;
  description: string;
}

/**
 * The index's sections: each group with the commands that exist, then "Other" for commands no
 * group names (so a new command is never hidden).
 */
export function groupAdminCommands(commands: readonly ListedCommand[]): Array<{ title: string; commands: ListedCommand[] }> {
  const byName = new Map(commands.map((c) => [c.name, c]));
  const placed = new Set<string>();
  const out: Array<{ title: string; commands: ListedCommand[] }> = [];
  for (const g of ADMIN_COMMAND_GROUPS) {
    const found = g.commands.map((n) => byName.get(n)).filter((c): c is ListedCommand => c !== undefined);
    for (const c of found) placed.add(c.name);
    if (found.length) out.push({ title: g.title, commands: found });
  }
  const rest = commands.filter((c) => !placed.has(c.name)).sort((a, b) => a.name.localeCompare(b.name));
  if (rest.length) out.push({ title: 'Other', commands: rest });
  return out;
}
