// `mq admin cleanUnusedTopic [-b <addr> | -c <cluster>]` (mqadmin cleanUnusedTopic): drop the consume queues of topics the brokers no longer declare.

import { StoreCleanupCommand } from '../../src/cli/admin/store-cleanup-command.js';

export default class CleanUnusedTopic extends StoreCleanupCommand {
  static override description = 'Clean unused topic on broker.';
  static override examples = [
    '<%= config.bin %> admin cleanUnusedTopic -b 127.0.0.1:10911',
    '<%= config.bin %> admin cleanUnusedTopic -c DefaultCluster',
  ];
  protected readonly cleanup = 'cleanUnusedTopic' as const;
}
