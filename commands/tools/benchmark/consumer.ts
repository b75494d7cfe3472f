// `mq tools benchmark consumer`: RocketMQ's benchmark consumer (tools.sh org.apache.rocketmq.example.benchmark.Consumer).

import { Flags } from '@oclif/core';
import { MqCommand } from '../../../src/cli/base-command.js';
import { CONSUMER_DEFAULTS, ConsumerBenchmark } from '../../../src/tools/benchmark/consumer.js';
import {
  aclClientOptions,
  boolValue,
  commonFlags,
  durationValue,
  intValue,
  javaStyleArgv,
  rateValue,
  topicValue,
  traceValue,
} from '../../../src/tools/benchmark/flags.js';
import { runBenchmark } from '../../../src/tools/benchmark/run.js';
import { tlsFlag } from '../../../src/cli/tls-flag.js';

export default class BenchmarkConsumer extends MqCommand {
  static override description = `Consume a topic and report consume TPS and end-to-end latency (RocketMQ's benchmark Consumer)

Each second: Consume TPS, Consume Failed, and the average and maximum time from a message's birth on
its producer (B2C) and from its storing on the broker (S2C) to its consumption.
At the end: a [Complete] line, B2C percentiles, and one JSON object as the last line.`;

  static override examples = [
    '<%= config.bin %> tools benchmark consumer -n 127.0.0.1:9876',
    '<%= config.bin %> tools benchmark consumer -n 127.0.0.1:9876 -g bench_cg -e "TagA || TagB" --duration 30',
    '<%= config.bin %> tools benchmark consumer -n 127.0.0.1:9876 -f SQL92 -e ./expr.sql',
  ];

  static override flags = {
    tls: tlsFlag,
    ...commonFlags,
    threadCount: Flags.string({ char: 'w', description: 'Listener calls in flight (consume threads; default 20)' }),
    group: Flags.string({ char: 'g', description: 'Consumer group', default: CONSUMER_DEFAULTS.group }),
    suffix: Flags.string({ char: 'p', description: 'Append _<n> to the group (a new group each run): true or false (default false)' }),
    filterType: Flags.string({ char: 'f', description: 'Filter type of -e: TAG or SQL92', options: ['TAG', 'SQL92'] }),
    expression: Flags.string({ char: 'e', description: 'Subscription expression (with -f, as in Java, a file holding it; default "*")' }),
    failRate: Flags.string({ char: 'r', description: 'Rate of messages answered RECONSUME_LATER (default 0)' }),
    from: Flags.string({ description: 'Where a new group starts', options: ['first', 'last'], default: 'last' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(BenchmarkConsumer, javaStyleArgv(this.argv, ['ak', 'sk']));
    const opts = {
      namesrvAddr: flags.namesrvAddr,
      topic: topicValue(flags.topic),
      threads: intValue('threadCount', 'w', flags.threadCount, CONSUMER_DEFAULTS.threads, 1, 1000),
      group: flags.group,
      groupSuffix: boolValue('suffix', 'p', flags.suffix),
      filterType: flags.filterType as 'TAG' | 'SQL92' | undefined,
      expression: flags.expression,
      failRate: rateValue('failRate', 'r', flags.failRate),
      from: flags.from as 'first' | 'last',
      durationSec: durationValue(flags.duration),
      msgTraceEnable: traceValue(flags.msgTraceEnable),
      client: aclClientOptions(boolValue('aclEnable', 'a', flags.aclEnable), flags.accessKey, flags.secretKey),
    };
    await runBenchmark((out) => new ConsumerBenchmark(opts, out), this.jsonOutput);
  }
}
