// Flushing: SYNC_FLUSH answers after the sync and shares syncs between concurrent puts (group
// commit), times out with FLUSH_DISK_TIMEOUT, and ASYNC_FLUSH syncs on its timer.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { msg, openStore } from '../../harness/store.js';
import { pollUntil } from '../../harness/latch.js';
import { PutMessageStatus } from '../../../src/store/status.js';

test('SYNC_FLUSH: a put is answered after its sync; concurrent puts share syncs', async (t) => {
  const { store } = await openStore(t, { flushDiskType: 'SYNC_FLUSH' });
  const start = store.flushProgress().syncs;
  for (let i = 0; i < 5; i++) {
    const r = await store.putMessage(msg('S', 0, `one ${i}`));
    assert.equal(r.status, PutMessageStatus.PUT_OK);
    assert.ok(store.flushProgress().flushedOffset >= r.wroteOffset + r.wroteBytes);
  }
  const serial = store.flushProgress().syncs - start;
  assert.ok(serial >= 5, `serial syncs ${serial}`);

  const before = store.flushProgress().syncs;
  const results = await Promise.all(Array.from({ length: 64 }, (_, i) => store.putMessage(msg('S', 1, `many ${i}`))));
  for (const r of results) assert.equal(r.status, PutMessageStatus.PUT_OK);
  const grouped = store.flushProgress().syncs - before;
  assert.ok(grouped <= 8, `64 concurrent puts took ${grouped} syncs`);
  assert.ok(store.flushProgress().flushedOffset >= store.getMaxPhyOffset());

  // WAIT=false: answered after the write, without waiting for the disk.
  const r = await store.putMessage(msg('S', 2, 'no wait', { WAIT: 'false' }));
  assert.equal(r.status, PutMessageStatus.PUT_OK);
});

test('SYNC_FLUSH: a sync that takes too long answers FLUSH_DISK_TIMEOUT, and the message stays', async (t) => {
  const { store } = await openStore(t, { flushDiskType: 'SYNC_FLUSH', syncFlushTimeout: 50 });
  // Hold the next sync until the test lets it go.
  const flusher = (store as unknown as { flusher: { syncRange: (a: number, b: number) => Promise<void> } }).flusher;
  const realSync = flusher.syncRange.bind(flusher);
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  flusher.syncRange = async (a, b) => {
    await gate;
    return realSync(a, b);
  };
  const r = await store.putMessage(msg('S', 0, 'slow disk'));
  assert.equal(r.status, PutMessageStatus.FLUSH_DISK_TIMEOUT);
  release();
  const m = await store.lookMessageByOffset(r.wroteOffset);
  assert.equal(m?.body.toString(), 'slow disk');
  await pollUntil(() => store.flushProgress().flushedOffset >= r.wroteOffset + r.wroteBytes, 'the held sync', 5000, 5);
  assert.equal((await store.putMessage(msg('S', 0, 'fast again'))).status, PutMessageStatus.PUT_OK);
});

test('ASYNC_FLUSH: puts are answered after the write; the timer syncs them', async (t) => {
  const { store } = await openStore(t, { flushIntervalCommitLog: 20, flushCommitLogLeastPages: 0 });
  const r = await store.putMessage(msg('A', 0, 'async'));
  assert.equal(r.status, PutMessageStatus.PUT_OK);
  await pollUntil(() => store.flushProgress().flushedOffset >= r.wroteOffset + r.wroteBytes, 'the periodic sync', 5000, 5);
});
