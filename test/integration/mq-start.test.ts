// `mq start` as a new user meets it: the banner comes first and says what is bound (127.0.0.1 only,
// so the dev cluster is closed to the network), its logs go to ~/logs/rocketmqlogs/ (namesrv.log,
// broker.log, store.log, remoting.log) instead of the terminal, and `mq admin queryMsgById` takes
// the message id a send prints first (the client's unique id): with -t it finds the message, without
// it says which command does, and no address is made up from the id.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { packageRoot } from '../../src/common/runtime.js';
import { pollUntil } from '../harness/latch.js';
import { runMq, startMqAll } from '../harness/servers.js';
import { adminRunner } from '../harness/admin.js';

const version = (JSON.parse(fs.readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;

/** Resolves with the error code of a connection attempt, or 'connected'. */
function connectTo(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    s.once('connect', () => {
      s.destroy();
      resolve('connected');
    });
    s.once('error', (err) => resolve((err as NodeJS.ErrnoException).code ?? 'error'));
  });
}

test('mq start: banner first, bound to 127.0.0.1, logs in files; queryMsgById tells a client message id from an offset one', async (t) => {
  // The harness shows children's logs on stderr; this test wants what a user gets.
  const mq = await startMqAll(t, { env: { MQ_LOG_STDERR: '' } });
  assert.equal(mq.stdout.lines[0], `mq ${version}: a name server and a broker in one process (pid ${mq.proc.pid})`);
  assert.ok(mq.stdout.lines.includes('  bound to     127.0.0.1 only: other machines cannot connect (--host 0.0.0.0 opens it)'));
  const logDir = path.join(mq.home, 'logs', 'rocketmqlogs');
  assert.ok(mq.stdout.lines.includes(`  logs         ${logDir}`));
  assert.equal(mq.stderr.text, '', 'no log lines on the terminal');

  const nsPort = Number(mq.namesrvAddr.split(':')[1]);
  const brokerPort = Number(mq.brokerAddr.split(':')[1]);
  assert.equal(await connectTo('127.0.0.1', nsPort), 'connected');
  const lan = Object.values(os.networkInterfaces()).flat().find((a) => a && !a.internal && a.family === 'IPv4');
  if (lan) {
    for (const port of [nsPort, brokerPort]) assert.equal(await connectTo(lan.address, port), 'ECONNREFUSED', `${lan.address}:${port}`);
  }

  const admin = adminRunner(t, mq.namesrvAddr);
  const sent = JSON.parse(await admin.ok(['sendMessage', '-t', 'StartIdTopic', '-p', 'find me', '--json'])) as {
    msgId: string;
    offsetMsgId: string;
  };
  const hint = await admin.fail(['queryMsgById', '-i', sent.msgId]);
  assert.equal(
    hint,
    `mq: ${sent.msgId} is a client message id (the msgId a send prints first), not an offset message id: ` +
      `find it with mq admin queryMsgByUniqueKey -t <topic> -i ${sent.msgId}, or add -t <topic>`,
  );
  const byUnique = JSON.parse(await admin.ok(['queryMsgById', '-i', sent.msgId, '-t', 'StartIdTopic', '--json'])) as Record<
    string,
    unknown
  >;
  assert.equal(byUnique.offsetMsgId, sent.offsetMsgId);
  assert.equal(byUnique.body, 'find me');
  const byOffset = await admin.ok(['queryMsgById', '-i', sent.offsetMsgId]);
  assert.match(byOffset, new RegExp(`^OffsetID: +${sent.offsetMsgId}$`, 'm'));

  // The log files RocketMQ operators look for, each with its subsystem's lines.
  assert.deepEqual(fs.readdirSync(logDir).sort(), ['broker.log', 'namesrv.log', 'remoting.log', 'store.log']);
  const read = (f: string) => fs.readFileSync(path.join(logDir, f), 'utf8');
  assert.match(read('broker.log'), new RegExp(`INFO {2}broker {3}broker listening addr=127\\.0\\.0\\.1:${brokerPort} `));
  assert.match(read('namesrv.log'), /INFO {2}namesrv {2}new broker registered addr=/);
  assert.match(read('store.log'), /INFO {2}store {4}/);
  assert.doesNotMatch(read('store.log'), / broker {3}| namesrv {2}/);

  const stop = await runMq(['stop'], { env: { HOME: mq.home, MQ_RUN_DIR: path.join(mq.home, 'run') } });
  assert.equal(stop.code, 0, stop.stderr);
  assert.match(
    stop.stdout,
    new RegExp(`^Stopped mq start\\(${mq.proc.pid}\\) with the name server on port ${nsPort} and the broker on port ${brokerPort}$`, 'm'),
  );
  assert.deepEqual(await mq.exited, { code: 0, signal: null });
  // The last lines reach the file before the process exits.
  await pollUntil(() => /broker stopped broker=broker-a/.test(read('broker.log')), 'the shutdown lines in broker.log', 2000);
});
