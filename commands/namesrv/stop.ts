// `mq namesrv stop`: mqshutdown namesrv. Stops the name servers started on this machine (found by
// their pid files), or only the one on --port, and waits until they have exited.

import { ServerStopCommand, stopFlags } from '../../src/cli/server-stop-command.js';

export default class NamesrvStop extends ServerStopCommand {
  static override description = 'Stop the name servers started on this machine (mqshutdown namesrv)';

  static override examples = ['<%= config.bin %> namesrv stop', '<%= config.bin %> namesrv stop --port 9876'];

  static override flags = stopFlags('name server', 30);

  async run(): Promise<void> {
    const { flags } = await this.parse(NamesrvStop);
    await this.stopRole('namesrv', 'mqnamesrv', flags);
  }
}
