// The dashboard server over plain HTTP, on every runtime, against our name server and broker in
// this process with real clients: its files, every page's API (cluster, topics, consumers,
// producers, messages, DLQ, charts) with the data the test made, the forms' RocketMQ rules, resend
// consumed by the group, read-only and login, an unreachable name server, and bad requests (404,
// 400, 405, 415, a foreign Host, a malformed request line) after which it keeps serving.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import zlib from 'node:zlib';
import { ConsumeConcurrentlyStatus } from '../../src/client/consumer/listener.js';
import { Message } from '../../src/client/message/message.js';
import { Producer } from '../../src/client/producer/producer.js';
import { setLogLevel } from '../../src/common/logger.js';
import { DashboardServer } from '../../src/dashboard/index.js';
import { pollUntil } from '../harness/latch.js';
import { startInProcessBroker, startInProcessNamesrv } from '../harness/servers.js';
import { tmpDir } from '../harness/tmp.js';
import { apiGet, apiPost, httpRequest, recordingGroup } from './dashboard-support.js';

setLogLevel('error');

const TOPIC = 'DashHttpTopic';
const GROUP = 'dash_http_cg';
const DLQ_GROUP = 'dash_http_dlq_cg';
const PRODUCER_GROUP = 'dash_http_pg';

async function dashboard(t: { after(fn: () => unknown): void }, opts: ConstructorParameters<typeof DashboardServer>[0]): Promise<string> {
  const d = new DashboardServer({ port: 0, sampler: { intervalMs: 200 }, ...opts });
  t.after(() => d.close());
  return d.start();
}

/** One send to the raw socket; the first line of the answer. */
function rawRequest(base: string, text: string): Promise<string> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const s = net.connect(Number(url.port), url.hostname, () => s.write(text));
    let got = '';
    s.on('data', (d) => (got += d.toString('latin1')));
    s.on('close', () => resolve(got.split('\r\n')[0]!));
    s.on('error', reject);
    s.setTimeout(10_000, () => s.destroy(new Error('no answer')));
  });
}

test('dashboard over HTTP: pages, forms, actions, read-only, login and bad input against a real cluster', async (t) => {
  const ns = await startInProcessNamesrv(t);
  const broker = await startInProcessBroker(t, { namesrvAddr: ns.addr });
  const base = await dashboard(t, { namesrvAddr: ns.addr });
  const producer = new Producer({ producerGroup: PRODUCER_GROUP, namesrvAddr: ns.addr });
  await producer.start();
  t.after(() => producer.shutdown());

  await t.test('the front-end: index, modules, uPlot from the package, gzip, ETag, security headers', async () => {
    const index = await httpRequest(base, '/');
    assert.equal(index.status, 200);
    assert.match(String(index.headers['content-type']), /^text\/html/);
    assert.match(index.text, /<script type="module" src="\/app.js"><\/script>/);
    assert.match(String(index.headers['content-security-policy']), /default-src 'self'/);
    assert.equal(index.headers['x-frame-options'], 'DENY');
    for (const p of ['/app.js', '/lib/dom.js', '/pages/charts.js', '/vendor/uPlot.iife.min.js']) {
      const r = await httpRequest(base, p, { headers: { 'Accept-Encoding': 'gzip' } });
      assert.equal(r.status, 200, p);
      assert.match(String(r.headers['content-type']), /^text\/javascript/, p);
      assert.equal(r.headers['content-encoding'], 'gzip', p);
      assert.ok(zlib.gunzipSync(r.body).length > r.body.length, p);
      const again = await httpRequest(base, p, { headers: { 'If-None-Match': String(r.headers.etag) } });
      assert.equal(again.status, 304, p);
    }
    assert.match((await httpRequest(base, '/vendor/uPlot.min.css')).text, /\.uplot/);
    assert.equal((await httpRequest(base, '/nope.js')).status, 404);
    assert.equal((await httpRequest(base, '/../package.json')).status, 404);
    const post = await httpRequest(base, '/', { method: 'POST' });
    assert.equal(post.status, 405);
    assert.equal(post.headers.allow, 'GET, HEAD');
  });

  await t.test('cluster: the broker by cluster and name, with role, address, version and its config', async () => {
    assert.deepEqual(await apiGet(base, '/api/session'), {
      loginRequired: false,
      user: null,
      readOnly: false,
      canWrite: true,
      namesrvAddrs: [ns.addr],
    });
    const c = await apiGet(base, '/api/cluster');
    assert.deepEqual(c.namesrvAddrs, [ns.addr]);
    assert.equal(c.brokers.length, 1);
    const b = c.brokers[0];
    assert.deepEqual([b.cluster, b.brokerName, b.brokerId, b.role, b.addr], ['TestCluster', 'broker-t', 0, 'MASTER', broker.addr]);
    assert.match(b.version, /^V\d+_\d+_\d+/);
    assert.ok(b.diskRatio > 0 && b.diskRatio < 1, String(b.diskRatio));
    const cfg = await apiGet(base, '/api/broker/config', { addr: broker.addr });
    assert.equal(cfg.config.brokerName, 'broker-t');
    assert.equal(cfg.config.brokerClusterName, 'TestCluster');
    assert.ok('putTps' in (await apiGet(base, '/api/broker/runtime', { addr: broker.addr })).runtime);
    const stranger = await httpRequest(base, '/api/broker/config?addr=127.0.0.1:1');
    assert.equal(stranger.status, 404, 'an address the name server does not list is never contacted');
  });

  await t.test('topics: create from the form with RocketMQ rules, list by kind, route, status', async () => {
    const save = (body: Record<string, unknown>) => apiPost(base, '/api/topic/save', { clusters: ['TestCluster'], ...body });
    const refused = async (body: Record<string, unknown>, message: string) => {
      const r = await save(body);
      assert.equal(r.status, 400, r.text);
      assert.deepEqual(r.json(), { error: message, code: 1 });
    };
    await refused({ topic: 'bad topic!' }, 'The specified topic contains illegal characters, allowing only ^[%|a-zA-Z0-9_-]+$');
    await refused({ topic: '  ' }, 'The specified topic is blank.');
    await refused({ topic: 'T'.repeat(128) }, 'The specified topic is longer than topic max length.');
    await refused({ topic: TOPIC, writeQueueNums: -1 }, 'writeQueueNums must be an integer from 0 to 65535, not -1');
    await refused({ topic: TOPIC, readQueueNums: '-8' }, 'readQueueNums must be an integer from 0 to 65535, not "-8"');
    await refused({ topic: TOPIC, perm: 3 }, 'perm must be 2 (write), 4 (read) or 6 (read and write), not 3');
    await refused({ topic: TOPIC, clusters: [] }, 'choose at least one cluster or broker to create the topic on');
    const conflict = await save({ topic: 'TBW102' });
    assert.equal(conflict.status, 500);
    assert.match(conflict.json().error, /The topic\[TBW102\] is conflict with system topic\./, "the broker's own refusal comes through");

    const ok = await save({ topic: TOPIC, writeQueueNums: 2, readQueueNums: 2 });
    assert.equal(ok.status, 200, ok.text);
    assert.deepEqual(ok.json(), { topic: TOPIC, addrs: [broker.addr] });
    const byBroker = await apiPost(base, '/api/topic/save', {
      topic: `${TOPIC}B`,
      brokers: ['broker-t'],
      writeQueueNums: 1,
      readQueueNums: 1,
    });
    assert.deepEqual(byBroker.json(), { topic: `${TOPIC}B`, addrs: [broker.addr] });

    const route = await pollUntil(async () => {
      const r = await httpRequest(base, `/api/topic/route?topic=${TOPIC}`);
      return r.status === 200 && r.json();
    }, 'the new topic to have a route');
    assert.deepEqual(route.queues, [{ brokerName: 'broker-t', readQueueNums: 2, writeQueueNums: 2, perm: 6, topicSysFlag: 0 }]);
    assert.deepEqual(route.brokers, [{ cluster: 'TestCluster', brokerName: 'broker-t', addrs: [{ brokerId: 0, addr: broker.addr }] }]);
    const kinds = new Map<string, string>(
      (await apiGet(base, '/api/topics')).topics.map((x: { topic: string; kind: string }) => [x.topic, x.kind]),
    );
    assert.equal(kinds.get(TOPIC), 'NORMAL');
    assert.equal(kinds.get('TBW102'), 'SYSTEM');
    assert.equal(kinds.get('TestCluster'), 'SYSTEM', 'the name server lists cluster names as system topics');
    assert.equal(kinds.get('broker-t'), 'SYSTEM');
    const missing = await httpRequest(base, '/api/topic/status?topic=NoSuchTopic');
    assert.equal(missing.status, 404);
    assert.equal(missing.json().code, 17);
  });

  const sent: string[] = [];
  await t.test('send from the page, then status, search by key, by time and by id', async () => {
    const begin = Date.now() - 1000;
    const r = await apiPost(base, '/api/topic/send', {
      topic: TOPIC,
      tags: 'TagDash',
      keys: 'dash-key-1',
      body: 'hello from the dashboard',
    });
    assert.equal(r.status, 200, r.text);
    const s = r.json();
    assert.equal(s.sendStatus, 'SEND_OK');
    sent.push(s.msgId);
    for (let i = 0; i < 4; i++) sent.push((await producer.send(new Message(TOPIC, `m${i}`, { keys: `k${i}`, tags: 'T' }))).msgId);
    assert.equal((await apiPost(base, '/api/topic/send', { topic: TOPIC, body: '' })).json().error, 'the message body length is zero');

    const status = await apiGet(base, '/api/topic/status', { topic: TOPIC });
    assert.equal(status.messages, 5);
    assert.equal(status.queues.length, 2);
    assert.ok(status.queues.every((q: { lastUpdateTimestamp: number }) => q.lastUpdateTimestamp >= begin));

    const byKey = await pollUntil(async () => {
      const m = (await apiGet(base, '/api/messages/by-key', { topic: TOPIC, key: 'dash-key-1' })).messages;
      return m.length > 0 && m;
    }, 'the index to find the key');
    assert.deepEqual(byKey.map((m: { msgId: string }) => m.msgId), [s.msgId]);
    assert.deepEqual((await apiGet(base, '/api/messages/by-key', { topic: TOPIC, key: 'no-such-key' })).messages, []);

    const byTime = await apiGet(base, '/api/messages/by-time', { topic: TOPIC, begin, end: Date.now() + 1000 });
    assert.deepEqual(new Set(byTime.messages.map((m: { msgId: string }) => m.msgId)), new Set(sent));
    assert.equal(byTime.truncated, false);
    const times = byTime.messages.map((m: { storeTimestamp: number }) => m.storeTimestamp);
    assert.deepEqual(times, [...times].sort((a, b) => b - a), 'newest first');
    assert.deepEqual((await apiGet(base, '/api/messages/by-time', { topic: TOPIC, begin: 1, end: 2 })).messages, []);
    const backwards = await httpRequest(base, `/api/messages/by-time?topic=${TOPIC}&begin=5&end=4`);
    assert.equal(backwards.status, 400);

    const detail = await apiGet(base, '/api/message', { topic: TOPIC, msgId: s.msgId });
    assert.equal(Buffer.from(detail.message.body, 'base64').toString(), 'hello from the dashboard');
    assert.equal(detail.message.tags, 'TagDash');
    assert.equal(detail.message.properties.KEYS, 'dash-key-1');
    assert.deepEqual(detail.tracks, []);
    const byOffsetId = await apiGet(base, '/api/message', { msgId: detail.message.offsetMsgId });
    assert.equal(byOffsetId.message.msgId, s.msgId);
    assert.equal((await httpRequest(base, `/api/message?topic=${TOPIC}&msgId=00000000000000000000000000000000`)).status, 404);
  });

  await t.test('consumers and producers: members, versions, lag, clients, resend consumed, reset, DLQ, delete', async () => {
    const g = await recordingGroup(t, ns.addr, GROUP, TOPIC);
    await pollUntil(() => sent.every((id) => g.messages.some((m) => m.msgId === id)), 'the group to consume the messages', 30_000);
    // The group's offsets reach the broker with the client's next commit (every 5 s).
    const detail = await pollUntil(
      async () => {
        const r = await httpRequest(base, `/api/consumer/detail?group=${GROUP}`);
        return r.status === 200 && r.json().queues.some((q: { consumerOffset: number }) => q.consumerOffset > 0) && r.json();
      },
      "the group's offsets to be committed",
      30_000,
      200,
    );
    assert.equal(detail.queues.filter((q: { topic: string }) => q.topic === TOPIC).length, 2);
    assert.equal(detail.lag, 0);
    const row = (await apiGet(base, '/api/consumers')).groups.find((x: { group: string }) => x.group === GROUP);
    assert.equal(row.count, 1);
    assert.equal(row.diffTotal, 0);
    assert.deepEqual([row.consumeType, row.messageModel], ['PUSH', 'CLUSTERING']);
    const clients = await apiGet(base, '/api/consumer/clients', { group: GROUP });
    assert.equal(clients.clients.length, 1);
    assert.match(clients.clients[0].version, /^V\d+_\d+_\d+/);
    assert.ok(clients.clients[0].language, 'the client says its language');
    assert.deepEqual(clients.subscriptions.find((x: { topic: string }) => x.topic === TOPIC), {
      topic: TOPIC,
      expressionType: 'TAG',
      subString: '*',
    });
    const byTopic = await apiGet(base, '/api/topic/consumers', { topic: TOPIC });
    assert.deepEqual(byTopic.groups.map((x: { group: string; lag: number }) => [x.group, x.lag]), [[GROUP, 0]]);

    const before = g.messages.length;
    const resend = await apiPost(base, '/api/message/resend', { topic: TOPIC, msgId: sent[0], group: GROUP });
    assert.equal(resend.status, 200, resend.text);
    assert.equal(resend.json().consumeResult, 'CR_SUCCESS');
    assert.equal(g.messages.length, before + 1, 'the client consumed the message again, at once');
    assert.equal(g.messages.at(-1)!.msgId, sent[0]);

    const reset = await apiPost(base, '/api/consumer/reset', { group: GROUP, topic: TOPIC, timestamp: 0, force: true });
    assert.equal(reset.status, 200, reset.text);
    assert.equal(reset.json().mode, 'new');
    assert.deepEqual(reset.json().queues.map((q: { offset: number }) => q.offset), [0, 0]);
    await pollUntil(() => g.messages.length >= before + 1 + sent.length, 'the reset group to consume everything again', 30_000);

    const producers = await apiGet(base, '/api/producers', { topic: TOPIC, group: PRODUCER_GROUP });
    assert.equal(producers.clients.length, 1);
    assert.match(producers.clients[0].version, /^V\d+_\d+_\d+/);
    assert.equal((await httpRequest(base, `/api/producers?topic=${TOPIC}&group=nobody`)).status, 500);

    const dlqTopic = `${TOPIC}Dlq`;
    // Sent first, so the topic has a route when the group starts and fails it.
    const dead = await producer.send(new Message(dlqTopic, 'dead letter'));
    const failing = await recordingGroup(
      t,
      ns.addr,
      DLQ_GROUP,
      dlqTopic,
      { maxReconsumeTimes: 0 },
      ConsumeConcurrentlyStatus.RECONSUME_LATER,
    );
    const dlq = await pollUntil(
      async () => {
        const m = (await apiGet(base, '/api/dlq', { group: DLQ_GROUP, begin: 0, end: Date.now() + 60_000 })).messages;
        return m.length > 0 && m;
      },
      'the failed message to reach the DLQ',
      30_000,
    );
    assert.equal(dlq[0].msgId, dead.msgId);
    assert.equal(dlq[0].topic, `%DLQ%${DLQ_GROUP}`);
    failing.status = ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
    const count = failing.messages.length;
    const again = await apiPost(base, '/api/message/resend', {
      topic: dlq[0].topic,
      msgId: dlq[0].msgId,
      offsetMsgId: dlq[0].offsetMsgId,
      group: DLQ_GROUP,
    });
    assert.equal(again.json().consumeResult, 'CR_SUCCESS', again.text);
    assert.equal(failing.messages.length, count + 1);
    assert.equal(failing.messages.at(-1)!.body.toString(), 'dead letter');
    assert.deepEqual((await apiGet(base, '/api/dlq', { group: 'no_such_group', begin: 0, end: 1 })).messages, []);

    await g.consumer.shutdown();
    const del = await apiPost(base, '/api/consumer/delete', { group: GROUP });
    assert.equal(del.status, 200, del.text);
    assert.deepEqual(del.json().clusters, ['TestCluster']);
    const groups = (await apiGet(base, '/api/consumers')).groups.map((x: { group: string }) => x.group);
    assert.ok(!groups.includes(GROUP), groups.join());
    assert.equal((await apiPost(base, '/api/consumer/delete', { group: GROUP })).status, 404);
  });

  await t.test('charts: broker and topic TPS sampled on the server', async () => {
    const key = 'TestCluster/broker-t/0';
    await pollUntil(
      async () => {
        await producer.send(new Message(TOPIC, 'tick'));
        const b = (await apiGet(base, '/api/charts/brokers')).series.find((s: { key: string }) => s.key === key);
        const topic = (await apiGet(base, '/api/charts/topics', { topics: TOPIC })).series[0];
        return b?.points.some((p: number[]) => p[1]! > 0) && topic?.topic === TOPIC && topic.points.some((p: number[]) => p[1]! > 0);
      },
      'non-zero broker and topic rates while messages flow',
      30_000,
      100,
    );
  });

  await t.test('delete a topic', async () => {
    const r = await apiPost(base, '/api/topic/delete', { topic: `${TOPIC}B` });
    assert.deepEqual(r.json(), { topic: `${TOPIC}B`, clusters: ['TestCluster'] });
    assert.ok(!(await apiGet(base, '/api/topics')).topics.some((x: { topic: string }) => x.topic === `${TOPIC}B`));
  });

  await t.test('bad requests get 4xx and the server keeps serving', async () => {
    assert.equal((await httpRequest(base, '/api/nope')).status, 404);
    const malformed = await httpRequest(base, '/api/topic/save', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-MQ-Dashboard': '1' },
      body: '{"topic": ',
    });
    assert.equal(malformed.status, 400);
    assert.match(malformed.json().error, /^malformed JSON/);
    assert.equal((await apiPost(base, '/api/topic/save', [1, 2])).status, 400);
    const noHeader = await httpRequest(base, '/api/topic/save', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    assert.equal(noHeader.status, 403);
    const crossSite = await apiPost(base, '/api/topic/save', { topic: 'X' }, { Origin: 'http://evil.example' });
    assert.equal(crossSite.status, 403);
    const form = await httpRequest(base, '/api/topic/save', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-MQ-Dashboard': '1' },
      body: 'topic=X',
    });
    assert.equal(form.status, 415);
    assert.equal((await httpRequest(base, '/api/topic/save')).status, 405);
    assert.equal((await apiPost(base, '/api/cluster', {})).status, 405);
    assert.equal((await httpRequest(base, '/api/topic/route')).status, 400);
    assert.equal((await httpRequest(base, '/api/messages/by-time?topic=x&begin=abc&end=1')).status, 400);
    const foreign = await httpRequest(base, '/api/session', { headers: { Host: 'evil.example' } });
    assert.equal(foreign.status, 403, 'a name that resolves to loopback later (DNS rebinding) gets nothing');
    assert.match(await rawRequest(base, 'THIS IS NOT HTTP\r\n\r\n'), /^HTTP\/1\.1 400/);
    assert.equal((await httpRequest(base, '/api/session')).status, 200);
    assert.equal((await httpRequest(base, '/')).status, 200);
  });

  await t.test('read-only: every change refused, every page readable', async () => {
    const ro = await dashboard(t, { namesrvAddr: ns.addr, readOnly: true });
    assert.equal((await apiGet(ro, '/api/session')).canWrite, false);
    assert.equal((await apiGet(ro, '/api/cluster')).brokers.length, 1);
    for (
      const p of [
        '/api/topic/save',
        '/api/topic/delete',
        '/api/topic/send',
        '/api/consumer/reset',
        '/api/consumer/delete',
        '/api/message/resend',
      ]
    ) {
      const r = await apiPost(ro, p, { topic: 'RoTopic', clusters: ['TestCluster'], group: 'g', msgId: 'x', timestamp: 0, body: 'b' });
      assert.equal(r.status, 403, p);
      assert.match(r.json().error, /read-only/, p);
    }
    assert.ok(!(await apiGet(ro, '/api/topics')).topics.some((x: { topic: string }) => x.topic === 'RoTopic'));
  });

  await t.test('login from a users file: sessions, roles, logout', async () => {
    const dir = tmpDir('mq-dash-users-', t);
    const file = path.join(dir, 'users.properties');
    fs.writeFileSync(file, '# rocketmq-dashboard format\nsuper=s3cret,1\nviewer = look\n');
    const sec = await dashboard(t, { namesrvAddr: ns.addr, usersFile: file });
    assert.equal((await httpRequest(sec, '/api/cluster')).status, 401);
    assert.deepEqual(await apiGet(sec, '/api/session'), {
      loginRequired: true,
      user: null,
      readOnly: false,
      canWrite: false,
      namesrvAddrs: [],
    });
    assert.equal((await httpRequest(sec, '/')).status, 200, 'the page (with its login form) loads without a session');
    assert.equal((await apiPost(sec, '/api/login', { username: 'super', password: 'wrong' })).status, 401);
    assert.equal((await apiPost(sec, '/api/login', { username: 'nobody', password: '' })).status, 401);
    const login = async (username: string, password: string) => {
      const r = await apiPost(sec, '/api/login', { username, password });
      assert.equal(r.status, 200, r.text);
      const cookie = String(r.headers['set-cookie']);
      assert.match(cookie, /HttpOnly/);
      assert.match(cookie, /SameSite=Strict/);
      return { cookie: cookie.split(';')[0]!, session: r.json() };
    };
    const viewer = await login('viewer', 'look');
    assert.deepEqual(viewer.session.user, { name: 'viewer', admin: false });
    assert.deepEqual(viewer.session.namesrvAddrs, [ns.addr]);
    assert.equal(viewer.session.canWrite, false);
    assert.equal((await apiGet(sec, '/api/cluster', {}, viewer.cookie)).brokers.length, 1);
    const denied = await apiPost(sec, '/api/topic/save', { topic: 'ViewerTopic', clusters: ['TestCluster'] }, { Cookie: viewer.cookie });
    assert.equal(denied.status, 403);
    const admin = await login('super', 's3cret');
    assert.equal(admin.session.canWrite, true);
    const saved = await apiPost(sec, '/api/topic/save', { topic: 'AdminTopic', clusters: ['TestCluster'] }, { Cookie: admin.cookie });
    assert.equal(saved.status, 200, saved.text);
    assert.equal((await apiPost(sec, '/api/logout', {}, { Cookie: admin.cookie })).status, 200);
    assert.equal((await httpRequest(sec, '/api/cluster', { headers: { Cookie: admin.cookie } })).status, 401);
    // The file is read again when it changes: a removed user's session ends.
    fs.writeFileSync(file, 'super=s3cret,1\n');
    const bump = new Date(Date.now() + 5000);
    fs.utimesSync(file, bump, bump);
    assert.equal((await httpRequest(sec, '/api/cluster', { headers: { Cookie: viewer.cookie } })).status, 401);
  });

  await t.test('an unreachable name server is an answer the page can show, and the server keeps serving', async () => {
    const lost = await dashboard(t, { namesrvAddr: '127.0.0.1:1' });
    const r = await httpRequest(lost, '/api/cluster');
    assert.equal(r.status, 502);
    assert.match(r.json().error, /^cannot reach 127\.0\.0\.1:1/);
    assert.equal((await httpRequest(lost, '/api/topics')).status, 502);
    assert.equal((await httpRequest(lost, '/api/session')).status, 200);
    assert.equal((await httpRequest(lost, '/')).status, 200);
  });
});
