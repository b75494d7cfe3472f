// `mq tools benchmark producer`: RocketMQ's benchmark producer (tools.sh org.apache.rocketmq.example.benchmark.Producer).

import { Flags } from '@oclif/core';
import { MqCommand } from '../../../src/cli/base-command.js';
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
    threadCount: Flags.string({ char: 'w', description: 'Concurrent senders (default 64; 1 with -y true)' }),
    messageSize: Flags.string({ char: 's', description: 'Message body size in bytes (default 128)' }),
    keyEnable: Flags.string({ char: 'k', description: 'Give every message a key: true or false (default false)' }),
    propertySize: Flags.string({ char: 'p', description: 'Bytes of user properties per message (default 0)' }),
    tagCount: Flags.string({ char: 'l', description: 'Tag messages tag0..tag<n-1> (default 0: no tag)' }),
    messageQuantity: Flags.string({ char: 'q', description: 'Messages to send in all (default 0: no limit)' }),
    delayEnable: Flags.string({ char: 'd', description: 'Send delayed messages: true or false (default false)' }),
    delayLevel: Flags.string({ char: 'e', description: 'Delay level 1-18 with -d true (default 1)' }),
    asyncEnable: Flags.string({ char: 'y', description: 'Send asynchronously, up to 10,000 in flight: true or false (default false)' }),
    queues: Flags.string({ description: 'Create the topic with this many queues before sending (default: auto-created with 4)' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(BenchmarkProducer, javaStyleArgv(this.argv, ['ak', 'sk']));
    const opts = {
      namesrvAddr: flags.namesrvAddr,
      topic: topicValue(flags.topic),
      threads: intValue('threadCount', 'w', flags.threadCount, PRODUCER_DEFAULTS.threads, 1, 10_000),
      messageSize: intValue('messageSize', 's', flags.messageSize, PRODUCER_DEFAULTS.messageSize, 1, 4 * 1024 * 1024),
      keyEnable: boolValue('keyEnable', 'k', flags.keyEnable),
      propertySize: intValue('propertySize', 'p', flags.propertySize, 0, 0, 32_000),
      tagCount: intValue('tagCount', 'l', flags.tagCount, 0, 0, 1_000_000),
      messageQuantity: intValue('messageQuantity', 'q', flags.messageQuantity, 0, 0, Number.MAX_SAFE_INTEGER),
      delayEnable: boolValue('delayEnable', 'd', flags.delayEnable),
      delayLevel: intValue('delayLevel', 'e', flags.delayLevel, 1, 1, 18),
      asyncEnable: boolValue('asyncEnable', 'y', flags.asyncEnable),
      queues: intValue('queues', undefined, flags.queues, 0, 0, 1024),
      durationSec: durationValue(flags.duration),
      msgTraceEnable: traceValue(flags.msgTraceEnable),
      client: aclClientOptions(boolValue('aclEnable', 'a', flags.aclEnable), flags.accessKey, flags.secretKey),
    };
    await runBenchmark((out) => new ProducerBenchmark(opts, out), this.jsonOutput);
  }
}
