// `mq tools benchmark tx`: RocketMQ's TransactionProducer benchmark. Each message carries, in the
// first bytes of its body, how its local transaction ends and what each later broker check should
// answer, drawn with the given rates:
//   body = batchId i64 | msgId i64 | send state u8 | 20 x check state u8 | random bytes
//   (states as LocalTransactionState ordinals: 0 COMMIT_MESSAGE, 1 ROLLBACK_MESSAGE, 2 UNKNOW)
// The listener answers from the body, so checks can be verified: a check of a message whose local
// transaction already had a verdict, or one whose earlier checks had, is "unexpected"; the same
// check time seen twice is "duplicated". Each second: "Current Time: ... Send TPS: N Max RT(ms): N
// AVG RT(ms): N Send Failed: N check: N unexpectedCheck: N duplicatedCheck: N".

import type { ClientOptions } from '../../client/client-config.js';
import { Message } from '../../client/message/message.js';
import type { MessageExt } from '../../client/message/message-ext.js';
import { SendStatus } from '../../client/producer/send-result.js';
import { LocalTransactionState, type TransactionListener, TransactionProducer } from '../../client/producer/transaction-producer.js';
import { MQClientError } from '../../common/errors.js';
import { MessageConst } from '../../common/message/message-const.js';
import { timeMillisToHumanString2 } from '../../common/time-format.js';
import { rtFigures, rtLine } from './latency.js';
import { type BenchOutput, ms, statusText } from './output.js';
import { benchProducerOptions, LoopBenchmark, SendLoop, startBenchProducer } from './send-loop.js';

/** Check answers carried per message; brokers give up after transactionCheckMax (15) checks. */
export const MAX_CHECK_RESULT_IN_MSG = 20;
/** batchId, msgId, the send state and the check states. */
export const TX_HEADER_BYTES = 8 + 8 + 1 + MAX_CHECK_RESULT_IN_MSG;
const STATES = [LocalTransactionState.COMMIT_MESSAGE, LocalTransactionState.ROLLBACK_MESSAGE, LocalTransactionState.UNKNOW] as const;
const ORDINAL = { COMMIT_MESSAGE: 0, ROLLBACK_MESSAGE: 1, UNKNOW: 2 } as const;
const START_TIME = Date.now();

export interface TxBenchOptions {
  namesrvAddr?: string | undefined;
  topic: string;
  threads: number;
  messageSize: number;
  sendRollbackRate: number;
  sendUnknownRate: number;
  checkRollbackRate: number;
  checkUnknownRate: number;
  batchId: number;
  /** Pause between one sender's messages (ms). */
  sendInterval: number;
  durationSec: number;
  client?: ClientOptions;
  msgTraceEnable?: boolean;
}

export const TX_DEFAULTS = { topic: 'BenchmarkTest', threads: 32, messageSize: 2048, group: 'benchmark_transaction_producer' } as const;

export interface TxBenchSummary {
  benchmark: 'tx';
  topic: string;
  threads: number;
  messageSize: number;
  batchId: number;
  seconds: number;
  sent: number;
  sendFailed: number;
  tps: number;
  rtMs: { avg: number; p50: number; p99: number; p999: number; max: number };
  checks: number;
  unexpectedChecks: number;
  duplicatedChecks: number;
  firstError?: string;
}

interface MsgMeta {
  batchId: number;
  msgId: bigint;
  sendResult: LocalTransactionState;
  checkResult: LocalTransactionState[];
}

function pick(rollbackRate: number, unknownRate: number): number {
  if (Math.random() < rollbackRate) return ORDINAL.ROLLBACK_MESSAGE;
  if (Math.random() < unknownRate) return ORDINAL.UNKNOW;
  return ORDINAL.COMMIT_MESSAGE;
}

export function parseTxBody(body: Buffer): MsgMeta | undefined {
  if (body.length < TX_HEADER_BYTES) return undefined;
  const state = (i: number) => STATES[body[i]!] ?? LocalTransactionState.UNKNOW;
  const checkResult: LocalTransactionState[] = [];
  for (let i = 0; i < MAX_CHECK_RESULT_IN_MSG; i++) checkResult.push(state(17 + i));
  return { batchId: Number(body.readBigInt64BE(0)), msgId: body.readBigInt64BE(8), sendResult: state(16), checkResult };
}

export class TxBenchmark extends LoopBenchmark implements TransactionListener {
  private count = 0;
  checks = 0;
  unexpectedChecks = 0;
  duplicatedChecks = 0;
  /** msgId -> the check times seen, as bits; the oldest entries go past 200,000 (Java's LRUMap). */
  private readonly checkLog = new Map<bigint, number>();

  constructor(private readonly o: TxBenchOptions, private readonly out: BenchOutput) {
    super();
  }

  buildMessage(): Message {
    const o = this.o;
    const bs = Buffer.allocUnsafe(o.messageSize);
    for (let i = 0; i < bs.length; i++) bs[i] = (Math.random() * 256) | 0;
    bs.writeBigInt64BE(BigInt(o.batchId), 0);
    // Java's START_TIME << 32 keeps the low 32 bits of the start time in the high word.
    bs.writeUInt32BE(START_TIME % 0x1_0000_0000, 8);
    bs.writeUInt32BE(this.count++ % 0x1_0000_0000, 12);
    bs[16] = pick(o.sendRollbackRate, o.sendUnknownRate);
    for (let i = 0; i < MAX_CHECK_RESULT_IN_MSG; i++) bs[17 + i] = pick(o.checkRollbackRate, o.checkUnknownRate);
    return new Message(o.topic, bs);
  }

  executeLocalTransaction(msg: Message): LocalTransactionState {
    return parseTxBody(Buffer.from(msg.body.buffer, msg.body.byteOffset, msg.body.byteLength))?.sendResult ?? LocalTransactionState.UNKNOW;
  }

  checkLocalTransaction(msg: MessageExt): LocalTransactionState {
    const meta = parseTxBody(msg.body);
    if (!meta || meta.batchId !== this.o.batchId) return LocalTransactionState.ROLLBACK_MESSAGE;
    this.checks++;
    let times = Number.parseInt(msg.getProperty(MessageConst.PROPERTY_TRANSACTION_CHECK_TIMES) ?? '', 10);
    if (!Number.isInteger(times)) return LocalTransactionState.ROLLBACK_MESSAGE;
    if (times <= 0) times = 1;
    const old = this.checkLog.get(meta.msgId);
    const bit = times <= 31 ? 1 << (times - 1) : 0;
    const next = (old ?? 0) | bit;
    if (old !== undefined && next === old) this.duplicatedChecks++;
    this.checkLog.delete(meta.msgId);
    this.checkLog.set(meta.msgId, next);
    if (this.checkLog.size > 200_000) this.checkLog.delete(this.checkLog.keys().next().value!);
    const when = timeMillisToHumanString2(Date.now()).slice(11);
    const checkTimes = msg.getProperty(MessageConst.PROPERTY_TRANSACTION_CHECK_TIMES);
    const txId = msg.getProperty(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX) ?? 'null';
    if (meta.sendResult !== LocalTransactionState.UNKNOW) {
      this.out.line(`${when} unexpected check: msgId=${msg.msgId},txId=${txId},checkTimes=${checkTimes},sendResult=${meta.sendResult}`);
      this.unexpectedChecks++;
      return meta.sendResult;
    }
    for (let i = 0; i < times - 1 && i < MAX_CHECK_RESULT_IN_MSG; i++) {
      const s = meta.checkResult[i]!;
      if (s !== LocalTransactionState.UNKNOW) {
        this.out.line(`${when} unexpected check: msgId=${msg.msgId},txId=${txId},checkTimes=${checkTimes},sendResult,lastCheckResult=${s}`);
        this.unexpectedChecks++;
        return s;
      }
    }
    return meta.checkResult[times - 1] ?? LocalTransactionState.ROLLBACK_MESSAGE;
  }

  async run(): Promise<TxBenchSummary> {
    const o = this.o;
    this.out.line(
      `topic: ${o.topic} threadCount: ${o.threads} messageSize: ${o.messageSize} sendRollbackRate: ${o.sendRollbackRate} sendUnknownRate: ${o.sendUnknownRate} checkRollbackRate: ${o.checkRollbackRate} checkUnknownRate: ${o.checkUnknownRate} batchId: ${o.batchId} sendInterval: ${o.sendInterval}`,
    );
    // Java's TransactionProducer asks for up to 1000 queues (capped by TBW102's) and keeps compression on.
    const producer = new TransactionProducer({
      ...benchProducerOptions(TX_DEFAULTS.group, o),
      compressMsgBodyOverHowmuch: 4096,
      defaultTopicQueueNums: 1000,
      transactionListener: this,
    });
    await startBenchProducer(producer, o, this.out);
    try {
      let last = { checks: 0, unexpected: 0, dup: 0 };
      const loop = new SendLoop({
        threads: o.threads,
        quantity: 0,
        durationSec: o.durationSec,
        intervalMs: o.sendInterval,
        send: async () => {
          const r = await producer.sendMessageInTransaction(this.buildMessage());
          if (r.sendStatus !== SendStatus.SEND_OK) throw new MQClientError(-1, `half message stored with ${r.sendStatus}`);
          return 1;
        },
        onSecond: (s, f, elapsed, tick) => {
          const now = { checks: this.checks, unexpected: this.unexpectedChecks, dup: this.duplicatedChecks };
          this.out.line(
            `Current Time: ${Date.now()} Send TPS: ${Math.round(f.ok / f.seconds)} Max RT(ms): ${f.maxRtMs.toFixed(3)} AVG RT(ms): ${
              f.avgRtMs.toFixed(3)
            } Send Failed: ${s.failed} check: ${now.checks - last.checks} unexpectedCheck: ${
              now.unexpected - last.unexpected
            } duplicatedCheck: ${now.dup - last.dup}`,
          );
          last = now;
          this.out.status(
            statusText(
              'tx',
              tick,
              elapsed,
              o.durationSec,
              `${s.ok.toLocaleString('en-US')} sent, ${this.checks.toLocaleString('en-US')} checks`,
            ),
          );
        },
      });
      const seconds = await this.runLoop(loop);
      const s = loop.stats;
      const rt = s.rtSummary();
      const summary: TxBenchSummary = {
        benchmark: 'tx',
        topic: o.topic,
        threads: o.threads,
        messageSize: o.messageSize,
        batchId: o.batchId,
        seconds: ms(seconds),
        sent: s.ok,
        sendFailed: s.failed,
        tps: Math.round(s.ok / seconds),
        rtMs: rtFigures(rt),
        checks: this.checks,
        unexpectedChecks: this.unexpectedChecks,
        duplicatedChecks: this.duplicatedChecks,
        ...(s.firstError ? { firstError: s.firstError } : {}),
      };
      this.out.line(
        `[Complete] Send Total: ${s.ok + s.failed} Send TPS: ${summary.tps} Max RT(ms): ${rt.max.toFixed(3)} AVG RT(ms): ${
          rt.avg.toFixed(3)
        } Send Failed: ${s.failed} check: ${this.checks} unexpectedCheck: ${this.unexpectedChecks} duplicatedCheck: ${this.duplicatedChecks}`,
      );
      this.out.line(rtLine(rt));
      return summary;
    } finally {
      await producer.shutdown();
    }
  }
}
