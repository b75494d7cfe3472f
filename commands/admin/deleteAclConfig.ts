// `mq admin deleteAclConfig (-b <addr> | -c <cluster>) -a <accessKey>` (mqadmin deleteAclConfig, alias
// deleteAccessConfig): remove an account from the broker's plain ACL file.

import { Flags } from '@oclif/core';
import { AdminCommand } from '../../src/cli/admin/admin-command.js';
import { type AclTarget, deleteAclConfig } from '../../src/admin/acl.js';

export default class DeleteAclConfig extends AdminCommand {
  static override description = 'Delete Acl Config Account in broker';
  static override examples = ['<%= config.bin %> admin deleteAclConfig -b 127.0.0.1:10911 -a RocketMQ'];
  static override flags = {
    brokerAddr: Flags.string({
      char: 'b',
      description: 'delete acl config account from which broker',
      exactlyOne: ['brokerAddr', 'clusterName'],
    }),
    clusterName: Flags.string({
      char: 'c',
      description: 'delete acl config account from which cluster',
      exactlyOne: ['brokerAddr', 'clusterName'],
    }),
    accessKey: Flags.string({ char: 'a', description: 'set accessKey in acl config file for deleting which account', required: true }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(DeleteAclConfig);
    const accessKey = flags.accessKey.trim();
    const target: AclTarget = flags.brokerAddr !== undefined
      ? { brokerAddr: flags.brokerAddr.trim() }
      : { cluster: flags.clusterName!.trim() };
    const admin = this.adminClient(flags.namesrvAddr);
    const say = (addr: string) => this.jsonOutput || this.log(this.good(`delete plain access config account from ${addr} success.`));
    const brokers = await this.withSpinner('Deleting ACL account', () => deleteAclConfig(admin, target, accessKey, say));
    this.output({ brokers, accessKey }, () => this.print(`account's accesskey is:${accessKey}`));
  }
}
