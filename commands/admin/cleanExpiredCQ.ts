// `mq admin cleanExpiredCQ [-b <addr> | -c <cluster>]` (mqadmin cleanExpiredCQ): drop the consume queues all of whose messages the commit log no longer holds.

import { StoreCleanupCommand } from '../../src/cli/admin/store-cleanup-command.js';

export default class CleanExpiredCQ extends StoreCleanupCommand {
  static override description = 'Clean expired ConsumeQueue on broker.';
  static override examples = [
    '<%= config.bin %> admin cleanExpiredCQ -b 127.0.0.1:10911',
    '<%= config.bin %> admin cleanExpiredCQ -c DefaultCluster',
  ];
  protected readonly cleanup = 'cleanExpiredConsumeQueue' as const;
}
