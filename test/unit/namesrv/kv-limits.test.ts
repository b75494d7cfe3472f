// The name server's KV store against a client that puts large values: namespace, key, value and
// table sizes are limited (SYSTEM_ERROR with the reason), the file is written off the event loop so
// route queries are not held behind it, and log lines summarise a value instead of copying it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequest, type RemotingCommand } from '../../../src/remoting/command.js';
import { RequestCode } from '../../../src/remoting/request-code.js';
import { ResponseCode } from '../../../src/remoting/response-code.js';
import { KV_LIMITS, KVConfigManager } from '../../../src/namesrv/kv-config.js';
import { tmpDir } from '../../harness/tmp.js';
import { startInProcessNamesrv } from '../../harness/servers.js';
import { captureLogs } from '../../harness/logs.js';

const put = (namespace: string, key: string, value: string): RemotingCommand =>
  createRequest(RequestCode.PUT_KV_CONFIG, { namespace, key, value });

test('PUT_KV_CONFIG: sizes are limited, the file is written off the event loop, logs summarise values', async (t) => {
  const ns = await startInProcessNamesrv(t);
  const logs = captureLogs(t, 'info');
  const refused = [
    put('N'.repeat(KV_LIMITS.namespaceMaxLength + 1), 'k', 'v'),
    put('NS', 'K'.repeat(KV_LIMITS.keyMaxLength + 1), 'v'),
    put('NS', 'k', 'v'.repeat(KV_LIMITS.valueMaxLength + 1)),
  ];
  for (const r of refused) {
    const res = await ns.invoke(r);
    assert.equal(res.code, ResponseCode.SYSTEM_ERROR);
    assert.match(res.remark ?? '', /longer than/);
  }
  assert.equal(ns.controller.kv.namespaces().length, 0, 'nothing stored');

  // The largest value allowed: its reply comes after the file is written, a route query sent after it
  // on the same connection is answered first (the write does not hold the event loop).
  const big = 'x'.repeat(KV_LIMITS.valueMaxLength);
  const conn = await ns.client.getConnection(ns.addr);
  const order: string[] = [];
  const putDone = conn.invoke(put('NS', 'big', big), 5000).then((r) => {
    order.push('put');
    return r;
  });
  const routeDone = conn.invoke(createRequest(RequestCode.GET_ROUTEINFO_BY_TOPIC, { topic: 'NoSuchTopic' }), 5000).then((r) => {
    order.push('route');
    return r;
  });
  assert.equal((await putDone).code, ResponseCode.SUCCESS);
  assert.equal((await routeDone).code, ResponseCode.TOPIC_NOT_EXIST);
  assert.deepEqual(order, ['route', 'put']);
  assert.ok(fs.readFileSync(ns.controller.kv.filePath, 'utf8').includes(big), 'written when SUCCESS comes');
  assert.ok(logs.some((l) => /KV config created/.test(l) && /valueLength=65536/.test(l)), logs.join('\n'));
  assert.ok(!logs.some((l) => l.includes('x'.repeat(1000))), 'the value is not copied into the log');
});

test('the table as a whole is limited; deleting makes room again', async (t) => {
  const kv = new KVConfigManager(path.join(tmpDir('mq-kv-limits-', t), 'kvConfig.json'), { ...KV_LIMITS, tableMaxChars: 100_000 });
  const value = 'v'.repeat(30_000);
  for (let i = 0; i < 3; i++) assert.equal(kv.refusal('FILL', `k${i}`, value), null);
  for (let i = 0; i < 3; i++) await kv.put('FILL', `k${i}`, value);
  assert.match(kv.refusal('FILL', 'k3', value) ?? '', /KV table/);
  assert.equal(kv.refusal('FILL', 'k0', value), null, 'replacing a value of the same size fits');
  await kv.delete('FILL', 'k0');
  assert.equal(kv.refusal('FILL', 'k3', value), null);
});
