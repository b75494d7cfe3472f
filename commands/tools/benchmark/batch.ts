// `mq tools benchmark batch`: RocketMQ's batch benchmark producer (org.apache.rocketmq.example.benchmark.BatchProducer).

import { Flags } from '@oclif/core';
import { MqCommand } from '../../../src/cli/base-command.js';
import { BATCH_DEFAULTS, BatchBenchmark } from '../../../src/tools/benchmark/batch.js';
import {
  commonFlags,
  commonOptions,
  intValue,
  javaStyleArgv,
  messageShapeFlags,
  messageShapeOptions,
} from '../../../src/tools/benchmark/flags.js';
import { runBenchmark } from '../../../src/tools/benchmark/run.js';
import { tlsFlag } from '../../../src/cli/tls-flag.js';

export default class BenchmarkBatch extends MqCommand {
  static override description = `Send batches of messages and report batches and messages per second (RocketMQ's BatchProducer)

Each second: Send TPS (batches), Send MPS (messages), Max RT(ms), Average RT(ms), Average Message RT(ms),
Send Failed and Send Message Failed. At the end: a [Complete] line, RT percentiles, and one JSON object.`;

  static override examples = [
    '<%= config.bin %> tools benchmark batch -n 127.0.0.1:9876 -b 16',
    '<%= config.bin %> tools benchmark batch -n 127.0.0.1:9876 -w 8 -b 32 --duration 30',
  ];

  static override flags = {
    tls: tlsFlag,
    ...commonFlags,
    ...messageShapeFlags,
    threadCount: Flags.string({ char: 'w', description: 'Concurrent senders (default 64)' }),
    messageSize: Flags.string({ char: 's', description: 'Message body size in bytes (default 128)' }),
    batchSize: Flags.string({ char: 'b', description: 'Messages per batch (default 16)' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(BenchmarkBatch, javaStyleArgv(this.argv, ['ak', 'sk']));
    const messageSize = intValue('messageSize', 's', flags.messageSize, BATCH_DEFAULTS.messageSize, 1, 4 * 1024 * 1024);
    const batchSize = intValue('batchSize', 'b', flags.batchSize, BATCH_DEFAULTS.batchSize, 1, 10_000);
    const opts = {
      ...commonOptions(flags),
      threads: intValue('threadCount', 'w', flags.threadCount, BATCH_DEFAULTS.threads, 1, 10_000),
      messageSize,
      batchSize,
      ...messageShapeOptions(flags),
    };
    await runBenchmark((out) => new BatchBenchmark(opts, out), this.jsonOutput);
  }
}
