// `mq tools benchmark producer`: RocketMQ's benchmark producer (tools.sh org.apache.rocketmq.example.benchmark.Producer).

import { Flags } from '@oclif/core';
import { MqCommand } from '../../../src/cli/base-command.js';
import {
  boolValue,
  commonFlags,
  commonOptions,
  intValue,
  javaStyleArgv,
  messageShapeFlags,
  messageShapeOptions,
} from '../../../src/tools/benchmark/flags.js';
import { PRODUCER_DEFAULTS, ProducerBenchmark } from '../../../src/tools/benchmark/producer.js';
import { runBenchmark } from '../../../src/tools/benchmark/run.js';
import { tlsFlag } from '../../../src/cli/tls-flag.js';

export default class BenchmarkProducer extends MqCommand {
  static override description =
    `Send messages as fast as the broker takes them and report TPS and response times (RocketMQ's benchmark Producer)

Each second: Send TPS, Max RT(ms), Average RT(ms) of that second, Send Failed and Response Failed so far.
At the end: a [Complete] line, RT percentiles (p50, p99, p999, max), and one JSON object as the last line.
Requests use ROCKETMQ binary headers and no compression, as the Java tool's do.`;

  static override examples = [
    '<%= config.bin %> tools benchmark producer -n 127.0.0.1:9876',
    '<%= config.bin %> tools benchmark producer -n 127.0.0.1:9876 -w 16 -s 128 --duration 30',
    '<%= config.bin %> tools benchmark producer -t BenchTopic --queues 8 -y true --duration 10 --json',
  ];

  static override flags = {
    tls: tlsFlag,
    ...commonFlags,
    ...messageShapeFlags,
    threadCount: Flags.string({ char: 'w', description: 'Concurrent senders (default 64; 1 with -y true)' }),
    messageSize: Flags.string({ char: 's', description: 'Message body size in bytes (default 128)' }),
    messageQuantity: Flags.string({ char: 'q', description: 'Messages to send in all (default 0: no limit)' }),
    delayEnable: Flags.string({ char: 'd', description: 'Send delayed messages: true or false (default false)' }),
    delayLevel: Flags.string({ char: 'e', description: 'Delay level 1-18 with -d true (default 1)' }),
    asyncEnable: Flags.string({ char: 'y', description: 'Send asynchronously, up to 10,000 in flight: true or false (default false)' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(BenchmarkProducer, javaStyleArgv(this.argv, ['ak', 'sk']));
    const opts = {
      ...commonOptions(flags),
      threads: intValue('threadCount', 'w', flags.threadCount, PRODUCER_DEFAULTS.threads, 1, 10_000),
      messageSize: intValue('messageSize', 's', flags.messageSize, PRODUCER_DEFAULTS.messageSize, 1, 4 * 1024 * 1024),
      ...messageShapeOptions(flags),
      messageQuantity: intValue('messageQuantity', 'q', flags.messageQuantity, 0, 0, Number.MAX_SAFE_INTEGER),
      delayEnable: boolValue('delayEnable', 'd', flags.delayEnable),
      delayLevel: intValue('delayLevel', 'e', flags.delayLevel, 1, 1, 18),
      asyncEnable: boolValue('asyncEnable', 'y', flags.asyncEnable),
    };
    await runBenchmark((out) => new ProducerBenchmark(opts, out), this.jsonOutput);
  }
}
