// The management operations: accounts and global white addresses written back to the right file,
// atomically, with Java's validation and dataVersion, loading back identically; and the broker's
// answers to the management request codes 50..54 through the protocol codecs mqadmin uses.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { PlainAccessValidator } from '../../../src/acl/plain-access-validator.js';
import { aclAdminResponse } from '../../../src/acl/acl-admin-requests.js';
import { AclError } from '../../../src/acl/acl-error.js';
import { RequestCode } from '../../../src/remoting/request-code.js';
import { ResponseCode } from '../../../src/remoting/response-code.js';
import {
  accessConfigFromRequest,
  accessConfigToRequest,
  clusterAclVersionFromHeader,
  CreateAccessConfigRequestHeader,
  decodeAclConfigBody,
  DeleteAccessConfigRequestHeader,
  encodeAclConfigBody,
  GetBrokerAclConfigResponseHeader,
  splitJavaList,
  UpdateGlobalWhiteAddrsConfigRequestHeader,
} from '../../../src/remoting/protocol/acl.js';
import { aclHome, refusal, request, signed } from '../../harness/acl.js';

const PLAIN = `# the shipped sample's accounts
globalWhiteRemoteAddresses:
  - 10.10.103.*
accounts:
  - accessKey: RocketMQ
    secretKey: 12345678
    whiteRemoteAddress:
    admin: false
    defaultTopicPerm: DENY
    defaultGroupPerm: SUB
    topicPerms: [topicA=DENY, topicB=PUB|SUB]
`;
const TEAM = `accounts:
  - accessKey: teamUser1
    secretKey: teamSecret1
    defaultTopicPerm: PUB
`;

function open(home: string): PlainAccessValidator {
  return new PlainAccessValidator({ rocketmqHome: home, watchIntervalMs: 0 });
}

function setup(t: { after(fn: () => void): void }): { home: string; acl: PlainAccessValidator } {
  const home = aclHome(t, { 'conf/plain_acl.yml': PLAIN, 'conf/acl/team.yml': TEAM });
  const acl = open(home);
  t.after(() => acl.close());
  return { home, acl };
}

/** A fresh load of the home sees exactly what the live one holds. */
function loadsBackIdentically(home: string, acl: PlainAccessValidator): void {
  const again = open(home);
  try {
    assert.deepEqual(again.getAllAclConfig(), acl.getAllAclConfig());
    // A file never written by an update has no dataVersion; Java then stamps it with the load time.
    const written = (v: Map<string, { counter: number }>) => [...v].filter(([, dv]) => dv.counter > 0);
    assert.deepEqual([...again.getAllAclConfigVersion().keys()], [...acl.getAllAclConfigVersion().keys()]);
    assert.deepEqual(written(again.getAllAclConfigVersion()), written(acl.getAllAclConfigVersion()));
  } finally {
    again.close();
  }
}

const passes = (acl: PlainAccessValidator, code: number, ext: Record<string, string>, cred: { accessKey: string; secretKey: string }) =>
  acl.check(signed(code, ext, cred), '127.0.0.1:1');

test('a new account goes to the default file, a changed one stays in its file; both apply at once', (t) => {
  const { home, acl } = setup(t);
  assert.equal(
    acl.updateAccessConfig({
      accessKey: 'newUser01',
      secretKey: 'newSecret01',
      admin: false,
      defaultTopicPerm: 'SUB',
      topicPerms: ['orders=PUB'],
      groupPerms: ['g1=SUB'],
    }),
    true,
  );
  passes(acl, RequestCode.SEND_MESSAGE_V2, { a: 'g', b: 'orders' }, { accessKey: 'newUser01', secretKey: 'newSecret01' });
  const plain = fs.readFileSync(path.join(home, 'conf/plain_acl.yml'), 'utf8');
  assert.match(
    plain,
    /accessKey: newUser01\n {2}secretKey: newSecret01\n {2}admin: false\n {2}defaultTopicPerm: SUB\n {2}topicPerms:\n {2}- orders=PUB\n {2}groupPerms:\n {2}- g1=SUB\n/,
  );
  assert.match(plain, /dataVersion:\n- counter: 1\n {2}timestamp: \d+\n/);
  assert.doesNotMatch(plain, /teamUser1/);

  // Only what the request gives replaces the entry's values; the rest of the entry stays.
  assert.equal(acl.updateAccessConfig({ accessKey: 'teamUser1', secretKey: 'teamSecret2', admin: true }), true);
  const team = fs.readFileSync(path.join(home, 'conf/acl/team.yml'), 'utf8');
  assert.match(team, /accessKey: teamUser1\n {2}secretKey: teamSecret2\n {2}defaultTopicPerm: PUB\n {2}admin: true\n/);
  assert.equal(fs.existsSync(path.join(home, 'conf/acl/team.yml.tmp')), false);
  passes(acl, RequestCode.UPDATE_AND_CREATE_TOPIC, {}, { accessKey: 'teamUser1', secretKey: 'teamSecret2' });
  assert.throws(
    () => passes(acl, RequestCode.GET_BROKER_RUNTIME_INFO, {}, { accessKey: 'teamUser1', secretKey: 'teamSecret1' }),
    refusal('Check signature failed for accessKey=teamUser1'),
  );

  // A changed account moves to the end of its list, and the counter of its file advances.
  acl.updateAccessConfig({ accessKey: 'RocketMQ', secretKey: '87654321', admin: false, topicPerms: ['topicA=SUB'] });
  acl.updateAccessConfig({ accessKey: 'RocketMQ', secretKey: '87654321', admin: false, defaultGroupPerm: 'DENY' });
  assert.deepEqual(acl.getAllAclConfig().plainAccessConfigs.map((c) => c.accessKey), ['teamUser1', 'newUser01', 'RocketMQ']);
  const rocketmq = acl.getAllAclConfig().plainAccessConfigs[2]!;
  assert.deepEqual(rocketmq, {
    admin: false,
    accessKey: 'RocketMQ',
    secretKey: '87654321',
    defaultTopicPerm: 'DENY',
    defaultGroupPerm: 'DENY',
    topicPerms: ['topicA=SUB'],
  });
  assert.equal(acl.getAllAclConfigVersion().get(path.join(home, 'conf/plain_acl.yml'))!.counter, 3);
  assert.equal(acl.getAclConfigVersion().counter, 3);
  assert.equal(acl.getAllAclConfigVersion().get(path.join(home, 'conf/acl/team.yml'))!.counter, 1);
  loadsBackIdentically(home, acl);
});

test('bad updates are refused with Java’s messages and leave the file as it was', (t) => {
  const { home, acl } = setup(t);
  const file = path.join(home, 'conf/plain_acl.yml');
  const before = fs.readFileSync(file, 'utf8');
  const cases: Array<[Parameters<PlainAccessValidator['updateAccessConfig']>[0], string]> = [
    [
      { accessKey: 'short', secretKey: '12345678', admin: false },
      'The accessKey=short and secretKey=12345678 cannot be null and length should longer than 6',
    ],
    [
      { accessKey: 'longEnough', admin: false },
      'The accessKey=longEnough and secretKey=null cannot be null and length should longer than 6',
    ],
    [
      { accessKey: 'longEnough', secretKey: 'longEnough', admin: false, topicPerms: ['topicA'] },
      "Parse Resource format error for topicA.\nThe expected resource format is 'Res=Perm'. For example: topicA=SUB",
    ],
    [
      { accessKey: 'longEnough', secretKey: 'longEnough', admin: false, groupPerms: ['g=ALL'] },
      "Parse resource permission error for g=ALL.\nThe expected permissions are 'SUB' or 'PUB' or 'SUB|PUB' or 'PUB|SUB'.",
    ],
    [
      { accessKey: 'longEnough', secretKey: 'longEnough', admin: false, whiteRemoteAddress: '10.0.0.300' },
      'Netaddress examine Exception netaddress is 10.0.0.300',
    ],
  ];
  for (const [config, message] of cases) assert.throws(() => acl.updateAccessConfig(config), refusal(message));
  assert.throws(() => acl.updateGlobalWhiteAddrsConfig(['10.*']), refusal('Netaddress examine scope Exception netaddress is 10.*'));
  assert.equal(fs.readFileSync(file, 'utf8'), before);
});

test('delete removes the account from its own file at once; an unknown key is false', (t) => {
  const { home, acl } = setup(t);
  assert.equal(acl.deleteAccessConfig('teamUser1'), true);
  assert.throws(
    () => passes(acl, RequestCode.GET_BROKER_RUNTIME_INFO, {}, { accessKey: 'teamUser1', secretKey: 'teamSecret1' }),
    refusal('No acl config for teamUser1'),
  );
  assert.match(fs.readFileSync(path.join(home, 'conf/acl/team.yml'), 'utf8'), /^accounts: \[\]\ndataVersion:\n- counter: 1\n/);
  assert.equal(acl.deleteAccessConfig('teamUser1'), false);
  assert.equal(acl.deleteAccessConfig(''), false);
  assert.deepEqual(acl.getAllAclConfig().plainAccessConfigs.map((c) => c.accessKey), ['RocketMQ']);
  loadsBackIdentically(home, acl);
});

test('global white addresses: the default file or a named ACL file; other files are refused', (t) => {
  const { home, acl } = setup(t);
  assert.equal(acl.updateGlobalWhiteAddrsConfig(['127.0.0.1', '192.168.9.*']), true);
  acl.check(request(RequestCode.UPDATE_AND_CREATE_TOPIC, null), '127.0.0.1:1');
  assert.equal(acl.updateGlobalWhiteAddrsConfig(['::1'], path.join(home, 'conf/acl/team.yml')), true);
  acl.check(request(RequestCode.UPDATE_AND_CREATE_TOPIC, null), '::1:1');
  assert.deepEqual(acl.getAllAclConfig().globalWhiteAddrs, ['::1', '127.0.0.1', '192.168.9.*']);
  for (
    const outside of [
      path.join(home, 'conf/broker.conf.yml'),
      path.join(home, 'conf/acl'),
      '/etc/passwd',
      path.join(home, 'conf/acl/tools.yml'),
    ]
  ) {
    if (outside.endsWith('.yml')) fs.writeFileSync(outside, 'a: b\n');
    assert.equal(acl.updateGlobalWhiteAddrsConfig(['1.2.3.4'], outside), false, outside);
  }
  assert.equal(fs.readFileSync(path.join(home, 'conf/broker.conf.yml'), 'utf8'), 'a: b\n');
  loadsBackIdentically(home, acl);
});

const BROKER = { brokerName: 'broker-a', brokerAddr: '127.0.0.1:10911', clusterName: 'DefaultCluster' };

test('management requests 50..54 answer as AdminBrokerProcessor does, through the codecs mqadmin uses', (t) => {
  const { home, acl } = setup(t);
  const create = accessConfigToRequest({
    accessKey: 'viaAdmin1',
    secretKey: 'viaSecret1',
    admin: false,
    topicPerms: ['t1=PUB', 't2=SUB'],
    defaultGroupPerm: 'SUB',
  });
  const ext = CreateAccessConfigRequestHeader.encode(create);
  assert.deepEqual(ext, {
    accessKey: 'viaAdmin1',
    secretKey: 'viaSecret1',
    admin: 'false',
    defaultGroupPerm: 'SUB',
    topicPerms: 't1=PUB,t2=SUB',
  });
  let res = aclAdminResponse(acl, request(RequestCode.UPDATE_AND_CREATE_ACL_CONFIG, ext), BROKER);
  assert.equal(res.code, ResponseCode.SUCCESS);
  assert.equal(res.remark, null);
  passes(acl, RequestCode.SEND_MESSAGE_V2, { a: 'g', b: 't1' }, { accessKey: 'viaAdmin1', secretKey: 'viaSecret1' });

  res = aclAdminResponse(
    acl,
    request(RequestCode.UPDATE_AND_CREATE_ACL_CONFIG, { accessKey: 'viaAdmin1', secretKey: 'short', admin: 'false' }),
    BROKER,
  );
  assert.equal(res.code, ResponseCode.UPDATE_AND_CREATE_ACL_CONFIG_FAILED);
  assert.equal(res.remark, 'The accessKey=viaAdmin1 and secretKey=short cannot be null and length should longer than 6');
  assert.throws(
    () => aclAdminResponse(acl, request(RequestCode.UPDATE_AND_CREATE_ACL_CONFIG, {}), BROKER),
    /the custom field <accessKey> is null/,
  );

  res = aclAdminResponse(
    acl,
    request(RequestCode.DELETE_ACL_CONFIG, DeleteAccessConfigRequestHeader.encode({ accessKey: 'nobody00' })),
    BROKER,
  );
  assert.equal(res.code, ResponseCode.DELETE_ACL_CONFIG_FAILED);
  assert.equal(res.remark, 'The accesskey[nobody00] corresponding to accessConfig has been deleted failed.');
  res = aclAdminResponse(acl, request(RequestCode.DELETE_ACL_CONFIG, { accessKey: 'viaAdmin1' }), BROKER);
  assert.equal(res.code, ResponseCode.SUCCESS);

  res = aclAdminResponse(
    acl,
    request(
      RequestCode.UPDATE_GLOBAL_WHITE_ADDRS_CONFIG,
      UpdateGlobalWhiteAddrsConfigRequestHeader.encode({ globalWhiteAddrs: '10.1.1.1,10.1.1.2' }),
    ),
    BROKER,
  );
  assert.equal(res.code, ResponseCode.SUCCESS);
  acl.check(request(RequestCode.PULL_MESSAGE, null), '10.1.1.2:9');
  res = aclAdminResponse(
    acl,
    request(RequestCode.UPDATE_GLOBAL_WHITE_ADDRS_CONFIG, { globalWhiteAddrs: '10.1.1.3', aclFileFullPath: '/tmp/elsewhere.yml' }),
    BROKER,
  );
  assert.equal(res.code, ResponseCode.UPDATE_GLOBAL_WHITE_ADDRS_CONFIG_FAILED);
  assert.equal(res.remark, 'The globalWhiteAddresses[10.1.1.3] has been updated failed.');

  res = aclAdminResponse(acl, request(RequestCode.GET_BROKER_CLUSTER_ACL_INFO, null), BROKER);
  assert.equal(res.code, ResponseCode.SUCCESS);
  const info = clusterAclVersionFromHeader(GetBrokerAclConfigResponseHeader.decode(res.extFields));
  assert.equal(info.brokerName, 'broker-a');
  assert.equal(info.brokerAddr, '127.0.0.1:10911');
  assert.equal(info.clusterName, 'DefaultCluster');
  assert.deepEqual(info.allAclConfigDataVersion, acl.getAllAclConfigVersion());
  assert.deepEqual(info.aclConfigDataVersion, info.allAclConfigDataVersion.get(path.join(home, 'conf/plain_acl.yml')));
  assert.match(res.extFields!.version!, /^\{"counter":3,"timestamp":\d+\}$/);

  res = aclAdminResponse(acl, request(RequestCode.GET_BROKER_CLUSTER_ACL_CONFIG, null), BROKER);
  assert.deepEqual(decodeAclConfigBody(res.body!), acl.getAllAclConfig());
});

test('codecs: perm lists split as Java’s String.split does; the config body is fastjson’s bean layout', () => {
  assert.deepEqual(splitJavaList('a=PUB,b=SUB,'), ['a=PUB', 'b=SUB']);
  assert.deepEqual(splitJavaList(''), ['']);
  assert.equal(splitJavaList(undefined), undefined);
  const hdr = CreateAccessConfigRequestHeader.decode({ accessKey: 'k', topicPerms: 'a=PUB,b=SUB', admin: 'true' });
  assert.deepEqual(accessConfigFromRequest(hdr), { accessKey: 'k', admin: true, topicPerms: ['a=PUB', 'b=SUB'] });
  const body = encodeAclConfigBody({
    globalWhiteAddrs: ['10.*.*.*'],
    plainAccessConfigs: [{ accessKey: 'ak', secretKey: 'sk', admin: true, topicPerms: ['t=PUB'] }],
  });
  assert.equal(
    body.toString(),
    '{"globalWhiteAddrs":["10.*.*.*"],"plainAccessConfigs":[{"accessKey":"ak","admin":true,"secretKey":"sk","topicPerms":["t=PUB"]}]}',
  );
  assert.ok(new AclError('x') instanceof Error);
});
