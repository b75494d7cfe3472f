// The programs under examples/ run as a user runs them: each compiled file as its own process on
// the runtime under test, importing the package by its name ('rocketmq-ts', resolved through
// package.json `exports`), against a real name server and broker found through NAMESRV_ADDR. Each
// must exit 0 and print what it did: the consumers the very messages produce.ts sent, the ordered
// example each order's steps in order, the transactional one only the committed messages, the
// delayed one a delivery at least its level's second after the send, the request/reply one the
// reply its responder made.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { packageRoot, scriptCommand } from '../../src/common/runtime.js';
import { setLogLevel } from '../../src/common/logger.js';
import { Producer } from '../../src/index.js';
import { createTopicConfig } from '../../src/remoting/protocol/topic-config.js';
import { startOurCluster } from '../harness/clusters.js';
import { pollUntil } from '../harness/latch.js';
import { killHard, track } from '../harness/processes.js';

setLogLevel('error');

/** The examples' topics, created up front so each consumer finds its route at start. */
const TOPICS = ['TopicTest', 'OrderTopic', 'TransactionTopic', 'DelayTopic', 'RequestTopic'];

interface ExampleRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs dist/examples/<name>.js to its end (killed after `timeoutMs`). */
async function runExample(name: string, namesrvAddr: string, timeoutMs = 60_000): Promise<ExampleRun> {
  const [cmd, ...pre] = scriptCommand(path.join(packageRoot, 'dist', 'examples', `${name}.js`));
  const proc = track(spawn(cmd!, pre, { env: { ...process.env, NAMESRV_ADDR: namesrvAddr, NO_COLOR: '1' }, cwd: packageRoot }));
  let stdout = '';
  let stderr = '';
  proc.stdout!.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  proc.stderr!.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const timer = setTimeout(() => void killHard(proc), timeoutMs);
  const code = await new Promise<number | null>((resolve) => proc.once('close', (c) => resolve(c)));
  clearTimeout(timer);
  return { code, stdout, stderr };
}

function assertExit0(run: ExampleRun, name: string): void {
  assert.equal(run.code, 0, `${name} exited ${run.code}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`);
}

/** The quoted bodies of the lines starting with `verb`, sorted. */
function bodies(out: string, verb: string): string[] {
  return [...out.matchAll(new RegExp(`^${verb} "([^"]+)"`, 'gm'))].map((m) => m[1]!).sort();
}

test('the examples run against a real name server and broker', async (t) => {
  const c = await startOurCluster(t);
  const admin = c.own(new Producer({ producerGroup: 'examples_setup', namesrvAddr: c.namesrvAddr }));
  await admin.start();
  const api = admin.instance.api;
  for (const topic of TOPICS) {
    await api.createTopic(c.brokerAddr, 'TBW102', createTopicConfig(topic, { readQueueNums: 4, writeQueueNums: 4 }), 5000);
  }
  await pollUntil(
    async () => {
      const routes = await Promise.all(TOPICS.map((tp) => api.getTopicRouteInfoFromNameServer(tp, 3000).catch(() => undefined)));
      return routes.every((r) => r?.queueDatas[0]?.readQueueNums === 4);
    },
    'the examples topics routes',
    15_000,
  );

  const sent: string[] = [];
  await t.test('produce.ts sends ten messages', async () => {
    const run = await runExample('produce', c.namesrvAddr);
    assertExit0(run, 'produce');
    sent.push(...bodies(run.stdout, 'sent'));
    assert.deepEqual(sent, Array.from({ length: 10 }, (_, i) => `Hello RocketMQ ${i}`).sort());
    assert.equal(run.stdout.match(/: SEND_OK msgId=[0-9A-F]{32} queue=\d/g)?.length, 10, run.stdout);
  });

  await t.test('push-consume.ts receives what produce.ts sent', async () => {
    const run = await runExample('push-consume', c.namesrvAddr);
    assertExit0(run, 'push-consume');
    assert.deepEqual(bodies(run.stdout, 'received'), sent);
    assert.match(run.stdout, /^consumed 10 messages$/m);
  });

  await t.test('lite-pull-consume.ts polls what produce.ts sent', async () => {
    const run = await runExample('lite-pull-consume', c.namesrvAddr);
    assertExit0(run, 'lite-pull-consume');
    assert.deepEqual(bodies(run.stdout, 'polled'), sent);
    assert.match(run.stdout, /^consumed 10 messages$/m);
  });

  await t.test('ordered.ts consumes each order in order, from one queue per order', async () => {
    const run = await runExample('ordered', c.namesrvAddr);
    assertExit0(run, 'ordered');
    for (const order of ['1001', '1002', '1003']) {
      assert.match(run.stdout, new RegExp(`^order ${order}: created -> paid -> shipped -> delivered$`, 'm'));
      const queues = new Set([...run.stdout.matchAll(new RegExp(`^(?:sent|received) "order ${order} \\w+" (?:to|from) queue (\\d+)`, 'gm'))]
        .map((m) => m[1]));
      assert.equal(queues.size, 1, `order ${order} used queues ${[...queues]}`);
    }
    assert.match(run.stdout, /^every order consumed in order$/m);
  });

  await t.test('transaction.ts delivers the committed messages only', async () => {
    const run = await runExample('transaction', c.namesrvAddr);
    assertExit0(run, 'transaction');
    assert.match(run.stdout, /^"order 0": half message SEND_OK, local transaction COMMIT_MESSAGE$/m);
    assert.match(run.stdout, /^"order 1": half message SEND_OK, local transaction ROLLBACK_MESSAGE$/m);
    assert.deepEqual(bodies(run.stdout, 'received'), ['order 0', 'order 2']);
    assert.match(run.stdout, /^received the 2 committed messages, none rolled back$/m);
  });

  await t.test('delayed.ts gets its message after the delay of level 1 (1 s)', async () => {
    const run = await runExample('delayed', c.namesrvAddr);
    assertExit0(run, 'delayed');
    assert.match(run.stdout, /^sent with delay level 1: SEND_OK$/m);
    const delay = Number(run.stdout.match(/^delivered (\d+) ms after it was sent$/m)?.[1]);
    assert.ok(delay >= 1000, `delivered after ${delay} ms\n${run.stdout}`);
  });

  await t.test('request-reply.ts gets the reply to its request', async () => {
    const run = await runExample('request-reply', c.namesrvAddr);
    assertExit0(run, 'request-reply');
    assert.match(run.stdout, /^responder got "ping"$/m);
    assert.match(run.stdout, /^reply "pong: ping"$/m);
  });
});

test("the README's client snippets are lines of the example files they name, and it names every example", () => {
  const readme = fs.readFileSync(path.join(packageRoot, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Client library'), readme.indexOf('\n## ', readme.indexOf('## Client library') + 1));
  const snippets = [...section.matchAll(/from `examples\/([\w-]+\.ts)`:\n\n```ts\n([\s\S]*?)```/g)];
  assert.equal(snippets.length, 2, 'the produce and push-consume snippets');
  for (const [, file, code] of snippets) {
    const source = new Set(fs.readFileSync(path.join(packageRoot, 'examples', file!), 'utf8').split('\n').map((l) => l.trim()));
    for (const line of code!.split('\n').map((l) => l.trim()).filter(Boolean)) {
      assert.ok(source.has(line), `README snippet of ${file}: "${line}" is not in the file`);
    }
  }
  for (const file of fs.readdirSync(path.join(packageRoot, 'examples'))) assert.match(section, new RegExp(`\`${file}\``));
});
