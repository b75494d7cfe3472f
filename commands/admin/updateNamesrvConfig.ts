// `mq admin updateNamesrvConfig -k <key> -v <value>` (mqadmin updateNamesrvConfig): change one
// setting of every name server of -n at runtime.

import { Flags } from '@oclif/core';
import { AdminCommand } from '../../src/cli/admin/admin-command.js';
import { updateNamesrvConfig } from '../../src/admin/namesrv.js';

export default class UpdateNamesrvConfig extends AdminCommand {
  static override description = 'Update configs of name server.';
  static override examples = ['<%= config.bin %> admin updateNamesrvConfig -k orderMessageEnable -v true'];
  static override flags = {
    key: Flags.string({ char: 'k', description: 'config key', required: true }),
    value: Flags.string({ char: 'v', description: 'config value', required: true }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(UpdateNamesrvConfig);
    const key = flags.key.trim();
    const value = flags.value.trim();
    const servers = await updateNamesrvConfig(this.adminClient(flags.namesrvAddr), key, value);
    this.output({ servers, key, value }, () => {
      this.log(this.good(`update name server config success![${servers.join(', ')}]`));
      this.log(`${key} : ${value}`);
    });
  }
}
