// `mq admin queryMsgTraceById -i <msgId> [-t <traceTopic>]` (mqadmin queryMsgTraceById): where a
// message went, from the traces producers and consumers wrote with tracing on: each send and each
// consume, with its group, client host, time, cost and status.

import { Flags } from '@oclif/core';
import { AdminCommand } from '../../src/cli/admin/admin-command.js';
import { traceLines } from '../../src/admin/format/trace-format.js';
import { DEFAULT_TRACE_TOPIC, queryMsgTraceById } from '../../src/admin/trace.js';

export default class QueryMsgTraceById extends AdminCommand {
  static override description = 'query a message trace';
  static override examples = [
    '<%= config.bin %> admin queryMsgTraceById -i 7F0000010B4C18B4AAC27B5E2D1E0000',
    '<%= config.bin %> admin queryMsgTraceById -i 7F0000010B4C18B4AAC27B5E2D1E0000 -t MyTraceTopic',
  ];
  static override flags = {
    msgId: Flags.string({ char: 'i', description: 'Message Id', required: true }),
    traceTopic: Flags.string({ char: 't', description: 'The name value of message trace topic' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(QueryMsgTraceById);
    const admin = this.adminClient(flags.namesrvAddr);
    const topic = flags.traceTopic?.trim() || DEFAULT_TRACE_TOPIC;
    const views = await this.withSpinner('Querying the trace topic', () => queryMsgTraceById(admin, topic, flags.msgId.trim()));
    this.output(views, () => traceLines(views).forEach((l) => this.log(l)));
  }
}
