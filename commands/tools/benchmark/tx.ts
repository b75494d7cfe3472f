// `mq tools benchmark tx`: RocketMQ's transactional benchmark producer (org.apache.rocketmq.example.benchmark.TransactionProducer).

import { Flags } from '@oclif/core';
import { MqCommand } from '../../../src/cli/base-command.js';
import { ConfigError } from '../../../src/cli/flag-values.js';
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
import { TX_DEFAULTS, TX_HEADER_BYTES, TxBenchmark } from '../../../src/tools/benchmark/tx.js';
import { tlsFlag } from '../../../src/cli/tls-flag.js';

export default class BenchmarkTx extends MqCommand {
  static override description =
    `Send transactional messages, answer the broker's checks, and report TPS and checks (RocketMQ's TransactionProducer)

Each message's body says how its local transaction ends (commit, or rollback / unknown at the
--sr / --su rates) and what each later check answers (--cr / --cu), so checks can be verified.
Each second: Send TPS, Max RT(ms), AVG RT(ms), Send Failed, and that second's checks,
unexpected checks and duplicated checks. At the end: a [Complete] line, RT percentiles and one JSON object.`;

  static override examples = [
    '<%= config.bin %> tools benchmark tx -n 127.0.0.1:9876 --duration 30',
    '<%= config.bin %> tools benchmark tx -n 127.0.0.1:9876 -sr 0.1 -su 0.2 -cr 0.5',
  ];

  static override flags = {
    tls: tlsFlag,
    ...commonFlags,
    threadCount: Flags.string({ char: 'w', description: 'Concurrent senders (default 32)' }),
    messageSize: Flags.string({ char: 's', description: `Message body size in bytes, at least ${TX_HEADER_BYTES} (default 2048)` }),
    sr: Flags.string({ description: 'Rate of local transactions that roll back (default 0.0)' }),
    su: Flags.string({ description: 'Rate of local transactions that end UNKNOW, left to checks (default 0.0)' }),
    cr: Flags.string({ description: 'Rate of checks answered with rollback (default 0.0)' }),
    cu: Flags.string({ description: 'Rate of checks answered UNKNOW (default 0.0)' }),
    batchId: Flags.string({ char: 'b', description: 'Test batch id written into every message (default: now in milliseconds)' }),
    sendInterval: Flags.string({ char: 'i', description: 'Milliseconds each sender sleeps between messages (default 0)' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(BenchmarkTx, javaStyleArgv(this.argv, ['sr', 'su', 'cr', 'cu', 'ak', 'sk']));
    const batchId = flags.batchId === undefined ? Date.now() : Number(flags.batchId);
    if (!Number.isSafeInteger(batchId)) throw new ConfigError(`-b (--batchId) must be an integer, not ${JSON.stringify(flags.batchId)}`);
    const opts = {
      namesrvAddr: flags.namesrvAddr,
      topic: topicValue(flags.topic),
      threads: intValue('threadCount', 'w', flags.threadCount, TX_DEFAULTS.threads, 1, 10_000),
      messageSize: intValue('messageSize', 's', flags.messageSize, TX_DEFAULTS.messageSize, TX_HEADER_BYTES, 4 * 1024 * 1024),
      sendRollbackRate: rateValue('sr', undefined, flags.sr),
      sendUnknownRate: rateValue('su', undefined, flags.su),
      checkRollbackRate: rateValue('cr', undefined, flags.cr),
      checkUnknownRate: rateValue('cu', undefined, flags.cu),
      batchId,
      sendInterval: intValue('sendInterval', 'i', flags.sendInterval, 0, 0, 3_600_000),
      durationSec: durationValue(flags.duration),
      msgTraceEnable: traceValue(flags.msgTraceEnable),
      client: aclClientOptions(boolValue('aclEnable', 'a', flags.aclEnable), flags.accessKey, flags.secretKey),
    };
    await runBenchmark((out) => new TxBenchmark(opts, out), this.jsonOutput);
  }
}
