// Client credentials for signing: conf/tools.yml as mqadmin reads it, the environment, explicit keys;
// and the shipped conf/plain_acl.yml and conf/tools.yml working together.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../../../src/common/runtime.js';
import { PlainAccessValidator } from '../../../src/acl/plain-access-validator.js';
import { RequestCode } from '../../../src/remoting/request-code.js';
import { credentialsFromEnv, readToolsYml, resolveCredentials, toolsCredentials } from '../../../src/acl/credentials.js';
import { aclHome, signed, writeAt } from '../../harness/acl.js';
import { captureLogs } from '../../harness/logs.js';

test('tools.yml: the distribution’s file, numbers as strings, and no credentials when missing, blank or broken', (t) => {
  captureLogs(t);
  const home = aclHome(t, { 'conf/tools.yml': 'accessKey: rocketmq2\nsecretKey: 12345678\n' });
  assert.deepEqual(toolsCredentials(home), { accessKey: 'rocketmq2', secretKey: '12345678' });
  assert.equal(toolsCredentials(aclHome(t)), undefined);
  assert.equal(readToolsYml(writeAt(home, 'blank.yml', 'accessKey: rocketmq2\nsecretKey: "  "\n')), undefined);
  assert.equal(readToolsYml(writeAt(home, 'broken.yml', 'accessKey: [rocketmq2\n')), undefined);
  assert.equal(readToolsYml(writeAt(home, 'empty.yml', '')), undefined);
});

test('explicit keys win over the environment, which wins over tools.yml', (t) => {
  const home = aclHome(t, { 'conf/tools.yml': 'accessKey: fromTools\nsecretKey: toolsSecret\n' });
  const env = { ROCKETMQ_ACCESS_KEY: 'fromEnv', ROCKETMQ_SECRET_KEY: 'envSecret', ROCKETMQ_SECURITY_TOKEN: 'tok' };
  assert.deepEqual(credentialsFromEnv(env), { accessKey: 'fromEnv', secretKey: 'envSecret', securityToken: 'tok' });
  assert.equal(credentialsFromEnv({ ROCKETMQ_ACCESS_KEY: 'onlyKey' }), undefined);
  assert.deepEqual(resolveCredentials({ accessKey: 'flagKey', secretKey: 'flagSecret', env, rocketmqHome: home }), {
    accessKey: 'flagKey',
    secretKey: 'flagSecret',
  });
  assert.deepEqual(resolveCredentials({ accessKey: 'flagKey', env, rocketmqHome: home }), {
    accessKey: 'fromEnv',
    secretKey: 'envSecret',
    securityToken: 'tok',
  });
  assert.deepEqual(resolveCredentials({ env: {}, rocketmqHome: home }), { accessKey: 'fromTools', secretKey: 'toolsSecret' });
  assert.equal(resolveCredentials({ env: {} }), undefined);
});

test('the shipped conf/: plain_acl.yml loads, and tools.yml’s credentials are one of its admins', (t) => {
  const home = aclHome(t, {
    'conf/plain_acl.yml': fs.readFileSync(path.join(packageRoot, 'conf/plain_acl.yml'), 'utf8'),
    'conf/tools.yml': fs.readFileSync(path.join(packageRoot, 'conf/tools.yml'), 'utf8'),
  });
  const acl = new PlainAccessValidator({ rocketmqHome: home, watchIntervalMs: 0 });
  t.after(() => acl.close());
  const cred = toolsCredentials(home)!;
  acl.check(signed(RequestCode.UPDATE_AND_CREATE_TOPIC, { topic: 'anyTopic' }, cred), '127.0.0.1:1');
  assert.deepEqual(acl.getAllAclConfig().globalWhiteAddrs, ['10.10.103.*', '192.168.0.*']);
  assert.deepEqual(acl.getAllAclConfig().plainAccessConfigs.map((c) => [c.accessKey, c.admin]), [['RocketMQ', false], ['rocketmq2', true]]);
});
