// ACL interop with Apache RocketMQ, both ways:
//   - the Java 4.9.8 client (AclClientRPCHook, in test/java/client's QuickProducer/QuickConsumer) and
//     Java's mqadmin (keys from conf/tools.yml) against our broker with aclEnable=true: the right key
//     sends and consumes; a wrong secret, an unknown key, a DENY topic and a non-admin admin request
//     are refused with NO_PERMISSION (16); mqadmin's ACL commands work on our broker;
//   - our client and `mq admin` against Java's 4.9.7 broker with aclEnable=true.
// The Java referees run once, on Node: on Bun and Deno these would only repeat themselves (GUIDE.md 7).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Message } from '../../src/client/message/message.js';
import { Producer } from '../../src/client/producer/producer.js';
import { SendStatus } from '../../src/client/producer/send-result.js';
import { setLogLevel } from '../../src/common/logger.js';
import type { SessionCredentials } from '../../src/remoting/acl-signature.js';
import { ADMIN, createTopicAsAdmin, PLAIN_ACL, startAclCluster, USER } from '../harness/acl.js';
import { requireReferees, runJavaAdmin, runJavaClient, startJavaBroker, startJavaNamesrv } from '../harness/java.js';
import { pollUntil } from '../harness/latch.js';
import { runMq } from '../harness/servers.js';

setLogLevel('error');

const toolsYml = (c: SessionCredentials) => ({ 'conf/tools.yml': `accessKey: ${c.accessKey}\nsecretKey: ${c.secretKey}\n` });
const keys = (c: SessionCredentials) => ['-ak', c.accessKey, '-sk', c.secretKey];

test('Java client (AclClientRPCHook) and Java mqadmin (tools.yml) against our broker with aclEnable=true', async (t) => {
  if (!requireReferees(t, 'client')) return;
  const { ns, broker, aclFile } = await startAclCluster(t);
  const env = { NAMESRV_ADDR: ns.addr };
  await createTopicAsAdmin(ns.addr, broker.addr, 'JavaAclTopic');
  await createTopicAsAdmin(ns.addr, broker.addr, 'aclDenied');

  await t.test('the right key sends and consumes', async () => {
    const sent = await runJavaClient('mqtest.QuickProducer', ['-topic', 'JavaAclTopic', '-count', '5', ...keys(USER)], { env });
    assert.equal(sent.code, 0, sent.stdout + sent.stderr);
    assert.match(sent.stdout, /SUMMARY sent=5 ok=5/);
    const got = await runJavaClient('mqtest.QuickConsumer', [
      '-topic',
      'JavaAclTopic',
      '-group',
      'java_acl_cg',
      '-expect',
      '5',
      ...keys(USER),
    ], {
      env,
    });
    assert.equal(got.code, 0, got.stdout + got.stderr);
    assert.match(got.stdout, /SUMMARY consumed=5 expected=5/);
  });

  await t.test('wrong secret, unknown key and DENY topic: NO_PERMISSION with a remark', async () => {
    const cases: Array<[string[], string, RegExp]> = [
      [['-ak', USER.accessKey, '-sk', 'notTheSecret'], 'JavaAclTopic', /Check signature failed for accessKey=aclUser01/],
      [['-ak', 'nobodyKnows', '-sk', 'whatever1'], 'JavaAclTopic', /No acl config for nobodyKnows/],
      [keys(USER), 'aclDenied', /No default permission for topic:aclDenied/],
    ];
    await Promise.all(cases.map(async ([k, topic, remark]) => {
      const run = await runJavaClient('mqtest.QuickProducer', ['-topic', topic, '-count', '1', ...k], { env });
      assert.equal(run.code, 2, run.stdout + run.stderr);
      assert.match(run.stdout, /SEND_FAILED code=16 /);
      assert.match(run.stdout, remark);
    }));
  });

  await t.test("Java's mqadmin signs with tools.yml: the admin's work, the user's admin request is refused", async () => {
    const admin = await runJavaAdmin(['updateTopic', '-n', ns.addr, '-b', broker.addr, '-t', 'MadeByJava'], { homeFiles: toolsYml(ADMIN) });
    assert.match(admin.stdout, new RegExp(`create topic to ${broker.addr} success`), admin.stdout + admin.stderr);
    const user = await runJavaAdmin(['updateTopic', '-n', ns.addr, '-b', broker.addr, '-t', 'NotByUser'], { homeFiles: toolsYml(USER) });
    assert.doesNotMatch(user.stdout, /success/);
    assert.match(user.stdout + user.stderr, /CODE: 16\s+DESC: Need admin permission for request code=17, but accessKey=aclUser01 is not/);

    const up = await runJavaAdmin(
      [
        'updateAclConfig',
        '-n',
        ns.addr,
        '-c',
        'AclCluster',
        '-a',
        'javaUser01',
        '-s',
        'javaSecret1',
        '-t',
        'JavaAclTopic=SUB',
        '-i',
        'PUB',
      ],
      { homeFiles: toolsYml(ADMIN) },
    );
    assert.match(up.stdout, new RegExp(`create or update plain access config to ${broker.addr} success\\.`), up.stdout + up.stderr);
    assert.match(fs.readFileSync(aclFile, 'utf8'), /accessKey: javaUser01\n {2}secretKey: javaSecret1\n/);
    const ver = await runJavaAdmin(['clusterAclConfigVersion', '-n', ns.addr, '-c', 'AclCluster'], { homeFiles: toolsYml(ADMIN) });
    assert.match(ver.stdout, new RegExp(`AclCluster\\s+broker-acl\\s+${broker.addr}\\s+${aclFile}\\s+1\\s+`), ver.stdout + ver.stderr);
    const white = await runJavaAdmin(['updateGlobalWhiteAddr', '-n', ns.addr, '-b', broker.addr, '-g', '10.10.103.*'], {
      homeFiles: toolsYml(ADMIN),
    });
    assert.match(white.stdout, /update global white remote addresses to .* success\./, white.stdout + white.stderr);
    const del = await runJavaAdmin(['deleteAclConfig', '-n', ns.addr, '-b', broker.addr, '-a', 'javaUser01'], {
      homeFiles: toolsYml(ADMIN),
    });
    assert.match(del.stdout, /delete plain access config account from .* success\./, del.stdout + del.stderr);
    const after = fs.readFileSync(aclFile, 'utf8');
    assert.ok(!after.includes('javaUser01') && after.includes('- 10.10.103.*'), after);
  });
});

test('our client and mq admin against Java 4.9.7 broker with aclEnable=true', async (t) => {
  if (!requireReferees(t, 'server')) return;
  const ns = await startJavaNamesrv(t);
  const broker = await startJavaBroker(t, ns.addr, { aclEnable: true }, { 'conf/plain_acl.yml': PLAIN_ACL });
  const aclFile = path.join(broker.home, 'conf', 'plain_acl.yml');
  const env = { NAMESRV_ADDR: ns.addr, ROCKETMQ_ACCESS_KEY: ADMIN.accessKey, ROCKETMQ_SECRET_KEY: ADMIN.secretKey };

  const p = new Producer({ producerGroup: 'acl_java_pg', namesrvAddr: ns.addr, instanceName: 'acl_java_ok', ...USER });
  await p.start();
  t.after(() => p.shutdown());
  // The broker registers a moment after its boot line: poll until the route is there.
  const r = await pollUntil(
    async () => {
      try {
        return await p.send(new Message('OursOnJava', 'signed by us'));
      } catch {
        return undefined;
      }
    },
    'a signed send to the Java broker',
    30_000,
    200,
  );
  assert.equal(r.sendStatus, SendStatus.SEND_OK);
  const wrong = new Producer({
    producerGroup: 'acl_java_wrong',
    namesrvAddr: ns.addr,
    instanceName: 'acl_java_wrong',
    accessKey: USER.accessKey,
    secretKey: 'notTheSecret',
    retryTimesWhenSendFailed: 0,
  });
  await wrong.start();
  t.after(() => wrong.shutdown());
  // Java 4.9.x answers a refusal SYSTEM_ERROR with the AclException's text.
  await assert.rejects(wrong.send(new Message('OursOnJava', 'x')), /Check signature failed for accessKey=aclUser01/);

  const up = await runMq(
    ['admin', 'updateAclConfig', '-b', broker.addr, '-a', 'ourUser01', '-s', 'ourSecret1', '-i', 'PUB', '-m', 'false'],
    { env },
  );
  assert.equal(up.code, 0, up.stderr);
  assert.match(up.stdout, new RegExp(`create or update plain access config to ${broker.addr} success\\.`));
  assert.match(fs.readFileSync(aclFile, 'utf8'), /ourUser01/);
  const ver = await runMq(['admin', 'clusterAclConfigVersion', '-c', 'JavaCluster'], { env });
  assert.equal(ver.code, 0, ver.stderr);
  assert.match(ver.stdout, new RegExp(`JavaCluster\\s+broker-java\\s+${broker.addr}\\s+\\S*plain_acl\\.yml\\s+\\d+\\s+\\d{4}-`));
  const white = await runMq(['admin', 'updateGlobalWhiteAddr', '-b', broker.addr, '-g', '10.10.103.*'], { env });
  assert.equal(white.code, 0, white.stderr);
  const del = await runMq(['admin', 'deleteAclConfig', '-b', broker.addr, '-a', 'ourUser01'], { env });
  assert.equal(del.code, 0, del.stderr);
  const after = fs.readFileSync(aclFile, 'utf8');
  assert.ok(!after.includes('ourUser01') && after.includes('10.10.103.*'), after);
  // A non-admin's topic creation is refused by the Java broker too.
  const user = await runMq(['admin', 'updateTopic', '-b', broker.addr, '-t', 'NotByUser', '--ak', USER.accessKey, '--sk', USER.secretKey], {
    env: { NAMESRV_ADDR: ns.addr },
  });
  assert.equal(user.code, 1, user.stdout);
  assert.match(user.stderr, /Need admin permission/);
});
