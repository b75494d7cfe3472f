// `mq admin consumerStatus -g <group> [-i <clientId>] [-s]` (mqadmin consumerStatus): each member's
// running info (saved to a file per client, under <tmp>/rocketmq/consumerStatus/<time>/), and
// whether the members agree on their subscriptions and keep consuming; with -i one member's info
// printed in full; -s adds the member's stack.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Flags } from '@oclif/core';
import { AdminCommand } from '../../src/cli/admin/admin-command.js';
import { mqVersionDesc } from '../../src/admin/format/mq-version.js';
import { jformat } from '../../src/admin/format/printf.js';
import {
  type ConsumerRunningInfo,
  formatRunningInfo,
  processQueueWarnings,
  sameSubscription,
} from '../../src/admin/format/running-info-format.js';

export default class ConsumerStatus extends AdminCommand {
  static override description = "Query consumer's internal data structure";
  static override examples = [
    '<%= config.bin %> admin consumerStatus -g please_rename_unique_group_name_4',
    '<%= config.bin %> admin consumerStatus -g my_group -i 10.0.0.1@1234#567',
  ];
  static override flags = {
    consumerGroup: Flags.string({ char: 'g', description: 'consumer group name', required: true }),
    clientId: Flags.string({ char: 'i', description: "The consumer's client id" }),
    brokerAddr: Flags.string({ char: 'b', description: 'broker address' }),
    jstack: Flags.boolean({ char: 's', description: 'Run jstack command in the consumer progress', default: false }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(ConsumerStatus);
    const group = flags.consumerGroup.trim();
    const admin = this.adminClient(flags.namesrvAddr);
    const cc = await admin.examineConsumerConnectionInfo(group, flags.brokerAddr?.trim());
    if (flags.clientId !== undefined) {
      const info = await admin.getConsumerRunningInfo(group, flags.clientId.trim(), flags.jstack);
      this.output(info, () => this.print(formatRunningInfo(info)));
      return;
    }
    const dir = path.join(os.tmpdir(), 'rocketmq', 'consumerStatus', String(Date.now()));
    const infos = new Map<string, ConsumerRunningInfo>();
    const rows: Array<{ index: number; clientId: string; version: string; file: string }> = [];
    for (const conn of [...cc.connectionSet].sort((a, b) => (a.clientId < b.clientId ? -1 : 1))) {
      const info = await this.withSpinner(
        `Asking ${conn.clientId}`,
        () => admin.getConsumerRunningInfo(group, conn.clientId, flags.jstack),
      );
      infos.set(conn.clientId, info);
      const file = path.join(dir, conn.clientId.replace(/[/\\]/g, '_'));
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(file, formatRunningInfo(info));
      rows.push({ index: rows.length + 1, clientId: conn.clientId, version: mqVersionDesc(conn.version), file });
    }
    const same = sameSubscription([...infos.values()]);
    const warnings = same ? [...infos].flatMap(([id, info]) => processQueueWarnings(id, info)) : [];
    this.output({ members: rows, sameSubscription: same, rebalanceOK: same, warnings }, () => {
      this.table(
        jformat('%-10s %-40s %-20s %s', '#Index', '#ClientId', '#Version', '#ConsumerRunningInfoFile'),
        rows.map((r) => jformat('%-10d %-40s %-20s %s', r.index, r.clientId, r.version, r.file)),
      );
      if (rows.length === 0) return;
      this.log('');
      if (!same) return this.log(this.bad('WARN: Different subscription in the same group of consumer!!!'));
      this.log('Same subscription in the same group of consumer');
      this.log('');
      this.log(`Rebalance ${this.good('OK')}`);
      warnings.forEach((w) => this.log(w));
    });
  }
}
