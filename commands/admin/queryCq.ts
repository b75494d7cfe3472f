// `mq admin queryCq -t <topic> -q <queueId> -i <index> [-c count] [-b brokerAddr] [-g group]` (mqadmin
// queryCq): raw consume-queue entries (commit-log offset, size, tag code) from an index.

import { Flags } from '@oclif/core';
import { AdminCommand } from '../../src/cli/admin/admin-command.js';
import { intOption, topicFlag } from '../../src/cli/admin/flags.js';
import { queryConsumeQueue } from '../../src/admin/brokers.js';
import { queryCqLines } from '../../src/admin/format/offset-format.js';

export default class QueryCq extends AdminCommand {
  static override description = 'Query cq command.';
  static override examples = ['<%= config.bin %> admin queryCq -t TopicTest -q 0 -i 0 -c 5'];
  static override flags = {
    topic: topicFlag(),
    queue: Flags.string({ char: 'q', description: 'queue num, ie. 1', required: true }),
    index: Flags.string({ char: 'i', description: 'start queue index.', required: true }),
    count: Flags.string({ char: 'c', description: 'how many.' }),
    broker: Flags.string({ char: 'b', description: 'broker addr.' }),
    consumer: Flags.string({ char: 'g', description: 'consumer group.' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(QueryCq);
    const index = intOption('i', flags.index, 0)!;
    const r = await queryConsumeQueue(
      this.adminClient(flags.namesrvAddr),
      flags.topic.trim(),
      intOption('q', flags.queue, 0)!,
      index,
      intOption('c', flags.count, 1, 100_000) ?? 10,
      flags.broker?.trim() || undefined,
      flags.consumer?.trim(),
    );
    const b = r.body;
    this.output({ broker: r.addr, ...b }, () => queryCqLines(index, b).forEach((l) => this.log(l)));
  }
}
