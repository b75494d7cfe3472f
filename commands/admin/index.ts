// `mq admin`: the list of admin commands, grouped as mqadmin's help groups them, with how to get
// one command's options (`mq admin <command> --help`, or mqadmin's `mq admin help <command>`).

import { AdminCommand } from '../../src/cli/admin/admin-command.js';
import { groupAdminCommands } from '../../src/cli/admin/command-groups.js';
import { jformat } from '../../src/admin/format/printf.js';

export default class AdminIndex extends AdminCommand {
  static override description = 'mqadmin: cluster, topic, group and message administration';
  static override examples = [
    '<%= config.bin %> admin',
    '<%= config.bin %> admin clusterList -n 127.0.0.1:9876',
    '<%= config.bin %> admin help updateTopic',
  ];

  async run(): Promise<void> {
    await this.parse(AdminIndex);
    const commands = this.config.commands
      .filter((c) => c.id.startsWith('admin:') && !c.hidden && !c.aliases.includes(c.id))
      .map((c) => ({ name: c.id.slice('admin:'.length), description: c.summary ?? c.description?.split('\n')[0] ?? '' }));
    const groups = groupAdminCommands(commands);
    this.output(groups, () => {
      this.log(`The most commonly used ${this.config.bin} admin commands are:`);
      for (const g of groups) {
        this.log('');
        this.log(this.color.bold(g.title));
        for (const c of g.commands) this.log(jformat('   %-22s %s', c.name, c.description));
      }
      this.log('');
      this.log(`See '${this.config.bin} admin <command> --help' for more information on a specific command.`);
      this.log('Every command takes -n <name servers> (default: NAMESRV_ADDR) and --json.');
    });
  }
}
