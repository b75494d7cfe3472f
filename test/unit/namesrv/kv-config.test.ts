// KVConfigManager: the operations, the file format Java writes (and reads), and Java's
// write-to-.tmp, keep-.bak, rename persistence.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { setLogLevel } from '../../../src/common/logger.js';
import { ConfigError } from '../../../src/common/errors.js';
import { KVConfigManager, NAMESPACE_ORDER_TOPIC_CONFIG } from '../../../src/namesrv/kv-config.js';
import { tmpDir } from '../../harness/tmp.js';

setLogLevel('silent');

test("put, get, list and delete, persisted after each change in Java's format", async (t) => {
  const file = path.join(tmpDir('mq-kv-', t), 'namesrv', 'kvConfig.json');
  const kv = new KVConfigManager(file);
  kv.load();
  assert.equal(kv.get('NS', 'k'), undefined);
  assert.equal(kv.list('NS'), undefined);

  await kv.put(NAMESPACE_ORDER_TOPIC_CONFIG, 'TopicA', 'broker-a:4;broker-b:4');
  assert.equal(fs.readFileSync(file, 'utf8'), '{"configTable":{"ORDER_TOPIC_CONFIG":{"TopicA":"broker-a:4;broker-b:4"}}}');
  assert.equal(fs.existsSync(file + '.bak'), false, 'nothing to back up the first time');
  assert.equal(fs.existsSync(file + '.tmp'), false);

  await kv.put('NS', 'k', 'v "quoted" \\ é');
  assert.equal(fs.readFileSync(file + '.bak', 'utf8'), '{"configTable":{"ORDER_TOPIC_CONFIG":{"TopicA":"broker-a:4;broker-b:4"}}}');
  assert.equal(kv.get('NS', 'k'), 'v "quoted" \\ é');
  assert.deepEqual([...kv.list('NS')!], [['k', 'v "quoted" \\ é']]);

  await kv.put('NS', 'k', 'v2');
  await kv.delete('NS', 'k');
  assert.equal(kv.get('NS', 'k'), undefined);
  assert.deepEqual([...kv.list('NS')!], [], 'the namespace stays, empty, as in Java');
  await kv.delete('Nope', 'x');

  const reloaded = new KVConfigManager(file);
  reloaded.load();
  assert.equal(reloaded.get(NAMESPACE_ORDER_TOPIC_CONFIG, 'TopicA'), 'broker-a:4;broker-b:4');
  assert.deepEqual(reloaded.namespaces(), [NAMESPACE_ORDER_TOPIC_CONFIG, 'NS']);
});

test('reads the file a Java name server wrote, compact or pretty', (t) => {
  const dir = tmpDir('mq-kv-', t);
  const compact = path.join(dir, 'compact.json');
  fs.writeFileSync(compact, '{"configTable":{"ORDER_TOPIC_CONFIG":{"TopicOrder":"broker-a:8","TopicB":"broker-b:4"},"UNIT":{"k":"v"}}}');
  const a = new KVConfigManager(compact);
  a.load();
  assert.equal(a.get('ORDER_TOPIC_CONFIG', 'TopicOrder'), 'broker-a:8');
  assert.equal(a.get('UNIT', 'k'), 'v');
  // Written back unchanged.
  assert.equal(a.serialize(), fs.readFileSync(compact, 'utf8'));

  const pretty = path.join(dir, 'pretty.json');
  fs.writeFileSync(pretty, '{\n\t"configTable":{\n\t\t"NS":{\n\t\t\t"key":"value"\n\t\t}\n\t}\n}');
  const b = new KVConfigManager(pretty);
  b.load();
  assert.equal(b.get('NS', 'key'), 'value');
});

test('a missing or empty file is an empty table; a broken one stops start-up naming the file', (t) => {
  const dir = tmpDir('mq-kv-', t);
  const missing = new KVConfigManager(path.join(dir, 'none.json'));
  missing.load();
  assert.deepEqual(missing.namespaces(), []);

  const empty = path.join(dir, 'empty.json');
  fs.writeFileSync(empty, '  \n');
  new KVConfigManager(empty).load();

  const broken = path.join(dir, 'broken.json');
  fs.writeFileSync(broken, '{"configTable":{"NS":');
  assert.throws(() => new KVConfigManager(broken).load(), (err: unknown) => err instanceof ConfigError && err.message.includes(broken));
});
