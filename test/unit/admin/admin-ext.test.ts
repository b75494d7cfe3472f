// The admin client signs every request as mqadmin does (AccessKey rocketmq2, HmacSHA1 with the
// secret of conf/tools.yml), can be told not to, and refuses to start without a name server.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AdminExt } from '../../../src/admin/admin-ext.js';
import { createRequest } from '../../../src/remoting/command.js';
import { RequestCode } from '../../../src/remoting/request-code.js';
import { verifyRequestSignature } from '../../../src/remoting/acl-signature.js';

test("admin requests carry mqadmin's AccessKey and a valid Signature; credentials: null turns signing off", () => {
  const admin = new AdminExt({ namesrvAddr: '127.0.0.1:9876' });
  const req = createRequest(RequestCode.GET_ROUTEINFO_BY_TOPIC, { topic: 'TopicTest' });
  admin.config.rpcHook!.doBeforeRequest('127.0.0.1:9876', req);
  assert.equal(req.extFields!.AccessKey, 'rocketmq2');
  assert.ok(verifyRequestSignature(req, '12345678'));
  assert.ok(!verifyRequestSignature(req, 'other-secret'));
  assert.equal(new AdminExt({ namesrvAddr: '127.0.0.1:9876', credentials: null }).config.rpcHook, undefined);
  const own = new AdminExt({ namesrvAddr: '127.0.0.1:9876', credentials: { accessKey: 'ak', secretKey: 'sk' } });
  const r2 = createRequest(RequestCode.GET_BROKER_CLUSTER_INFO, null, Buffer.from('body'));
  own.config.rpcHook!.doBeforeRequest('x', r2);
  assert.equal(r2.extFields!.AccessKey, 'ak');
  assert.ok(verifyRequestSignature(r2, 'sk'));
});

test('each admin client has its own client id; none starts without a name server', async () => {
  const a = new AdminExt({ namesrvAddr: '127.0.0.1:9876' });
  const b = new AdminExt({ namesrvAddr: '127.0.0.1:9876' });
  assert.notEqual(a.config.buildMQClientId(), b.config.buildMQClientId());
  const saved = process.env.NAMESRV_ADDR;
  delete process.env.NAMESRV_ADDR;
  try {
    assert.throws(() => new AdminExt({}).start(), /No name server address/);
  } finally {
    if (saved !== undefined) process.env.NAMESRV_ADDR = saved;
  }
  const started = a.start();
  assert.equal(started.nameServerAddressList.join(';'), '127.0.0.1:9876');
  await a.shutdown();
  assert.throws(() => a.instance, /not started/);
});
