// `mq stop`: stops what `mq start` started (its name server and broker share one process), found by
// their pid files, and waits until it has exited.

import { ServerStopCommand, stopFlags } from '../src/cli/server-stop-command.js';

export default class Stop extends ServerStopCommand {
  static override description = 'Stop the name server and broker that mq start started on this machine';

  static override examples = ['<%= config.bin %> stop', '<%= config.bin %> stop --port 9876'];

  static override flags = stopFlags('mq start (its name server or broker port)', 60);

  async run(): Promise<void> {
    const { flags } = await this.parse(Stop);
    await this.stopMqStart(flags);
  }
}
