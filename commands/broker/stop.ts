// `mq broker stop`: mqshutdown broker. Stops the brokers started on this machine (found by their
// pid files), or only the one on --port, and waits until they have exited.

import { ServerStopCommand, stopFlags } from '../../src/cli/server-stop-command.js';

export default class BrokerStop extends ServerStopCommand {
  static override description = 'Stop the brokers started on this machine (mqshutdown broker)';

  static override examples = ['<%= config.bin %> broker stop', '<%= config.bin %> broker stop --port 10911'];

  static override flags = stopFlags('broker', 60);

  async run(): Promise<void> {
    const { flags } = await this.parse(BrokerStop);
    await this.stopRole('broker', 'mqbroker', flags);
  }
}
