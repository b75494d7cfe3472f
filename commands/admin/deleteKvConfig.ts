// `mq admin deleteKvConfig -s <namespace> -k <key>` (mqadmin deleteKvConfig): remove a KV entry from
// every name server of -n.

import { Flags } from '@oclif/core';
import { AdminCommand } from '../../src/cli/admin/admin-command.js';
import { deleteKvConfig, requireKvConfig } from '../../src/admin/namesrv.js';

export default class DeleteKvConfig extends AdminCommand {
  static override description = 'Delete KV config.';
  static override examples = ['<%= config.bin %> admin deleteKvConfig -s ORDER_TOPIC_CONFIG -k OrderTopic'];
  static override flags = {
    namespace: Flags.string({ char: 's', description: 'set the namespace', required: true }),
    key: Flags.string({ char: 'k', description: 'set the key name', required: true }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(DeleteKvConfig);
    const namespace = flags.namespace.trim();
    const key = flags.key.trim();
    const admin = this.adminClient(flags.namesrvAddr);
    await requireKvConfig(admin, namespace, key);
    await deleteKvConfig(admin, namespace, key);
    this.output({ namespace, key }, () => this.log(this.good('delete kv config from namespace success.')));
  }
}
