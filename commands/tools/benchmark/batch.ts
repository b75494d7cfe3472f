// `mq tools benchmark batch`: RocketMQ's batch benchmark producer (org.apache.rocketmq.example.benchmark.BatchProducer).

import { Flags } from '@oclif/core';
import { MqCommand } from '../../../src/cli/base-command.js';
import { BATCH_DEFAULTS, BatchBenchmark } from '../../../src/tools/benchmark/batch.js';
import {
  aclClientOptions,
  boolValue,
  commonFlags,
  durationValue,
  intValue,
  javaStyleArgv,
  topicValue,
  traceValue,
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
    threadCount: Flags.string({ char: 'w', description: 'Concurrent senders (default 64)' }),
    messageSize: Flags.string({ char: 's', description: 'Message body size in bytes (default 128)' }),
    batchSize: Flags.string({ char: 'b', description: 'Messages per batch (default 16)' }),
    keyEnable: Flags.string({ char: 'k', description: 'Give every message a key: true or false (default false)' }),
    propertySize: Flags.string({ char: 'p', description: 'Bytes of user properties per message (default 0)' }),
    tagCount: Flags.string({ char: 'l', description: 'Tag messages tag0..tag<n-1> (default 0: no tag)' }),
    queues: Flags.string({ description: 'Create the topic with this many queues before sending (default: auto-created with 4)' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(BenchmarkBatch, javaStyleArgv(this.argv, ['ak', 'sk']));
    const messageSize = intValue('messageSize', 's', flags.messageSize, BATCH_DEFAULTS.messageSize, 1, 4 * 1024 * 1024);
    const batchSize = intValue('batchSize', 'b', flags.batchSize, BATCH_DEFAULTS.batchSize, 1, 10_000);
    const opts = {
      namesrvAddr: flags.namesrvAddr,
      topic: topicValue(flags.topic),
      threads: intValue('threadCount', 'w', flags.threadCount, BATCH_DEFAULTS.threads, 1, 10_000),
      messageSize,
      batchSize,
      keyEnable: boolValue('keyEnable', 'k', flags.keyEnable),
      propertySize: intValue('propertySize', 'p', flags.propertySize, 0, 0, 32_000),
      tagCount: intValue('tagCount', 'l', flags.tagCount, 0, 0, 1_000_000),
      queues: intValue('queues', undefined, flags.queues, 0, 0, 1024),
      durationSec: durationValue(flags.duration),
      msgTraceEnable: traceValue(flags.msgTraceEnable),
      client: aclClientOptions(boolValue('aclEnable', 'a', flags.aclEnable), flags.accessKey, flags.secretKey),
    };
    await runBenchmark((out) => new BatchBenchmark(opts, out), this.jsonOutput);
  }
}
