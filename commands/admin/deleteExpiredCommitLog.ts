// `mq admin deleteExpiredCommitLog [-b <addr> | -c <cluster>]` (mqadmin deleteExpiredCommitLog): let the brokers delete expired commit-log files now, whatever deleteWhen says.

import { StoreCleanupCommand } from '../../src/cli/admin/store-cleanup-command.js';

export default class DeleteExpiredCommitLog extends StoreCleanupCommand {
  static override description = 'Delete expired CommitLog files';
  static override examples = [
    '<%= config.bin %> admin deleteExpiredCommitLog -b 127.0.0.1:10911',
    '<%= config.bin %> admin deleteExpiredCommitLog -c DefaultCluster',
  ];
  protected readonly cleanup = 'deleteExpiredCommitLog' as const;
}
