// `mq admin wipeWritePerm -b <brokerName>` (mqadmin wipeWritePerm): take the write permission of a
// broker's topics away on every name server given by -n (how operators drain a broker).

import { WritePermCommand } from '../../src/cli/admin/write-perm-command.js';

export default class WipeWritePerm extends WritePermCommand {
  static override description = 'Wipe write perm of broker in all name server you defined in the -n param';
  static override examples = ['<%= config.bin %> admin wipeWritePerm -b broker-a'];
  protected readonly verb = 'wipe';
}
