// `mq admin updateAclConfig (-b <addr> | -c <cluster>) -a <accessKey> -s <secretKey> [-w <addr>]
// [-i <perm>] [-u <perm>] [-t topicA=DENY,..] [-g groupA=SUB,..] [-m true]` (mqadmin updateAclConfig):
// create an account of the broker's plain ACL file, or change the fields given.

import { Flags } from '@oclif/core';
import { AdminCommand } from '../../src/cli/admin/admin-command.js';
import { javaBoolean } from '../../src/cli/admin/flags.js';
import { accessConfigText, type AclTarget, permList, type PlainAccessConfig, updateAclConfig } from '../../src/admin/acl.js';

export default class UpdateAclConfig extends AdminCommand {
  static override description = 'Update acl config yaml file in broker';
  static override examples = [
    '<%= config.bin %> admin updateAclConfig -b 127.0.0.1:10911 -a RocketMQ -s 12345678 -t topicA=PUB,topicB=SUB -i DENY',
    '<%= config.bin %> admin updateAclConfig -c DefaultCluster -a ops_admin -s 87654321 -m true',
  ];
  static override flags = {
    brokerAddr: Flags.string({
      char: 'b',
      description: 'update acl config file to which broker',
      exactlyOne: ['brokerAddr', 'clusterName'],
    }),
    clusterName: Flags.string({
      char: 'c',
      description: 'update acl config file to which cluster',
      exactlyOne: ['brokerAddr', 'clusterName'],
    }),
    accessKey: Flags.string({ char: 'a', description: 'set accessKey in acl config file', required: true }),
    secretKey: Flags.string({ char: 's', description: 'set secretKey in acl config file', required: true }),
    whiteRemoteAddress: Flags.string({ char: 'w', description: 'set white ip Address for account in acl config file' }),
    defaultTopicPerm: Flags.string({ char: 'i', description: 'set default topicPerm in acl config file' }),
    defaultGroupPerm: Flags.string({ char: 'u', description: 'set default GroupPerm in acl config file' }),
    topicPerms: Flags.string({ char: 't', description: 'set topicPerms list,eg: topicA=DENY,topicD=SUB' }),
    groupPerms: Flags.string({ char: 'g', description: 'set groupPerms list,eg: groupD=DENY,groupD=SUB' }),
    admin: Flags.string({ char: 'm', description: 'set admin flag in acl config file' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(UpdateAclConfig);
    const config: PlainAccessConfig = { accessKey: flags.accessKey.trim(), secretKey: flags.secretKey.trim(), admin: false };
    if (flags.admin !== undefined) config.admin = javaBoolean(flags.admin)!;
    if (flags.defaultTopicPerm !== undefined) config.defaultTopicPerm = flags.defaultTopicPerm.trim();
    if (flags.defaultGroupPerm !== undefined) config.defaultGroupPerm = flags.defaultGroupPerm.trim();
    if (flags.whiteRemoteAddress !== undefined) config.whiteRemoteAddress = flags.whiteRemoteAddress.trim();
    if (flags.topicPerms !== undefined) config.topicPerms = permList(flags.topicPerms);
    if (flags.groupPerms !== undefined) config.groupPerms = permList(flags.groupPerms);
    const target: AclTarget = flags.brokerAddr !== undefined
      ? { brokerAddr: flags.brokerAddr.trim() }
      : { cluster: flags.clusterName!.trim() };
    const admin = this.adminClient(flags.namesrvAddr);
    const say = (addr: string) => this.jsonOutput || this.log(this.good(`create or update plain access config to ${addr} success.`));
    const brokers = await this.withSpinner('Updating ACL account', () => updateAclConfig(admin, target, config, say));
    const { secretKey: _secret, ...shown } = config;
    this.output({ brokers, accessConfig: shown }, () => this.print(accessConfigText(config)));
  }
}
