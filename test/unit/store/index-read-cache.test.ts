// An index file that takes keys caches only blocks of entries already written: a chain walk that
// read a block while later entries of that block were still pending must find those entries once
// they are written (a stale block held zeros there, and look-ups of recent keys came back empty).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { FilePool } from '../../../src/store/file-pool.js';
import { IndexFile } from '../../../src/store/index-file.js';
import { tmpDir } from '../../harness/tmp.js';

test('entries written after their block was read are found', async (t) => {
  const pool = new FilePool();
  const f = IndexFile.create(pool.file(path.join(tmpDir('mq-index-', t), '00000000000000000')), 100, 1000, 0, 0);
  t.after(() => f.file.dispose());
  const now = Date.now();
  const found = async (hash: number) => {
    const out: number[] = [];
    await f.selectPhyOffsets(hash, 32, 0, now + 60_000, out);
    return out;
  };
  assert.ok(f.putKey(7, 100, now));
  await f.writeBehind();
  assert.deepEqual(await found(7), [100], 'read from disk, caching what it can');
  // Same 4 KiB block as the first entry, different slots.
  for (let k = 0; k < 10; k++) assert.ok(f.putKey(20 + k, 200 + k, now));
  assert.deepEqual(await found(25), [205], 'still pending: read from memory');
  await f.writeBehind();
  for (let k = 0; k < 10; k++) assert.deepEqual(await found(20 + k), [200 + k], `entry ${k} after its write`);
  assert.deepEqual(await found(7), [100]);
});
