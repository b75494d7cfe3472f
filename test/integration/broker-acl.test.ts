// A broker with aclEnable=true (a child process, its ROCKETMQ_HOME a temp dir holding the
// plain_acl.yml this file writes) driven by our client, `mq admin` and `mq tools`: the right key
// sends and consumes; a wrong secret, an unknown key, a DENY topic and a non-admin admin request are
// refused with NO_PERMISSION (16) and a remark naming what was missing; the four mqadmin ACL
// commands rewrite the file; an edit of the file applies to the next request; bad input (a
// signature without a key, a forged AccessKey, a white address that does not parse) gets one line
// and the broker goes on serving everyone else; a file that cannot be used stops start-up.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { AdminExt } from '../../src/admin/admin-ext.js';
import { PushConsumer } from '../../src/client/consumer/push-consumer.js';
import { ConsumeConcurrentlyStatus } from '../../src/client/consumer/listener.js';
import { Message } from '../../src/client/message/message.js';
import { Producer } from '../../src/client/producer/producer.js';
import { SendStatus } from '../../src/client/producer/send-result.js';
import { setLogLevel } from '../../src/common/logger.js';
import { type SessionCredentials, signRequest } from '../../src/remoting/acl-signature.js';
import { RemotingClient } from '../../src/remoting/client.js';
import { createRequest } from '../../src/remoting/command.js';
import { ConsumeFromWhere } from '../../src/remoting/protocol/consumer-types.js';
import { RequestCode } from '../../src/remoting/request-code.js';
import { ResponseCode } from '../../src/remoting/response-code.js';
import { pollUntil } from '../harness/latch.js';
import { runMq, startMqAll } from '../harness/servers.js';
import { ADMIN, createTopicAsAdmin, PLAIN_ACL, plainAclHome, startAclCluster, USER } from '../harness/acl.js';

setLogLevel('error');

type Ctx = { after(fn: () => unknown): void };

async function producer(t: Ctx, namesrvAddr: string, cred: SessionCredentials, name: string): Promise<Producer> {
  // No retries: each refusal is asked once.
  const p = new Producer({ producerGroup: `acl_pg_${name}`, namesrvAddr, instanceName: name, ...cred, retryTimesWhenSendFailed: 0 });
  await p.start();
  t.after(() => p.shutdown());
  return p;
}

/** Asserts `p` fails with NO_PERMISSION and a remark containing `remark`. */
async function refused(p: Promise<unknown>, remark: string): Promise<void> {
  await assert.rejects(p, (err: Error & { responseCode?: number }) => {
    assert.equal(err.responseCode, ResponseCode.NO_PERMISSION, err.message);
    assert.ok(err.message.includes(remark), `${err.message} should name: ${remark}`);
    return true;
  });
}

test('ACL broker: right key works; wrong secret, unknown key, DENY topic, non-admin admin request refused with 16; mqadmin ACL commands; live reload; bad input', async (t) => {
  const { ns, broker, aclFile } = await startAclCluster(t);
  // Registration with the name server is the broker's own outbound request: ACL does not touch it.
  const admin = new AdminExt({ namesrvAddr: ns.addr, credentials: ADMIN }).start();
  t.after(() => admin.shutdown());
  await pollUntil(async () => (await admin.examineBrokerClusterInfo()).clusterAddrTable.has('AclCluster'), 'broker registration');
  await createTopicAsAdmin(ns.addr, broker.addr, 'AclTopic');
  await createTopicAsAdmin(ns.addr, broker.addr, 'aclDenied');

  await t.test('the right key sends, and consumes (heartbeats, pulls and offset commits are signed too)', async () => {
    const p = await producer(t, ns.addr, USER, 'acl_ok');
    for (let i = 0; i < 5; i++) assert.equal((await p.send(new Message('AclTopic', `acl ${i}`))).sendStatus, SendStatus.SEND_OK);
    const got = new Set<string>();
    const c = new PushConsumer({
      consumerGroup: 'acl_cg',
      namesrvAddr: ns.addr,
      instanceName: 'acl_consumer',
      consumeFromWhere: ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET,
      ...USER,
    });
    c.subscribe('AclTopic', '*');
    c.registerMessageListener((msgs) => {
      for (const m of msgs) got.add(m.body.toString('utf8'));
      return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
    });
    await c.start();
    t.after(() => c.shutdown());
    await pollUntil(() => got.size === 5, 'the 5 messages to be consumed', 30_000);
  });

  await t.test('wrong secret, unknown key, DENY topic and a non-admin admin request: NO_PERMISSION with a remark', async () => {
    const wrong = await producer(t, ns.addr, { accessKey: USER.accessKey, secretKey: 'notTheSecret' }, 'acl_wrong');
    await refused(wrong.send(new Message('AclTopic', 'x')), `Check signature failed for accessKey=${USER.accessKey}`);
    const unknown = await producer(t, ns.addr, { accessKey: 'nobodyKnows', secretKey: 'whatever1' }, 'acl_unknown');
    await refused(unknown.send(new Message('AclTopic', 'x')), 'No acl config for nobodyKnows');
    const user = await producer(t, ns.addr, USER, 'acl_deny');
    await refused(user.send(new Message('aclDenied', 'x')), 'No default permission for topic:aclDenied');
    const userAdmin = new AdminExt({ namesrvAddr: ns.addr, credentials: USER }).start();
    t.after(() => userAdmin.shutdown());
    await refused(
      userAdmin.api.createTopic(broker.addr, 'TBW102', topicConfig('NotMine'), userAdmin.timeoutMs),
      `Need admin permission for request code=${RequestCode.UPDATE_AND_CREATE_TOPIC}, but accessKey=${USER.accessKey} is not`,
    );
    // Unsigned requests are refused too; the name server (no ACL in 4.9) still answers them.
    const unsigned = new AdminExt({ namesrvAddr: ns.addr, credentials: null }).start();
    t.after(() => unsigned.shutdown());
    assert.ok((await unsigned.examineBrokerClusterInfo()).clusterAddrTable.has('AclCluster'));
    await refused(unsigned.fetchBrokerRuntimeStats(broker.addr), 'No accessKey is configured');
    // The refusals were logged, one line each, and the broker still serves the right key.
    await broker.stderr.waitFor(/ACL refused SEND_MESSAGE_V2 from 127\.0\.0\.1:\d+: No acl config for nobodyKnows/, 5000);
    assert.equal((await user.send(new Message('AclTopic', 'still served'))).sendStatus, SendStatus.SEND_OK);
  });

  await t.test('GET_BROKER_CLUSTER_ACL_CONFIG (54) is not served: 4.9.8 removed it, as its answer carries every secret', async () => {
    const res = await admin.api.invoker.invoke(broker.addr, createRequest(RequestCode.GET_BROKER_CLUSTER_ACL_CONFIG, null), 5000);
    assert.equal(res.code, ResponseCode.REQUEST_CODE_NOT_SUPPORTED);
  });

  await t.test('mq admin: updateAclConfig, clusterAclConfigVersion, updateGlobalWhiteAddr and deleteAclConfig rewrite the file', async () => {
    const env = { NAMESRV_ADDR: ns.addr, ROCKETMQ_ACCESS_KEY: ADMIN.accessKey, ROCKETMQ_SECRET_KEY: ADMIN.secretKey };
    const up = await runMq([
      'admin',
      'updateAclConfig',
      '-c',
      'AclCluster',
      '-a',
      'newUser01',
      '-s',
      'newSecret1',
      '-i',
      'PUB',
      '-t',
      'AclTopic=SUB',
    ], {
      env,
    });
    assert.equal(up.code, 0, up.stderr);
    assert.match(up.stdout, new RegExp(`create or update plain access config to ${broker.addr} success\\.`));
    assert.match(up.stdout, /PlainAccessConfig\{accessKey='newUser01', whiteRemoteAddress=null, admin=false, defaultTopicPerm='PUB'/);
    assert.ok(!up.stdout.includes('newSecret1'), 'the secret key is not echoed');
    assert.match(fs.readFileSync(aclFile, 'utf8'), /accessKey: newUser01[\s\S]*- AclTopic=SUB/);
    // The new account works at once (PUB by default, AclTopic only SUB).
    const fresh = await producer(t, ns.addr, { accessKey: 'newUser01', secretKey: 'newSecret1' }, 'acl_new');
    assert.equal((await fresh.send(new Message('OtherTopic', 'x'))).sendStatus, SendStatus.SEND_OK);
    await refused(fresh.send(new Message('AclTopic', 'x')), 'No default permission for topic:AclTopic');

    // Signed by --ak/--sk; the non-admin's key (from the environment) is refused in one line.
    const ver = await runMq(['admin', 'clusterAclConfigVersion', '-c', 'AclCluster', '--ak', ADMIN.accessKey, '--sk', ADMIN.secretKey], {
      env: { NAMESRV_ADDR: ns.addr },
    });
    assert.equal(ver.code, 0, ver.stderr);
    const lines = ver.stdout.trim().split('\n');
    assert.match(lines[0]!, /^#Cluster Name\s+#Broker Name\s+#Broker Addr\s+#AclFilePath\s+#AclConfigVersionNum\s+#AclLastUpdateTime\s*$/);
    assert.match(
      lines[1]!,
      new RegExp(`^AclCluster\\s+broker-acl\\s+${broker.addr}\\s+${aclFile}\\s+1\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d`),
    );
    assert.equal(lines[2], "get cluster's plain access config version success.");
    const denied = await runMq(['admin', 'clusterAclConfigVersion', '-b', broker.addr], {
      env: { NAMESRV_ADDR: ns.addr, ROCKETMQ_ACCESS_KEY: USER.accessKey, ROCKETMQ_SECRET_KEY: USER.secretKey },
    });
    assert.equal(denied.code, 1);
    assert.equal(denied.stderr.trim().split('\n').length, 1, denied.stderr);
    assert.match(denied.stderr, /NO_PERMISSION.*Need admin permission for request code=52/);

    const white = await runMq(['admin', 'updateGlobalWhiteAddr', '-b', broker.addr, '-g', '10.10.103.*,192.168.0.*'], { env });
    assert.equal(white.code, 0, white.stderr);
    assert.equal(white.stdout.trim(), `update global white remote addresses to ${broker.addr} success.`);
    assert.match(fs.readFileSync(aclFile, 'utf8'), /globalWhiteRemoteAddresses:\n- 10\.10\.103\.\*\n- 192\.168\.0\.\*/);

    // A white address that does not parse: 211 with the reason, in one line; the file is unchanged.
    const before = fs.readFileSync(aclFile, 'utf8');
    const badWhite = await runMq(['admin', 'updateGlobalWhiteAddr', '-b', broker.addr, '-g', '10.*'], { env });
    assert.equal(badWhite.code, 1);
    assert.equal(badWhite.stderr.trim().split('\n').length, 1, badWhite.stderr);
    assert.match(badWhite.stderr, /CODE: 211 .*Netaddress examine scope Exception netaddress is 10\.\*/);
    assert.equal(fs.readFileSync(aclFile, 'utf8'), before);

    const del = await runMq(['admin', 'deleteAclConfig', '-b', broker.addr, '-a', 'newUser01'], { env });
    assert.equal(del.code, 0, del.stderr);
    assert.equal(del.stdout.trim(), `delete plain access config account from ${broker.addr} success.\naccount's accesskey is:newUser01`);
    assert.ok(!fs.readFileSync(aclFile, 'utf8').includes('newUser01'));
    await refused(fresh.send(new Message('OtherTopic', 'x')), 'No acl config for newUser01');
  });

  await t.test('mq tools producer signs with --accessKey/--secretKey', async () => {
    const run = await runMq(['tools', 'producer', '-t', 'AclTopic', '-c', '2', '--ak', USER.accessKey, '--sk', USER.secretKey], {
      env: { NAMESRV_ADDR: ns.addr },
    });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout.match(/SEND_OK/g)?.length, 2, run.stdout);
    const bad = await runMq(['tools', 'producer', '-t', 'AclTopic', '-c', '1', '--ak', USER.accessKey, '--sk', 'wrongSecret'], {
      env: { NAMESRV_ADDR: ns.addr },
    });
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /Check signature failed for accessKey=aclUser01/);
  });

  await t.test('an edit of the file applies to the next request', async () => {
    const p = await producer(t, ns.addr, { accessKey: 'lateComer1', secretKey: 'lateSecret1' }, 'acl_late');
    await refused(p.send(new Message('AclTopic', 'x')), 'No acl config for lateComer1');
    fs.writeFileSync(aclFile, `${PLAIN_ACL}  - accessKey: lateComer1\n    secretKey: lateSecret1\n    defaultTopicPerm: PUB\n`);
    // The file is polled (every 500 ms): the first request after the reload passes.
    await pollUntil(
      async () => {
        try {
          return (await p.send(new Message('AclTopic', 'late'))).sendStatus === SendStatus.SEND_OK;
        } catch {
          return false;
        }
      },
      'the added account to be accepted',
      10_000,
      100,
    );
  });

  await t.test('bad input: signature without key, forged AccessKey, unparsable white address; others are still served', async () => {
    const client = new RemotingClient();
    t.after(() => client.close());
    const noKey = createRequest(RequestCode.GET_BROKER_RUNTIME_INFO, { Signature: 'c2lnbmF0dXJl' });
    let res = await client.invoke(broker.addr, noKey, 5000);
    assert.equal(res.code, ResponseCode.NO_PERMISSION);
    assert.equal(res.remark, 'No accessKey is configured');
    // Signed by the user, then claiming to be the admin.
    const forged = signRequest(createRequest(RequestCode.GET_BROKER_RUNTIME_INFO, null), USER);
    forged.extFields!.AccessKey = ADMIN.accessKey;
    res = await client.invoke(broker.addr, forged, 5000);
    assert.equal(res.code, ResponseCode.NO_PERMISSION);
    assert.equal(res.remark, `Check signature failed for accessKey=${ADMIN.accessKey}`);
    // A white address that does not parse: the file keeps its last good content, with one log line.
    fs.writeFileSync(aclFile, PLAIN_ACL.replace('globalWhiteRemoteAddresses:', 'globalWhiteRemoteAddresses:\n  - 10.10.{103'));
    await broker.stderr.waitFor(/ACL file .*plain_acl\.yml is not usable, keeping its last good content: .*10\.10\.\{103/, 10_000);
    const ok = signRequest(createRequest(RequestCode.GET_BROKER_RUNTIME_INFO, null), ADMIN);
    res = await client.invoke(broker.addr, ok, 5000);
    assert.equal(res.code, ResponseCode.SUCCESS, res.remark ?? '');
    const p = await producer(t, ns.addr, USER, 'acl_after_bad');
    assert.equal((await p.send(new Message('AclTopic', 'after bad input'))).sendStatus, SendStatus.SEND_OK);
  });
});

test('aclEnable=true with a file that cannot be used: the broker refuses to start, with one line', async (t) => {
  const home = plainAclHome(t, 'globalWhiteRemoteAddresses: [10.*]\naccounts: []\n');
  const conf = path.join(home, 'broker.properties');
  fs.writeFileSync(conf, `brokerIP1=127.0.0.1\naclEnable=true\nrocketmqHome=${home}\nstorePathRootDir=${path.join(home, 'store')}\n`);
  const run = await runMq(['broker', 'start', '-c', conf, '--port', '0'], {
    env: { HOME: home, MQ_RUN_DIR: path.join(home, 'run'), NAMESRV_ADDR: '' },
  });
  assert.equal(run.code, 1, run.stderr);
  const lines = run.stderr.trim().split('\n');
  assert.equal(lines.length, 1, run.stderr);
  assert.match(
    lines[0]!,
    /aclEnable=true, but the ACL files under .* cannot be used: Netaddress examine scope Exception netaddress is 10\.\*$/,
  );
  assert.ok(!fs.existsSync(path.join(home, 'store', 'commitlog')), 'nothing was started');
});

function topicConfig(topicName: string) {
  return { topicName, readQueueNums: 4, writeQueueNums: 4, perm: 6, topicFilterType: 'SINGLE_TAG' as const, topicSysFlag: 0, order: false };
}

test('mq start --acl: the broker of ROCKETMQ_HOME checks every request', async (t) => {
  const home = plainAclHome(t);
  const mq = await startMqAll(t, { args: ['--acl'], env: { ROCKETMQ_HOME: home } });
  const unsigned = new AdminExt({ namesrvAddr: mq.namesrvAddr, credentials: null }).start();
  t.after(() => unsigned.shutdown());
  await refused(unsigned.fetchBrokerRuntimeStats(mq.brokerAddr), 'No accessKey is configured');
  const admin = new AdminExt({ namesrvAddr: mq.namesrvAddr, credentials: ADMIN }).start();
  t.after(() => admin.shutdown());
  assert.ok((await admin.fetchBrokerRuntimeStats(mq.brokerAddr)).size > 0);
});
