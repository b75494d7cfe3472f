// What cleanExpiredCQ, deleteExpiredCommitLog and cleanUnusedTopic share: -b one broker, else -c a
// cluster (every cluster when neither is given), and mqadmin's one word of output: "success" when
// the last broker asked said so, "false" when no broker was asked (an unknown cluster), then one
// line saying why on stderr and exit 1.

import { Flags } from '@oclif/core';
import { type StoreCleanup, storeCleanup } from '../../admin/maintenance.js';
import { MQClientError } from '../../common/errors.js';
import { ResponseCode } from '../../remoting/response-code.js';
import { AdminCommand } from './admin-command.js';

export abstract class StoreCleanupCommand extends AdminCommand {
  static override flags = {
    brokerAddr: Flags.string({ char: 'b', description: 'Broker address' }),
    cluster: Flags.string({ char: 'c', description: 'cluster name' }),
  };

  protected abstract readonly cleanup: StoreCleanup;

  async run(): Promise<void> {
    const { flags } = await this.parse(this.constructor as typeof StoreCleanupCommand);
    const target = flags.brokerAddr !== undefined ? { brokerAddr: flags.brokerAddr.trim() } : { cluster: flags.cluster?.trim() };
    const ok = await this.withSpinner('Asking the brokers', () => storeCleanup(this.adminClient(flags.namesrvAddr), this.cleanup, target));
    this.output({ success: ok }, () => this.print(ok ? 'success' : 'false'));
    if (!ok) {
      throw new MQClientError(
        ResponseCode.SYSTEM_ERROR,
        `no broker was asked: ${target.cluster ?? 'no cluster'} has no broker on the name server`,
      );
    }
  }
}
