// `mq admin clusterAclConfigVersion (-b <addr> | -c <cluster>)` (mqadmin clusterAclConfigVersion):
// each ACL file of the broker (or of every master of the cluster) with its version and last change.

import { Flags } from '@oclif/core';
import { AdminCommand } from '../../src/cli/admin/admin-command.js';
import { aclConfigVersions, type AclTarget, aclVersionHeader, aclVersionLines } from '../../src/admin/acl.js';

export default class ClusterAclConfigVersion extends AdminCommand {
  static override description = 'List all of acl config version information in cluster';
  static override examples = [
    '<%= config.bin %> admin clusterAclConfigVersion -c DefaultCluster',
    '<%= config.bin %> admin clusterAclConfigVersion -b 127.0.0.1:10911',
  ];
  static override flags = {
    brokerAddr: Flags.string({
      char: 'b',
      description: 'query acl config version for which broker',
      exactlyOne: ['brokerAddr', 'clusterName'],
    }),
    clusterName: Flags.string({
      char: 'c',
      description: 'query acl config version for specified cluster',
      exactlyOne: ['brokerAddr', 'clusterName'],
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(ClusterAclConfigVersion);
    const target: AclTarget = flags.brokerAddr !== undefined
      ? { brokerAddr: flags.brokerAddr.trim() }
      : { cluster: flags.clusterName!.trim() };
    const admin = this.adminClient(flags.namesrvAddr);
    const infos = await this.withSpinner('Reading ACL versions', () => aclConfigVersions(admin, target));
    this.output(infos, () => {
      // Java prints the header only for a cluster, and its success lines whatever came back.
      if ('cluster' in target) this.header(aclVersionHeader());
      for (const info of infos) for (const line of aclVersionLines(info)) this.log(line);
      this.log(
        this.good(
          'cluster' in target ? "get cluster's plain access config version success." : "get broker's plain access config version success.",
        ),
      );
    });
  }
}
