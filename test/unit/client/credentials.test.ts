// Where clients and tools get the keys they sign with: ClientOptions accessKey/secretKey sign every
// request through the client's RPC hook; `mq tools` takes flags, then ROCKETMQ_ACCESS_KEY /
// ROCKETMQ_SECRET_KEY, then conf/tools.yml under ROCKETMQ_HOME; the benchmarks sign only with
// -a true and pair a lone -ak or -sk with Java's AclClient default, as Java does.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ClientConfig } from '../../../src/client/client-config.js';
import { createRequest } from '../../../src/remoting/command.js';
import { RequestCode } from '../../../src/remoting/request-code.js';
import { verifyRequestSignature } from '../../../src/remoting/acl-signature.js';
import { aclClientOptions } from '../../../src/tools/benchmark/flags.js';
import { toolCredentials } from '../../../src/tools/credentials.js';
import { tmpDir } from '../../harness/tmp.js';

const ENV_KEYS = ['ROCKETMQ_ACCESS_KEY', 'ROCKETMQ_SECRET_KEY', 'ROCKETMQ_SECURITY_TOKEN', 'ROCKETMQ_HOME'] as const;

/** Runs `fn` with these environment variables (the others of ENV_KEYS unset), restoring them after. */
function withEnv(vars: Partial<Record<(typeof ENV_KEYS)[number], string>>, fn: () => void): void {
  const saved = ENV_KEYS.map((k) => [k, process.env[k]] as const);
  try {
    for (const k of ENV_KEYS) delete process.env[k];
    Object.assign(process.env, vars);
    fn();
  } finally {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

test('ClientOptions accessKey/secretKey (and securityToken) sign every request; without both keys nothing is signed', () => {
  const config = new ClientConfig({
    namesrvAddr: '127.0.0.1:9876',
    accessKey: 'clientKey1',
    secretKey: 'clientSecret1',
    securityToken: 'tok',
  });
  const req = createRequest(RequestCode.HEART_BEAT, null, Buffer.from('{"clientID":"x"}'));
  config.rpcHook!.doBeforeRequest('127.0.0.1:10911', req);
  assert.equal(req.extFields!.AccessKey, 'clientKey1');
  assert.equal(req.extFields!.SecurityToken, 'tok');
  assert.ok(verifyRequestSignature(req, 'clientSecret1'));
  assert.equal(new ClientConfig({ namesrvAddr: 'x:1', accessKey: 'clientKey1' }).rpcHook, undefined);
  const own = { doBeforeRequest: () => undefined };
  assert.equal(
    new ClientConfig({ namesrvAddr: 'x:1', accessKey: 'a', secretKey: 'b', rpcHook: own }).rpcHook,
    own,
    'an explicit hook wins',
  );
});

test('mq tools keys: flags, then the environment, then conf/tools.yml under ROCKETMQ_HOME; a lone flag is an error', () => {
  const home = tmpDir('mq-tools-home-');
  fs.mkdirSync(path.join(home, 'conf'));
  fs.writeFileSync(path.join(home, 'conf', 'tools.yml'), 'accessKey: fileKey01\nsecretKey: fileSecret1\n');
  withEnv({ ROCKETMQ_HOME: home, ROCKETMQ_ACCESS_KEY: 'envKey001', ROCKETMQ_SECRET_KEY: 'envSecret1' }, () => {
    assert.deepEqual(toolCredentials('flagKey01', 'flagSecret1'), { accessKey: 'flagKey01', secretKey: 'flagSecret1' });
    assert.deepEqual(toolCredentials(undefined, undefined), { accessKey: 'envKey001', secretKey: 'envSecret1' });
    assert.throws(() => toolCredentials('flagKey01', undefined), /--accessKey \(-ak\) and --secretKey \(-sk\) go together/);
  });
  withEnv({ ROCKETMQ_HOME: home }, () => {
    assert.deepEqual(toolCredentials(undefined, undefined), { accessKey: 'fileKey01', secretKey: 'fileSecret1' });
  });
  withEnv({ ROCKETMQ_HOME: tmpDir('mq-empty-home-') }, () => assert.equal(toolCredentials(undefined, undefined), undefined));
});

test("benchmark -a/-ak/-sk: unsigned without -a true; a lone key is paired with AclClient's default", () => {
  withEnv({ ROCKETMQ_HOME: tmpDir('mq-empty-home-') }, () => {
    assert.deepEqual(aclClientOptions(false, 'k', 's'), {});
    assert.deepEqual(aclClientOptions(true, undefined, undefined), { accessKey: 'rocketmq2', secretKey: '12345678' });
    assert.deepEqual(aclClientOptions(true, 'benchKey01', undefined), { accessKey: 'benchKey01', secretKey: '12345678' });
    assert.deepEqual(aclClientOptions(true, undefined, 'benchSecret'), { accessKey: 'rocketmq2', secretKey: 'benchSecret' });
  });
  withEnv({ ROCKETMQ_HOME: tmpDir('mq-empty-home-'), ROCKETMQ_ACCESS_KEY: 'envKey001', ROCKETMQ_SECRET_KEY: 'envSecret1' }, () => {
    assert.deepEqual(aclClientOptions(true, undefined, undefined), { accessKey: 'envKey001', secretKey: 'envSecret1' });
  });
});
