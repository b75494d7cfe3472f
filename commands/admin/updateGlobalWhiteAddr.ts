// `mq admin updateGlobalWhiteAddr (-b <addr> | -c <cluster>) -g <addr,addr> [-p <acl file>]` (mqadmin
// updateGlobalWhiteAddr): replace the global white address list of the broker's default ACL file,
// or of the file named by -p.

import { Flags } from '@oclif/core';
import { AdminCommand } from '../../src/cli/admin/admin-command.js';
import { type AclTarget, updateGlobalWhiteAddr } from '../../src/admin/acl.js';

export default class UpdateGlobalWhiteAddr extends AdminCommand {
  static override description = 'Update global white address for acl Config File in broker';
  static override examples = [
    '<%= config.bin %> admin updateGlobalWhiteAddr -b 127.0.0.1:10911 -g 10.10.103.*,192.168.0.*',
    '<%= config.bin %> admin updateGlobalWhiteAddr -c DefaultCluster -g 127.0.0.1 -p /opt/rocketmq/conf/acl/ops.yml',
  ];
  static override flags = {
    brokerAddr: Flags.string({
      char: 'b',
      description: 'update global white address to which broker',
      exactlyOne: ['brokerAddr', 'clusterName'],
    }),
    clusterName: Flags.string({
      char: 'c',
      description: 'update global white address to which cluster',
      exactlyOne: ['brokerAddr', 'clusterName'],
    }),
    globalWhiteRemoteAddresses: Flags.string({
      char: 'g',
      description: 'set globalWhiteRemoteAddress list,eg: 10.10.103.*,192.168.0.*',
      required: true,
    }),
    aclFileFullPath: Flags.string({ char: 'p', description: 'update global white address of specified acl file,eg: /xxx/plain_test.yml' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(UpdateGlobalWhiteAddr);
    const addresses = flags.globalWhiteRemoteAddresses.trim();
    const file = flags.aclFileFullPath?.trim();
    const target: AclTarget = flags.brokerAddr !== undefined
      ? { brokerAddr: flags.brokerAddr.trim() }
      : { cluster: flags.clusterName!.trim() };
    const admin = this.adminClient(flags.namesrvAddr);
    const say = (addr: string) => this.jsonOutput || this.log(this.good(`update global white remote addresses to ${addr} success.`));
    const brokers = await this.withSpinner(
      'Updating global white addresses',
      () => updateGlobalWhiteAddr(admin, target, addresses, file, say),
    );
    this.output({ brokers, globalWhiteRemoteAddresses: addresses, ...(file ? { aclFileFullPath: file } : {}) }, () => undefined);
  }
}
