// Interop with ali-ons, a Node.js RocketMQ client nobody here wrote, against our name server and
// broker: topics made with UPDATE_AND_CREATE_TOPIC (ali-ons does not auto-create them), messages
// sent with tags and keys, a push consumer with a tag filter that gets every matching message and
// no other, and a listener that throws, which sees its message again with reconsumeTimes >= 1.
// With enablePropertyFilter, an ali-ons consumer with a SQL92 subscription gets exactly the matching
// messages. ali-ons runs in a child process on the same runtime (test/harness/children/ali-ons-client.ts).
// The tag run is repeated against a broker with aclEnable=true, ali-ons signing with
// accessKeyId / accessKeySecret.

import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { setLogLevel } from '../../src/common/logger.js';
import { createRequest } from '../../src/remoting/command.js';
import { RequestCode } from '../../src/remoting/request-code.js';
import { ResponseCode } from '../../src/remoting/response-code.js';
import { LineCollector, withTimeout } from '../harness/latch.js';
import { spawnChildScript } from '../harness/processes.js';
import { type InProcessBroker, startInProcessBroker, startInProcessNamesrv } from '../harness/servers.js';
import { wanted as sqlWanted } from '../harness/sql-filter.js';
import { type SessionCredentials, signRequest } from '../../src/remoting/acl-signature.js';
import { ADMIN, plainAclHome, USER } from '../harness/acl.js';

interface ChildReport {
  outcome: string;
  sent: Array<{ body: string; tags: string; status: string; props?: Record<string, string> }>;
  received: Array<{ body: string; tags: string; keys: string[]; reconsumeTimes: number; props?: Record<string, string> }>;
  errors: string[];
}

setLogLevel('error');

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

/** Runs the ali-ons child in `mode` (signing with `cred` when given) and returns its report. */
async function runChild(
  t: TestContext,
  namesrvAddr: string,
  topic: string,
  mode: 'tag' | 'sql',
  cred?: SessionCredentials,
): Promise<ChildReport> {
  const keys = cred ? [cred.accessKey, cred.secretKey] : [];
  const proc = spawnChildScript(t, 'ali-ons-client', [namesrvAddr, topic, `${process.pid}${mode}${cred ? 'acl' : ''}`, mode, ...keys]);
  const out = new LineCollector(proc.stdout, 'ali-ons child stdout');
  const err = new LineCollector(proc.stderr, 'ali-ons child stderr');
  const line = await withTimeout(out.waitFor(/^\{"outcome"/, 70_000), 75_000, 'the ali-ons report').catch((e: Error) => {
    throw new Error(`${e.message}\n${out.text.slice(-2000)}\n${err.text.slice(-2000)}`);
  });
  return JSON.parse(line.input!) as ChildReport;
}

test('ali-ons producer and push consumer against our name server and broker', async (t) => {
  const ns = await startInProcessNamesrv(t);
  const b = await startInProcessBroker(t, { namesrvAddr: ns.addr, messageStoreConfig: { messageDelayLevel: '1s 1s 1s 1s 1s 1s' } });
  const topic = `OnsTopic${process.pid}`;
  await createTopic(b, topic);
  checkTagRun(await runChild(t, ns.addr, topic, 'tag'));
});

test('ali-ons with accessKeyId / accessKeySecret produces and consumes through a broker with aclEnable=true', async (t) => {
  const ns = await startInProcessNamesrv(t);
  const b = await startInProcessBroker(t, {
    namesrvAddr: ns.addr,
    brokerConfig: { aclEnable: true, rocketmqHome: plainAclHome(t) },
    messageStoreConfig: { messageDelayLevel: '1s 1s 1s 1s 1s 1s' },
  });
  const topic = `OnsAclTopic${process.pid}`;
  await createTopic(b, topic, ADMIN);
  checkTagRun(await runChild(t, ns.addr, topic, 'tag', USER));
  // ACL was on: an unsigned request is refused.
  const unsigned = await b.invoke(createRequest(RequestCode.GET_BROKER_RUNTIME_INFO, null));
  assert.equal(unsigned.code, ResponseCode.NO_PERMISSION);
});

/** What the tag run must have seen: every TagA and TagC message, no TagB, the throwing listener's message again. */
function checkTagRun(report: ChildReport): void {
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

test('ali-ons with a SQL92 subscription gets exactly the matching messages from our broker', async (t) => {
  const ns = await startInProcessNamesrv(t);
  const b = await startInProcessBroker(t, { namesrvAddr: ns.addr, brokerConfig: { enablePropertyFilter: true } });
  const topic = `OnsSqlTopic${process.pid}`;
  await createTopic(b, topic);
  const report = await runChild(t, ns.addr, topic, 'sql');
  assert.equal(report.outcome, 'done', JSON.stringify(report.errors));
  assert.ok(report.sent.length > 40 && report.sent.every((s) => s.status === 'SEND_OK'));
  const expected = report.sent.filter((s) => sqlWanted(s.props!)).map((s) => s.body).sort();
  assert.ok(expected.length > 5);
  assert.deepEqual([...new Set(report.received.map((r) => r.body))].sort(), expected);
  assert.ok(report.received.every((r) => sqlWanted(r.props!)), 'nothing that does not match');
  assert.deepEqual(report.errors.filter((e) => !/route info/i.test(e)), []);
});
