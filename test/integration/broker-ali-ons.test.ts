// Interop with ali-ons, a Node.js RocketMQ client nobody here wrote, against our name server and
// broker: topics made with UPDATE_AND_CREATE_TOPIC (ali-ons does not auto-create them), messages
// sent with tags and keys, a push consumer with a tag filter that gets every matching message and
// no other, and a listener that throws, which sees its message again with reconsumeTimes >= 1.
// ali-ons runs in a child process on the same runtime (children/broker-ali-ons-child.ts). The same
// runs against a broker with aclEnable=true, ali-ons signing with accessKeyId / accessKeySecret.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { scriptCommand } from '../../src/common/runtime.js';
import { createRequest } from '../../src/remoting/command.js';
import { RequestCode } from '../../src/remoting/request-code.js';
import { ResponseCode } from '../../src/remoting/response-code.js';
import { LineCollector, withTimeout } from '../harness/latch.js';
import { type InProcessBroker, startInProcessBroker, startInProcessNamesrv, type TestContextLike } from '../harness/servers.js';
import { type SessionCredentials, signRequest } from '../../src/remoting/acl-signature.js';
import { aclHome, ADMIN, USER } from '../harness/acl.js';

interface ChildReport {
  outcome: string;
  sent: Array<{ body: string; tags: string; status: string }>;
  received: Array<{ body: string; tags: string; keys: string[]; reconsumeTimes: number }>;
  errors: string[];
}

const child = path.join(path.dirname(fileURLToPath(import.meta.url)), 'children', 'broker-ali-ons-child.js');

/** Creates `topic` on the broker (signed by `admin` when given: ali-ons does not auto-create topics). */
async function createTopic(b: InProcessBroker, topic: string, admin?: SessionCredentials): Promise<void> {
  const req = createRequest(RequestCode.UPDATE_AND_CREATE_TOPIC, {
    topic,
    defaultTopic: 'TBW102',
    readQueueNums: '4',
    writeQueueNums: '4',
    perm: '6',
    topicFilterType: 'SINGLE_TAG',
    topicSysFlag: '0',
    order: 'false',
  });
  const created = await b.invoke(admin ? signRequest(req, admin) : req);
  assert.equal(created.code, ResponseCode.SUCCESS, created.remark ?? '');
}

test('ali-ons producer and push consumer against our name server and broker', async (t) => {
  const ns = await startInProcessNamesrv(t);
  const b = await startInProcessBroker(t, { namesrvAddr: ns.addr, messageStoreConfig: { messageDelayLevel: '1s 1s 1s 1s 1s 1s' } });
  const topic = `OnsTopic${process.pid}`;
  await createTopic(b, topic);
  await runOns(t, ns.addr, topic, String(process.pid));
});

test('ali-ons with accessKeyId / accessKeySecret produces and consumes through a broker with aclEnable=true', async (t) => {
  const ns = await startInProcessNamesrv(t);
  const b = await startInProcessBroker(t, {
    namesrvAddr: ns.addr,
    brokerConfig: { aclEnable: true, rocketmqHome: aclHome(t) },
    messageStoreConfig: { messageDelayLevel: '1s 1s 1s 1s 1s 1s' },
  });
  const topic = `OnsAclTopic${process.pid}`;
  await createTopic(b, topic, ADMIN);
  await runOns(t, ns.addr, topic, `acl${process.pid}`, USER);
  // ACL was on: an unsigned request is refused.
  const unsigned = await b.invoke(createRequest(RequestCode.GET_BROKER_RUNTIME_INFO, null));
  assert.equal(unsigned.code, ResponseCode.NO_PERMISSION);
});

/** Runs the ali-ons child (signing with `cred` when given) and checks its report. */
async function runOns(t: TestContextLike, namesrvAddr: string, topic: string, suffix: string, cred?: SessionCredentials): Promise<void> {
  const extra = cred ? [cred.accessKey, cred.secretKey] : [];
  const [cmd, ...args] = scriptCommand(child);
  const proc = spawn(cmd!, [...args, namesrvAddr, topic, suffix, ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
  t.after(() => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  });
  const out = new LineCollector(proc.stdout, 'ali-ons child stdout');
  const err = new LineCollector(proc.stderr, 'ali-ons child stderr');
  const line = await withTimeout(out.waitFor(/^\{"outcome"/, 70_000), 75_000, 'the ali-ons report').catch((e: Error) => {
    throw new Error(`${e.message}\n${out.text.slice(-2000)}\n${err.text.slice(-2000)}`);
  });
  const report = JSON.parse(line.input!) as ChildReport;
  assert.equal(report.outcome, 'done', JSON.stringify(report.errors));
  assert.equal(report.sent.length, 20);
  assert.ok(report.sent.every((s) => s.status === 'SEND_OK'));
  const wanted = report.sent.filter((s) => s.tags !== 'TagB').map((s) => s.body).sort();
  assert.deepEqual([...new Set(report.received.map((r) => r.body))].sort(), wanted, 'every TagA and TagC message');
  assert.ok(report.received.every((r) => r.tags === 'TagA' || r.tags === 'TagC'), 'and no TagB message');
  assert.deepEqual(report.received.find((r) => r.body === 'ons 3')!.keys, ['key-3']);
  const redelivered = report.received.filter((r) => r.body === 'ons 0');
  assert.ok(redelivered.some((r) => r.reconsumeTimes >= 1), 'the message whose listener threw came back');
  assert.deepEqual(report.errors.filter((e) => !/please try again later|route info/i.test(e)), []);
}
