// `mq admin updateKvConfig -s <namespace> -k <key> -v <value>` (mqadmin updateKvConfig): set a KV
// entry on every name server of -n.

import { Flags } from '@oclif/core';
import { AdminCommand } from '../../src/cli/admin/admin-command.js';
import { putKvConfig } from '../../src/admin/namesrv.js';

export default class UpdateKvConfig extends AdminCommand {
  static override description = 'Create or update KV config.';
  static override examples = ['<%= config.bin %> admin updateKvConfig -s ORDER_TOPIC_CONFIG -k OrderTopic -v "broker-a:4"'];
  static override flags = {
    namespace: Flags.string({ char: 's', description: 'set the namespace', required: true }),
    key: Flags.string({ char: 'k', description: 'set the key name', required: true }),
    value: Flags.string({ char: 'v', description: 'set the key value', required: true }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(UpdateKvConfig);
    const entry = { namespace: flags.namespace.trim(), key: flags.key.trim(), value: flags.value.trim() };
    await putKvConfig(this.adminClient(flags.namesrvAddr), entry.namespace, entry.key, entry.value);
    this.output(entry, () => this.log(this.good('create or update kv config to namespace success.')));
  }
}
