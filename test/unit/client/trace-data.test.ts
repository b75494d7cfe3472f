// The message trace format (TraceDataEncoder): each record type written field for field as Java
// writes it, the keys a trace message carries, reading Java's older and newer layouts, records of
// other types and malformed ones skipped, the views mqadmin shows and their table, and the
// dispatcher's batching (500 ms or ~118,000 characters, one message per batch, flushed at shutdown).

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Message } from '../../../src/client/message/message.js';
import { decodeMessageExt } from '../../../src/client/message/decode.js';
import { MessageType } from '../../../src/client/producer/send-hooks.js';
import { SendResult, SendStatus } from '../../../src/client/producer/send-result.js';
import { TopicPublishInfo } from '../../../src/client/route/topic-publish-info.js';
import { AsyncTraceDispatcher, type TraceProducer } from '../../../src/client/trace/async-trace-dispatcher.js';
import { newTraceBean, newTraceContext, TraceType } from '../../../src/client/trace/trace-context.js';
import { decodeTraceData, encodeTraceContext } from '../../../src/client/trace/trace-data-encoder.js';
import { decodeTraceViews, type TraceView } from '../../../src/client/trace/trace-view.js';
import { ClientConfig } from '../../../src/client/client-config.js';
import { traceLines } from '../../../src/admin/format/trace-format.js';
import { encodeMessage } from '../../../src/common/message/record-codec.js';
import { encodeSocketAddress } from '../../../src/common/message/socket-address.js';
import { formatDate, YYYY_MM_DD_HH_MM_SS } from '../../../src/common/time-format.js';
import { pollUntil } from '../../harness/latch.js';

const C = '\u0001';
const F = '\u0002';
const rec = (...fields: Array<string | number | boolean>) => fields.join(C) + F;

function pub() {
  return newTraceContext(TraceType.Pub, {
    timeStamp: 1700000000123,
    regionId: 'DefaultRegion',
    groupName: 'pg',
    costTime: 7,
    traceBeans: [
      newTraceBean({
        topic: 'T',
        msgId: 'AAA',
        tags: 'TagA',
        keys: 'k1 k2',
        storeHost: '127.0.0.1:10911',
        bodyLength: 5,
        msgType: MessageType.Normal_Msg,
        offsetMsgId: 'OFF',
      }),
    ],
  });
}

describe('trace records as Java writes them', () => {
  it('Pub: 14 fields; the keys are the msgId and every key', () => {
    const t = encodeTraceContext(pub());
    assert.equal(
      t.transData,
      rec('Pub', 1700000000123, 'DefaultRegion', 'pg', 'T', 'AAA', 'TagA', 'k1 k2', '127.0.0.1:10911', 5, 7, 0, 'OFF', true),
    );
    assert.deepEqual([...t.transKey].sort(), ['AAA', 'k1', 'k2']);
  });

  it('SubBefore and SubAfter: one record per message, null tags and keys written as "null"', () => {
    const beans = [newTraceBean({ msgId: 'M1', keys: null, retryTimes: 2 }), newTraceBean({ msgId: 'M2', keys: 'x' })];
    const before = newTraceContext(TraceType.SubBefore, {
      timeStamp: 10,
      regionId: null,
      groupName: 'cg',
      requestId: 'R',
      traceBeans: beans,
    });
    assert.equal(
      encodeTraceContext(before).transData,
      rec('SubBefore', 10, 'null', 'cg', 'R', 'M1', 2, 'null') + rec('SubBefore', 10, 'null', 'cg', 'R', 'M2', 0, 'x'),
    );
    const after = newTraceContext(TraceType.SubAfter, {
      timeStamp: 20,
      groupName: 'cg',
      requestId: 'R',
      costTime: 3,
      isSuccess: false,
      contextCode: 4,
      traceBeans: beans,
    });
    const t = encodeTraceContext(after);
    assert.equal(
      t.transData,
      rec('SubAfter', 'R', 'M1', 3, false, 'null', 4, 20, 'cg') + rec('SubAfter', 'R', 'M2', 3, false, 'x', 4, 20, 'cg'),
    );
    assert.deepEqual([...t.transKey].sort(), ['M1', 'M2', 'x']);
  });

  it('EndTransaction: 13 fields', () => {
    const ctx = newTraceContext(TraceType.EndTransaction, {
      timeStamp: 5,
      regionId: 'DefaultRegion',
      groupName: 'tpg',
      traceBeans: [
        newTraceBean({
          topic: 'T',
          msgId: 'U',
          tags: null,
          keys: null,
          storeHost: 'b:1',
          msgType: MessageType.Trans_msg_Commit,
          transactionId: 'U',
          transactionState: 'ROLLBACK_MESSAGE',
          fromTransactionCheck: true,
        }),
      ],
    });
    assert.equal(
      encodeTraceContext(ctx).transData,
      rec('EndTransaction', 5, 'DefaultRegion', 'tpg', 'T', 'U', 'null', 'null', 'b:1', 2, 'U', 'ROLLBACK_MESSAGE', true),
    );
    // Absent keys are written as "null" but not indexed.
    assert.deepEqual([...encodeTraceContext(ctx).transKey], ['U']);
  });
});

describe('reading trace records', () => {
  it('reads back what it writes', () => {
    const [c] = decodeTraceData(encodeTraceContext(pub()).transData);
    assert.equal(c!.traceType, 'Pub');
    assert.equal(c!.timeStamp, 1700000000123);
    assert.equal(c!.costTime, 7);
    assert.equal(c!.isSuccess, true);
    assert.deepEqual(
      { ...c!.traceBeans[0]!, clientHost: '' },
      { ...pub().traceBeans[0]!, clientHost: '' },
    );
  });

  it("reads Java's older Pub (13 fields) and newer Pub (15, with the client host) and a SubAfter without time and group", () => {
    const data = rec('Pub', 1, 'r', 'g', 'T', 'A', 't', 'k', 'h', 1, 2, 3, 'false') +
      rec('Pub', 1, 'r', 'g', 'T', 'B', 't', 'k', 'h', 1, 2, 1, 'OFF', 'true', '10.0.0.9') + rec('SubAfter', 'R', 'C', 9, 'true', 'k', 1);
    const [old, newer, sub] = decodeTraceData(data);
    assert.equal(old!.isSuccess, false);
    assert.equal(old!.traceBeans[0]!.offsetMsgId, '');
    assert.equal(old!.traceBeans[0]!.msgType, MessageType.Delay_Msg);
    assert.equal(newer!.traceBeans[0]!.offsetMsgId, 'OFF');
    assert.equal(newer!.traceBeans[0]!.clientHost, '10.0.0.9');
    assert.equal(sub!.contextCode, 1);
    assert.equal(sub!.groupName, '');
  });

  it('skips a record of no trace type silently, and a malformed one with a report; the rest still reads', () => {
    const bad: string[] = [];
    const data = 'hello world' + F + rec('Pub', 'notatime', 'r', 'g') + rec('SubBefore', 1, 'r', 'g', 'R', 'M', 0, 'k') + rec('Pub', 1) +
      rec('EndTransaction', 1, 'r', 'g', 'T', 'U', 't', 'k', 'h', 2, 'U', 'MAYBE', 'false');
    const out = decodeTraceData(data, (r, err) => bad.push(`${r.split(C)[0]}: ${err.message}`));
    assert.deepEqual(out.map((c) => c.traceType), ['SubBefore']);
    assert.equal(bad.length, 3, bad.join('\n'));
    assert.match(bad[0]!, /^Pub: field 1 of a Pub record is not a number/);
    assert.match(bad[2]!, /not a transaction state: MAYBE/);
    assert.deepEqual(decodeTraceData(''), []);
  });
});

// Trace message bodies Apache RocketMQ's 4.9.8 client wrote (QuickProducer and QuickConsumer with
// tracing on, against our broker): a send, then one consume.
const JAVA_PUB = 'Pub\u00011796489184223\u0001DefaultRegion\u0001java_trace_pg\u0001GoldenTrace\u0001' +
  'FD000000000000000000000000000002579D4E0E2F2A1832D3DF0000\u0001TagA\u0001null\u0001127.0.0.1:46805\u000116\u0001103\u00010' +
  '\u00017F0000010000B6D50000000000000000\u0001true\u0002';
const JAVA_SUB = 'SubBefore\u00011796489188804\u0001null\u0001java_trace_cg\u0001FD000000000000000000000000000002587F4E0E2F2A1832E5C10000' +
  '\u0001FD000000000000000000000000000002579D4E0E2F2A1832D3DF0000\u00010\u0001null\u0002' +
  'SubAfter\u0001FD000000000000000000000000000002587F4E0E2F2A1832E5C10000\u0001FD000000000000000000000000000002579D4E0E2F2A1832D3DF0000' +
  '\u00019\u0001true\u0001null\u00010\u00011796489188813\u0001java_trace_cg\u0002';

describe("Java's own trace messages", () => {
  it('read field for field, and written back byte for byte', () => {
    const [pubCtx] = decodeTraceData(JAVA_PUB);
    assert.equal(pubCtx!.groupName, 'java_trace_pg');
    assert.equal(pubCtx!.costTime, 103);
    assert.equal(pubCtx!.traceBeans[0]!.bodyLength, 16);
    assert.equal(pubCtx!.traceBeans[0]!.offsetMsgId, '7F0000010000B6D50000000000000000');
    assert.equal(encodeTraceContext(pubCtx!).transData, JAVA_PUB);
    const [before, after] = decodeTraceData(JAVA_SUB);
    assert.equal(before!.requestId, after!.requestId);
    assert.equal(after!.timeStamp, 1796489188813);
    assert.equal(encodeTraceContext(before!).transData + encodeTraceContext(after!).transData, JAVA_SUB);
  });
});

/** A stored trace message with `body`, born at 10.1.2.3:4567. */
function traceMessage(body: string) {
  const record = encodeMessage({
    topic: 'RMQ_SYS_TRACE_TOPIC',
    flag: 0,
    body: Buffer.from(body),
    propertiesString: '',
    queueId: 0,
    queueOffset: 0,
    commitLogOffset: 0,
    sysFlag: 0,
    bornTimestamp: 1,
    bornHostBytes: encodeSocketAddress('10.1.2.3', 4567),
    storeTimestamp: 2,
    storeHostBytes: encodeSocketAddress('127.0.0.1', 10911),
    reconsumeTimes: 0,
    preparedTransactionOffset: 0,
  });
  return decodeMessageExt(record)!;
}

describe('queryMsgTraceById views and table', () => {
  const data = encodeTraceContext(pub()).transData + rec('SubBefore', 30, 'null', 'cgB', 'R1', 'AAA', 0, 'k1 k2') +
    rec('SubAfter', 'R1', 'AAA', 4, true, 'k1 k2', 0, 40, 'cgB') + rec('SubAfter', 'R2', 'AAA', 5, false, 'k1 k2', 4, 50, 'cgA') +
    rec('SubAfter', 'R3', 'OTHER', 5, true, 'x', 0, 60, 'cgA');

  it('keeps the events of the message asked for; the client host is the trace message born host IP', () => {
    const views = decodeTraceViews('AAA', traceMessage(data));
    assert.deepEqual(views.map((v) => `${v.msgType}/${v.groupName}/${v.status}`), [
      'Pub/pg/success',
      'SubBefore/cgB/success',
      'SubAfter/cgB/success',
      'SubAfter/cgA/failed',
    ]);
    assert.ok(views.every((v) => v.clientHost === '10.1.2.3'));
  });

  it("prints Pub blocks, then one block per consumer group in Java's HashMap order", () => {
    const views: TraceView[] = decodeTraceViews('AAA', traceMessage(data));
    const t = (ms: number) => formatDate(ms, YYYY_MM_DD_HH_MM_SS);
    const pad = (s: string, n: number) => s.padEnd(n);
    const line = (a: string, b: string, c: string, d: string, e: string, f: string) =>
      `${pad(a, 10)} ${pad(b, 20)} ${pad(c, 20)} ${pad(d, 20)} ${pad(e, 10)} ${pad(f, 10)}`;
    // "cgA".hashCode() and "cgB".hashCode() differ by one: cgA's bucket comes first.
    assert.deepEqual(traceLines(views), [
      line('#Type', '#ProducerGroup', '#ClientHost', '#SendTime', '#CostTimes', '#Status'),
      line('Pub', 'pg', '10.1.2.3', t(1700000000123), '7ms', 'success'),
      '',
      line('#Type', '#ConsumerGroup', '#ClientHost', '#ConsumerTime', '#CostTimes', '#Status'),
      line('Sub', 'cgA', '10.1.2.3', t(50), '5ms', 'failed'),
      '',
      line('#Type', '#ConsumerGroup', '#ClientHost', '#ConsumerTime', '#CostTimes', '#Status'),
      line('Sub', 'cgB', '10.1.2.3', t(40), '4ms', 'success'),
      '',
    ]);
  });
});

/** A trace producer that records what it is asked to send. */
class RecordingProducer implements TraceProducer {
  readonly sent: Message[] = [];
  started = 0;
  stopped = 0;
  async start(): Promise<void> {
    this.started++;
  }
  async shutdown(): Promise<void> {
    this.stopped++;
  }
  async tryToFindTopicPublishInfo(): Promise<TopicPublishInfo> {
    return new TopicPublishInfo();
  }
  async sendAsync(msg: Message): Promise<SendResult> {
    this.sent.push(msg);
    return new SendResult(SendStatus.SEND_OK, 'id', 'off', { topic: msg.topic, brokerName: 'b', queueId: 0 }, 0);
  }
}

function dispatcher(topic?: string) {
  let made: RecordingProducer | undefined;
  let opts: unknown;
  const d = new AsyncTraceDispatcher('grp', 'PRODUCE', topic, new ClientConfig({ namesrvAddr: '127.0.0.1:9876' }), (o) => {
    opts = o;
    return made = new RecordingProducer();
  });
  return { d, p: made!, opts: opts as Record<string, unknown> };
}

describe('AsyncTraceDispatcher', () => {
  it("runs its own producer as Java's: trace group, shared instance per name server, 5 s, 128,000 bytes", () => {
    const { d, opts } = dispatcher();
    assert.equal(d.traceTopicName, 'RMQ_SYS_TRACE_TOPIC');
    assert.match(String(opts.producerGroup), /^_INNER_TRACE_PRODUCER-grp-PRODUCE-\d+$/);
    assert.equal(opts.instanceName, 'PID_CLIENT_INNER_TRACE_PRODUCER_127.0.0.1:9876');
    assert.equal(opts.sendMsgTimeout, 5000);
    assert.equal(opts.maxMessageSize, 128_000);
    assert.equal(dispatcher('MyTrace').d.traceTopicName, 'MyTrace');
  });

  it('gathers events into one message sent after a while, with every msgId and key as KEYS', async () => {
    const { d, p } = dispatcher();
    await d.start();
    assert.ok(d.append(pub()));
    const second = pub();
    second.traceBeans[0]!.msgId = 'BBB';
    assert.ok(d.append(second));
    assert.equal(p.sent.length, 0, 'nothing goes out at once');
    await pollUntil(() => p.sent.length === 1, 'the batch to be sent', 5000);
    const m = p.sent[0]!;
    assert.equal(m.topic, 'RMQ_SYS_TRACE_TOPIC');
    assert.equal(Buffer.from(m.body).toString(), encodeTraceContext(pub()).transData + encodeTraceContext(second).transData);
    assert.deepEqual(m.keys!.split(' ').sort(), ['AAA', 'BBB', 'k1', 'k2']);
    await d.shutdown();
    assert.equal(p.stopped, 1);
  });

  it('sends a batch as soon as it reaches maxMsgSize - 10,000 characters, and the rest at shutdown', async () => {
    const { d, p } = dispatcher();
    await d.start();
    const big = pub();
    big.traceBeans[0]!.keys = 'k'.repeat(30_000);
    for (let i = 0; i < 3; i++) d.append(big);
    await new Promise((r) => setImmediate(r));
    assert.equal(p.sent.length, 0);
    d.append(big);
    // The send is under way once append returns; the fake producer records it a few promise turns later.
    await new Promise((r) => setImmediate(r));
    assert.equal(p.sent.length, 1, 'the fourth event crosses 118,000 characters');
    d.append(pub());
    await d.shutdown();
    assert.equal(p.sent.length, 2);
    assert.equal(d.append(pub()), false, 'nothing is taken after shutdown');
  });
});
