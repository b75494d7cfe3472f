// `mq admin addWritePerm -b <brokerName>` (mqadmin addWritePerm): give a drained broker's topics
// their write permission back on every name server given by -n.

import { WritePermCommand } from '../../src/cli/admin/write-perm-command.js';

export default class AddWritePerm extends WritePermCommand {
  static override description = 'Add write perm of broker in all name server you defined in the -n param';
  static override examples = ['<%= config.bin %> admin addWritePerm -b broker-a'];
  protected readonly verb = 'add';
}
