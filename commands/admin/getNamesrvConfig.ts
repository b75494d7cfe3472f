// `mq admin getNamesrvConfig` (mqadmin getNamesrvConfig): the settings of each name server of -n.

import { AdminCommand } from '../../src/cli/admin/admin-command.js';
import { jformat } from '../../src/admin/format/printf.js';
import { getNamesrvConfigs } from '../../src/admin/namesrv.js';

export default class GetNamesrvConfig extends AdminCommand {
  static override description = 'Get configs of name server.';
  static override examples = ['<%= config.bin %> admin getNamesrvConfig -n 127.0.0.1:9876'];

  async run(): Promise<void> {
    const { flags } = await this.parse(GetNamesrvConfig);
    const all = await getNamesrvConfigs(this.adminClient(flags.namesrvAddr));
    this.output(all.map((n) => ({ addr: n.addr, config: Object.fromEntries(n.config) })), () => {
      for (const n of all) {
        this.header(`============${n.addr}============`);
        for (const [k, v] of n.config) this.log(jformat('%-50s=  %s', k, v));
      }
    });
  }
}
