// What wipeWritePerm and addWritePerm share: one broker name, every name server of -n in turn,
// mqadmin's "<verb> write perm of broker[..] in name server[..] OK, <topics>" per server, and a
// non-zero exit when any server failed.

import { Flags } from '@oclif/core';
import { changeWritePerm, requireBrokerName } from '../../admin/namesrv.js';
import { AdminCommand } from './admin-command.js';

export abstract class WritePermCommand extends AdminCommand {
  static override flags = {
    brokerName: Flags.string({ char: 'b', description: 'broker name', required: true }),
  };

  /** "wipe" takes the write permission away, "add" gives it back. */
  protected abstract readonly verb: 'wipe' | 'add';

  async run(): Promise<void> {
    const { flags } = await this.parse(this.constructor as typeof WritePermCommand);
    const brokerName = flags.brokerName.trim();
    const admin = this.adminClient(flags.namesrvAddr);
    await requireBrokerName(admin, brokerName);
    const results = await changeWritePerm(admin, brokerName, this.verb === 'wipe');
    this.output(results, () => {
      for (const r of results) {
        const what = `${this.verb} write perm of broker[${brokerName}] in name server[${r.namesrvAddr}]`;
        this.log(r.error === undefined ? this.good(`${what} OK, ${r.topicCount}`) : this.bad(`${what} Failed: ${r.error}`));
      }
    });
    if (results.some((r) => r.error !== undefined)) this.exit(1);
  }
}
