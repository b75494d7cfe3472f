// The dashboard's parts that need no cluster: rocketmq-dashboard's users file, sessions and their
// idle end, cookies, the login throttle, request parameters, topic kinds, loopback hosts, rates.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { cookieValue, LoginThrottle, parseUsers, SessionStore, UsersFile } from '../../../src/dashboard/auth.js';
import { isLoopbackHost } from '../../../src/dashboard/dashboard-server.js';
import { HttpError, Params, toHttpError } from '../../../src/dashboard/http.js';
import { topicKind } from '../../../src/dashboard/topic-view.js';
import { rates } from '../../../src/dashboard/tps-sampler.js';
import { ConfigError, MQClientError } from '../../../src/common/errors.js';
import { RemotingConnectError } from '../../../src/remoting/errors.js';
import { tmpDir } from '../../harness/tmp.js';

test("users file: rocketmq-dashboard's format (role 1 admin, 0 or none normal), comments, a bad role named", () => {
  const users = parseUsers('# Define Admin\nsuper=admin,1\n# Define Users\nuser1=user\nuser2 = pass word , 0\n');
  assert.deepEqual([...users.values()], [
    { name: 'super', password: 'admin', admin: true },
    { name: 'user1', password: 'user', admin: false },
    { name: 'user2', password: 'pass word', admin: false },
  ]);
  assert.throws(
    () => parseUsers('a=b,admin\n'),
    (e: Error) => e instanceof ConfigError && /role of a must be 0 \(normal\) or 1 \(admin\)/.test(e.message),
  );
});

test('users file: passwords checked, the file read again when it changes, a broken edit keeps the last good users', (t) => {
  const file = path.join(tmpDir('mq-dash-users-', t), 'users.properties');
  assert.throws(() => new UsersFile(file), /users file .*users\.properties/);
  fs.writeFileSync(file, 'a=1,1\n');
  const u = new UsersFile(file);
  assert.deepEqual(u.check('a', '1'), { name: 'a', admin: true });
  assert.equal(u.check('a', '2'), null);
  assert.equal(u.check('b', ''), null);
  const touch = (s: number) => fs.utimesSync(file, new Date(Date.now() + s * 1000), new Date(Date.now() + s * 1000));
  fs.writeFileSync(file, 'a=2\nb=3,1\n');
  touch(10);
  assert.deepEqual(u.check('a', '2'), { name: 'a', admin: false });
  assert.deepEqual(u.current('b'), { name: 'b', admin: true });
  fs.writeFileSync(file, 'a=2,x\n');
  touch(20);
  assert.deepEqual(u.current('b'), { name: 'b', admin: true }, 'a file that does not parse leaves the users as they were');
});

test('sessions end after 30 idle minutes; using one keeps it; cookies are read by name', () => {
  let now = 0;
  const s = new SessionStore(() => now);
  const a = s.create('a');
  assert.match(a, /^[A-Za-z0-9_-]{43}$/);
  now = 29 * 60_000;
  assert.equal(s.user(a), 'a');
  now += 29 * 60_000;
  assert.equal(s.user(a), 'a');
  now += 31 * 60_000;
  assert.equal(s.user(a), undefined);
  assert.equal(s.user('forged'), undefined);
  const b = s.create('b');
  s.delete(b);
  assert.equal(s.user(b), undefined);
  assert.equal(cookieValue('x=1; mq_dashboard_session=abc; y=2', 'mq_dashboard_session'), 'abc');
  assert.equal(cookieValue('mq_dashboard_session_x=1', 'mq_dashboard_session'), undefined);
  assert.equal(cookieValue(undefined, 'a'), undefined);
});

test('login throttle: ten failures a minute block an address, a success clears it', () => {
  let now = 0;
  const th = new LoginThrottle(10, 60_000, () => now);
  for (let i = 0; i < 10; i++) th.fail('1.2.3.4');
  assert.equal(th.blocked('1.2.3.4'), true);
  assert.equal(th.blocked('5.6.7.8'), false);
  now = 61_000;
  assert.equal(th.blocked('1.2.3.4'), false);
  th.fail('1.2.3.4');
  th.succeed('1.2.3.4');
  assert.equal(th.blocked('1.2.3.4'), false);
});

test('request parameters: strings, integers in range (numbers or decimal strings), booleans, lists', () => {
  const p = new Params({ s: ' x ', n: '12', neg: -1, f: 1.5, b: true, bs: 'false', l: ['a', ' b ', ''], q: 'a,b' });
  assert.equal(p.string('s'), 'x');
  assert.equal(p.int('n', 0, 100), 12);
  assert.throws(
    () => p.int('neg', 0, 10),
    (e: HttpError) => e.status === 400 && e.message === 'neg must be an integer from 0 to 10, not -1',
  );
  assert.throws(() => p.int('f', 0, 10), /f must be an integer/);
  assert.throws(() => p.string('missing'), /missing is required/);
  assert.equal(p.optInt('missing', 0, 1), undefined);
  assert.equal(p.bool('b'), true);
  assert.equal(p.bool('bs'), false);
  assert.equal(p.bool('missing'), false);
  assert.deepEqual(p.strings('l'), ['a', 'b']);
  assert.deepEqual(p.strings('q'), ['a', 'b']);
  assert.throws(() => new Params({ x: 5 }).string('x'), /x must be a string/);
});

test('errors become statuses: unreachable 502, not found 404 with the code, bad config 400, the rest 500', () => {
  assert.equal(toHttpError(new RemotingConnectError('127.0.0.1:1')).status, 502);
  const nf = toHttpError(new MQClientError(17, 'topic x does not exist'));
  assert.deepEqual([nf.status, nf.code, nf.message], [404, 17, 'topic x does not exist']);
  assert.equal(toHttpError(new ConfigError('bad')).status, 400);
  assert.equal(toHttpError(new TypeError('oops')).message, 'internal error: oops');
});

test('topic kinds and loopback hosts', () => {
  const ns = new Set(['DefaultCluster', 'broker-a']);
  assert.equal(topicKind('%RETRY%g', ns), 'RETRY');
  assert.equal(topicKind('%DLQ%g', ns), 'DLQ');
  for (const t of ['TBW102', 'SCHEDULE_TOPIC_XXXX', 'rmq_sys_x', 'DefaultCluster', 'broker-a']) assert.equal(topicKind(t, ns), 'SYSTEM', t);
  assert.equal(topicKind('TopicTest', ns), 'NORMAL');
  for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', 'app.localhost', '::1', '[::1]']) assert.equal(isLoopbackHost(h), true, h);
  for (const h of ['0.0.0.0', '10.0.0.1', 'evil.example', '127.0.0.1.evil.example']) assert.equal(isLoopbackHost(h), false, h);
});

test('rates between samples: per second, a shrinking total counts as 0', () => {
  assert.deepEqual(rates([[1000, 0], [3000, 10], [5000, 10], [6000, 4], [6000, 9]]), [[3000, 5], [5000, 0], [6000, 0]]);
  assert.deepEqual(rates([[1000, 5]]), []);
});
