// `mq tools benchmark producer|consumer|batch|tx` through the real CLI against one `mq start`:
// each runs a couple of seconds and prints RocketMQ's per-second lines, a [Complete] line and, as
// its last line, JSON figures that add up (messages sent, none failed, percentiles in order); the
// consumer gets what the producers sent; bad flags are one line and a non-zero exit. No figure is
// compared with a speed: speed is measured by the benchmarks, not asserted here.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runMq, type RunResult, startMqAll } from '../harness/servers.js';

const TIME = String.raw`\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}`;
const NUM = String.raw`\d+\.\d{3}`;
const PRODUCER_LINE = new RegExp(
  `^Current Time: ${TIME} Send TPS: \\d+ Max RT\\(ms\\): ${NUM} Average RT\\(ms\\): +${NUM} Send Failed: 0 Response Failed: 0$`,
);
const PRODUCER_COMPLETE = new RegExp(
  `^\\[Complete\\] Send Total: (\\d+) Send TPS: \\d+ Max RT\\(ms\\): ${NUM} Average RT\\(ms\\): +${NUM} Send Failed: 0 Response Failed: 0$`,
);
const CONSUMER_LINE = new RegExp(
  `^Current Time: \\d{13} Consume TPS: \\d+ Consume Failed: 0 Average\\(B2C\\) RT\\(ms\\): +${NUM} Average\\(S2C\\) RT\\(ms\\): +${NUM} MAX\\(B2C\\) RT\\(ms\\): \\d+ MAX\\(S2C\\) RT\\(ms\\): \\d+$`,
);
const BATCH_LINE = new RegExp(
  `^Current Time: ${TIME} Send TPS: \\d+ Send MPS: \\d+ Max RT\\(ms\\): ${NUM} Average RT\\(ms\\): +${NUM} Average Message RT\\(ms\\): +${NUM} Send Failed: 0 Send Message Failed: 0$`,
);
const TX_LINE = new RegExp(
  `^Current Time: \\d{13} Send TPS: \\d+ Max RT\\(ms\\): ${NUM} AVG RT\\(ms\\): ${NUM} Send Failed: 0 check: \\d+ unexpectedCheck: 0 duplicatedCheck: 0$`,
);
const RT_LINE = new RegExp(`^RT\\(ms\\) p50: ${NUM} p99: ${NUM} p999: ${NUM} max: ${NUM}$`);

interface Rt {
  avg: number;
  p50: number;
  p99: number;
  p999: number;
  max: number;
}

/** stdout lines, and the last one parsed as the summary. */
function result(r: RunResult): { lines: string[]; summary: Record<string, unknown> } {
  assert.equal(r.code, 0, `exit ${r.code}: ${r.stderr}`);
  const lines = r.stdout.trimEnd().split('\n');
  const summary = JSON.parse(lines[lines.length - 1]!) as Record<string, unknown>;
  return { lines, summary };
}

function checkRt(rt: Rt): void {
  assert.ok(rt.avg > 0 && rt.p50 > 0, JSON.stringify(rt));
  assert.ok(rt.p50 <= rt.p99 && rt.p99 <= rt.p999 && rt.p999 <= rt.max, JSON.stringify(rt));
}

test('mq tools benchmark against mq start: producer, consumer, batch, tx, async with a quantity, --json, bad flags', async (t) => {
  const mq = await startMqAll(t);
  const ns = ['-n', mq.namesrvAddr];
  const run = (args: string[], timeoutMs = 60_000) =>
    runMq(['tools', 'benchmark', ...args, ...ns], { timeoutMs, env: { MQ_LOG_LEVEL: '' } });

  let produced = 0;
  await t.test('producer: a line a second, [Complete], percentiles, JSON', async () => {
    const { lines, summary } = result(await run(['producer', '-t', 'BenchIt', '-w', '8', '--queues', '4', '--duration', '3']));
    assert.equal(
      lines[0],
      'topic: BenchIt threadCount: 8 messageSize: 128 keyEnable: false propertySize: 0 tagCount: 0 traceEnable: false aclEnable: false messageQuantity: 0',
    );
    assert.equal(lines[3], 'topic BenchIt created with 4 queues');
    const perSecond = lines.filter((l) => l.startsWith('Current Time:'));
    assert.ok(perSecond.length >= 2, lines.join('\n'));
    for (const l of perSecond) assert.match(l, PRODUCER_LINE);
    const complete = lines.find((l) => l.startsWith('[Complete]'));
    assert.match(complete ?? '', PRODUCER_COMPLETE);
    assert.match(lines[lines.length - 2]!, RT_LINE);
    assert.equal(summary.benchmark, 'producer');
    assert.equal(summary.queues, 4);
    assert.equal(summary.sendFailed, 0);
    assert.equal(summary.responseFailed, 0);
    const sent = summary.sent as number;
    assert.ok(sent > 0);
    assert.equal(Number(PRODUCER_COMPLETE.exec(complete!)![1]), sent);
    assert.ok((summary.tps as number) > 0 && (summary.seconds as number) >= 2.9);
    checkRt(summary.rtMs as Rt);
    produced += sent;
  });

  await t.test('producer -y true -q 3000 -k true -l 4: async sends stop at the quantity', async () => {
    const { summary } = result(await run(['producer', '-t', 'BenchIt', '-y', 'true', '-q', '3000', '-k', 'true', '-l', '4', '-s', '64']));
    assert.equal(summary.async, true);
    assert.equal(summary.threads, 1);
    assert.equal(summary.sent, 3000);
    assert.equal(summary.sendFailed, 0);
    checkRt(summary.rtMs as Rt);
    produced += 3000;
  });

  await t.test('consumer: consumes what was sent, B2C/S2C lines, JSON', async () => {
    const { lines, summary } = result(await run(['consumer', '-t', 'BenchIt', '-g', 'bench_it_cg', '--from', 'first', '--duration', '4']));
    assert.equal(
      lines[0],
      'topic: BenchIt, threadCount 20, group: bench_it_cg, suffix: false, filterType: null, expression: null, msgTraceEnable: false, aclEnable: false',
    );
    assert.equal(lines[1], 'Consumer Started.');
    const perSecond = lines.filter((l) => l.startsWith('Current Time:'));
    assert.ok(perSecond.length >= 2, lines.join('\n'));
    for (const l of perSecond) assert.match(l, CONSUMER_LINE);
    assert.match(
      lines.find((l) => l.startsWith('[Complete]')) ?? '',
      /^\[Complete\] Consume Total: \d+ Consume TPS: \d+ Consume Failed: 0 /,
    );
    assert.equal(summary.benchmark, 'consumer');
    assert.equal(summary.consumed, produced);
    assert.equal(summary.failed, 0);
    const b2c = summary.b2cMs as { avg: number; p50: number; p99: number; max: number };
    assert.ok(b2c.p50 <= b2c.p99 && b2c.p99 <= b2c.max && b2c.max > 0, JSON.stringify(b2c));
  });

  await t.test('batch: batches of 8, messages = 8 x batches', async () => {
    const { lines, summary } = result(await run(['batch', '-t', 'BenchBatchIt', '-w', '4', '-b', '8', '--duration', '2']));
    for (const l of lines.filter((x) => x.startsWith('Current Time:'))) assert.match(l, BATCH_LINE);
    assert.equal(summary.benchmark, 'batch');
    assert.ok((summary.batches as number) > 0);
    assert.equal(summary.sent, (summary.batches as number) * 8);
    assert.equal(summary.sendFailed, 0);
    checkRt(summary.rtMs as Rt);
  });

  await t.test('tx: transactional sends with rollback and unknown rates', async () => {
    const { lines, summary } = result(
      await run(['tx', '-t', 'BenchTxIt', '-w', '4', '-s', '256', '-sr', '0.2', '-su', '0.1', '--duration', '2']),
    );
    for (const l of lines.filter((x) => x.startsWith('Current Time:'))) assert.match(l, TX_LINE);
    assert.equal(summary.benchmark, 'tx');
    assert.ok((summary.sent as number) > 0);
    assert.equal(summary.sendFailed, 0);
    assert.equal(summary.unexpectedChecks, 0);
    checkRt(summary.rtMs as Rt);
  });

  await t.test('--json prints the JSON line only', async () => {
    const r = await run(['producer', '-t', 'BenchIt', '-w', '2', '-q', '50', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 1);
    assert.equal((JSON.parse(lines[0]!) as { sent: number }).sent, 50);
  });

  await t.test('bad flags: one line and a non-zero exit', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['producer', '-w', '0'], /^mq: -w \(--threadCount\) must be an integer from 1 to 10000, not "0"$/],
      [['producer', '-k', 'yes'], /^mq: -k \(--keyEnable\) must be true or false, not "yes"$/],
      [['producer', '-t', 'bad topic'], /^mq: -t \(--topic\) must match/],
      [['batch', '-b', 'x'], /^mq: -b \(--batchSize\) must be an integer from 1 to 10000, not "x"$/],
      [['tx', '-sr', '1.5'], /^mq: --sr must be a rate from 0 to 1, not "1.5"$/],
      [['tx', '-s', '10'], /^mq: -s \(--messageSize\) must be an integer from 37 to 4194304, not "10"$/],
      [['consumer', '--duration', '-1'], /^mq: --duration must be an integer from 0 to 604800, not "-1"$/],
      [['consumer', '-m', 'yes'], /^mq: -m \(--msgTraceEnable\) must be true or false, not "yes"$/],
    ];
    for (const [args, re] of cases) {
      const r = await run(args);
      assert.notEqual(r.code, 0, args.join(' '));
      assert.match(r.stderr.trim(), re, args.join(' '));
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.equal(r.stdout, '', args.join(' '));
    }
  });
});

test('mq tools benchmark producer: an unreachable name server is one line and exit 1', async () => {
  const r = await runMq(['tools', 'benchmark', 'producer', '-n', '127.0.0.1:1', '--duration', '1'], { env: { MQ_LOG_LEVEL: '' } });
  assert.equal(r.code, 1);
  assert.equal(r.stderr.trim(), 'mq: connect to 127.0.0.1:1 failed');
});
