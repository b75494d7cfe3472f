// Loading the plain ACL of a home: plain_acl.yml and the conf/acl/ files of 4.9.4+, Java's merge and
// precedence rules, YAML 1.1 values, and live reload that keeps the last good content of a broken file.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { PlainAccessValidator } from '../../../src/acl/plain-access-validator.js';
import { PlainPermissionManager } from '../../../src/acl/plain-permission-manager.js';
import { AclError } from '../../../src/acl/acl-error.js';
import { aclFileSetting } from '../../../src/acl/acl-paths.js';
import { RequestCode } from '../../../src/remoting/request-code.js';
import { aclHome, refusal, request, signed, writeAt } from '../../harness/acl.js';
import { captureLogs } from '../../harness/logs.js';
import { pollUntil } from '../../harness/latch.js';

const PLAIN = `globalWhiteRemoteAddresses:
  - 10.10.103.*
accounts:
  - accessKey: plainUser
    secretKey: 12345678
    admin: yes
`;

const A_YML = `globalWhiteRemoteAddresses: [1.1.1.1]
accounts:
  - accessKey: userAAAA
    secretKey: secretA1
    defaultTopicPerm: PUB
  - accessKey: userAAAA
    secretKey: shadowedInSameFile
`;

const B_YML = `accounts:
  - accessKey: userBBBB
    secretKey: secretB1
  - accessKey: userAAAA
    secretKey: shadowedByA
dataVersion:
  - counter: 7
    timestamp: 1700000000000
`;

/** Whether a request that needs only a known key and a valid signature gets through. */
function canSend(acl: PlainAccessValidator, ak: string, sk: string, from = '127.0.0.1:4000'): boolean {
  try {
    acl.check(signed(RequestCode.GET_BROKER_RUNTIME_INFO, {}, { accessKey: ak, secretKey: sk }), from);
    return true;
  } catch (err) {
    if (err instanceof AclError) return false;
    throw err;
  }
}

test('plain_acl.yml and conf/acl/**: all files load, first definition of a key wins, white lists add up', (t) => {
  const home = aclHome(t, {
    'conf/plain_acl.yml': PLAIN,
    'conf/acl/a.yml': A_YML,
    'conf/acl/sub/b.yaml': B_YML,
    'conf/acl/tools.yml': 'accessKey: toolsUser\nsecretKey: toolsSecret\n',
    'conf/acl/notes.txt': 'accounts: [x]',
  });
  const acl = new PlainAccessValidator({ rocketmqHome: home, watchIntervalMs: 0 });
  t.after(() => acl.close());
  const conf = acl.getAllAclConfig();
  assert.deepEqual(conf.plainAccessConfigs.map((c) => c.accessKey), ['userAAAA', 'userBBBB', 'plainUser']);
  assert.deepEqual(conf.globalWhiteAddrs, ['1.1.1.1', '10.10.103.*']);
  // The first file in load order owns userAAAA: its own later duplicate and b.yaml's are ignored.
  assert.equal(canSend(acl, 'userAAAA', 'secretA1'), true);
  assert.equal(canSend(acl, 'userAAAA', 'shadowedByA'), false);
  assert.equal(canSend(acl, 'userAAAA', 'shadowedInSameFile'), false);
  // 12345678 is a YAML number; fastjson binds it as the string "12345678". "yes" is YAML 1.1's true.
  assert.equal(conf.plainAccessConfigs[2]!.secretKey, '12345678');
  assert.equal(conf.plainAccessConfigs[2]!.admin, true);
  assert.equal(canSend(acl, 'plainUser', '12345678'), true);
  // Global white addresses of every file let a request through without any key.
  acl.check(request(RequestCode.PULL_MESSAGE, null), '1.1.1.1:5');
  acl.check(request(RequestCode.PULL_MESSAGE, null), '10.10.103.77:5');
  assert.throws(() => acl.check(request(RequestCode.PULL_MESSAGE, null), '10.10.104.1:5'), refusal('No accessKey is configured'));
  // tools.yml in conf/acl and non-YAML files are not ACL files.
  assert.equal(canSend(acl, 'toolsUser', 'toolsSecret'), false);
  const versions = acl.getAllAclConfigVersion();
  assert.deepEqual(
    [...versions.keys()],
    ['a.yml', 'sub/b.yaml', 'plain_acl.yml'].map((f) => path.join(home, f.includes('plain') ? 'conf' : 'conf/acl', f)),
  );
  assert.deepEqual(versions.get(path.join(home, 'conf/acl/sub/b.yaml')), { counter: 7, timestamp: 1700000000000 });
});

test('the default file is created when missing, and rocketmq.acl.plain.file names another one under the home', (t) => {
  const home = aclHome(t);
  const m1 = new PlainPermissionManager({ rocketmqHome: home, watchIntervalMs: 0 });
  assert.equal(fs.readFileSync(path.join(home, 'conf/plain_acl.yml'), 'utf8'), '');
  assert.equal(m1.snapshot.accounts.size, 0);
  // An empty file has no data and so no version entry, as in Java.
  assert.equal(m1.getAllAclConfigVersion().size, 0);
  writeAt(home, 'conf/custom/acl.yml', 'accounts:\n  - {accessKey: customKey, secretKey: customSecret}\n');
  const m2 = new PlainPermissionManager({ rocketmqHome: home, aclFile: '/conf/custom/acl.yml', watchIntervalMs: 0 });
  assert.equal(m2.paths.defaultAclFile, path.join(home, 'conf/custom/acl.yml'));
  assert.deepEqual([...m2.snapshot.accounts.keys()], ['customKey']);
  assert.equal(aclFileSetting({ 'rocketmq.acl.plain.file': 'conf/a.yml' }), 'conf/a.yml');
  assert.equal(aclFileSetting({ ROCKETMQ_ACL_PLAIN_FILE: 'conf/b.yml' }), 'conf/b.yml');
  assert.equal(aclFileSetting({}), 'conf/plain_acl.yml');
});

test('a file that cannot be used at start is an error naming it', (t) => {
  const cases: Array<[string, RegExp]> = [
    ['accounts: [ {accessKey: x', /cannot parse YAML file .*plain_acl\.yml/],
    ['- just\n- a list\n', /YAML file .*plain_acl\.yml does not hold a mapping/],
    [
      'accounts:\n  - {accessKey: short, secretKey: 12345678}\n',
      /^The accessKey=short and secretKey=12345678 cannot be null and length should longer than 6$/,
    ],
    [
      'accounts:\n  - {accessKey: longEnough}\n',
      /^The accessKey=longEnough and secretKey=null cannot be null and length should longer than 6$/,
    ],
    [
      'accounts:\n  - {accessKey: longEnough, secretKey: longEnough, topicPerms: [topicA]}\n',
      /^Parse resource permission failed for topic:topicA$/,
    ],
    [
      'accounts:\n  - {accessKey: longEnough, secretKey: longEnough, whiteRemoteAddress: 1.2.3}\n',
      /^Netaddress examine Exception netaddress is 1\.2\.3$/,
    ],
    ['globalWhiteRemoteAddresses: [10.*]\n', /^Netaddress examine scope Exception netaddress is 10\.\*$/],
    ['accounts: {accessKey: notAList}\n', /accounts is not a list/],
  ];
  for (const [text, message] of cases) {
    const home = aclHome(t, { 'conf/plain_acl.yml': text });
    assert.throws(
      () => new PlainPermissionManager({ rocketmqHome: home, watchIntervalMs: 0 }),
      (err: unknown) => err instanceof AclError && message.test(err.message),
      text,
    );
  }
});

test('live reload: edits, new and removed files apply; a broken file keeps its last good content with one log line', async (t) => {
  const logs = captureLogs(t);
  const home = aclHome(t, { 'conf/plain_acl.yml': 'accounts:\n  - {accessKey: firstKey, secretKey: firstSecret}\n' });
  const acl = new PlainAccessValidator({ rocketmqHome: home, watchIntervalMs: 25 });
  t.after(() => acl.close());
  assert.equal(canSend(acl, 'firstKey', 'firstSecret'), true);

  writeAt(home, 'conf/plain_acl.yml', 'accounts:\n  - {accessKey: firstKey, secretKey: secondSecret}\n');
  await pollUntil(() => canSend(acl, 'firstKey', 'secondSecret'), 'the edited secret', 10_000);
  assert.equal(canSend(acl, 'firstKey', 'firstSecret'), false);

  writeAt(home, 'conf/acl/team.yml', 'accounts:\n  - {accessKey: teamUser1, secretKey: teamSecret1}\n');
  await pollUntil(() => canSend(acl, 'teamUser1', 'teamSecret1'), 'the new file', 10_000);

  const before = logs.length;
  writeAt(home, 'conf/plain_acl.yml', 'accounts:\n  - {accessKey: firstKey, secretKey: [broken\n');
  await pollUntil(() => logs.slice(before).some((l) => l.includes('is not usable')), 'the broken-file log line', 10_000);
  const broken = logs.slice(before).filter((l) => l.includes('is not usable'));
  assert.equal(broken.length, 1);
  assert.match(broken[0]!, /ERROR.*ACL file .*plain_acl\.yml is not usable, keeping its last good content: cannot parse YAML file/);
  assert.equal(canSend(acl, 'firstKey', 'secondSecret'), true);
  assert.equal(canSend(acl, 'teamUser1', 'teamSecret1'), true);

  writeAt(home, 'conf/plain_acl.yml', 'accounts:\n  - {accessKey: firstKey, secretKey: thirdSecret}\n');
  await pollUntil(() => canSend(acl, 'firstKey', 'thirdSecret'), 'the repaired file', 10_000);
  assert.equal(logs.slice(before).filter((l) => l.includes('is not usable')).length, 1);

  fs.rmSync(path.join(home, 'conf/acl/team.yml'));
  await pollUntil(() => !canSend(acl, 'teamUser1', 'teamSecret1'), 'the removed file', 10_000);
});

test('refresh reads nothing new for a touched but unchanged file', (t) => {
  const home = aclHome(t, { 'conf/plain_acl.yml': 'accounts:\n  - {accessKey: firstKey, secretKey: firstSecret}\n' });
  const m = new PlainPermissionManager({ rocketmqHome: home, watchIntervalMs: 0 });
  const snap = m.snapshot;
  const file = path.join(home, 'conf/plain_acl.yml');
  fs.utimesSync(file, new Date(), new Date(Date.now() + 5000));
  assert.equal(m.refresh(), false);
  assert.equal(m.snapshot, snap);
  fs.appendFileSync(file, 'globalWhiteRemoteAddresses: [9.9.9.9]\n');
  assert.equal(m.refresh(), true);
  assert.equal(m.snapshot.globalWhites.length, 1);
});
