// Every put is answered: when the dispatch step throws (Java would stop its reput at that record),
// the puts dispatched before it are PUT_OK, every later one UNKNOWN_ERROR, the store refuses new
// puts, and a restart replays the records the queues missed. Also: properties that are not ASCII
// are encoded into the commit log byte for byte.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeAtEnd, msg, smallConfig, storeDir } from '../../harness/store.js';
import { MessageStore } from '../../../src/store/message-store.js';
import type { PutMessageResult } from '../../../src/store/put-result.js';
import { PutMessageStatus } from '../../../src/store/status.js';
import { decodeMessages } from '../../../src/common/message/record-codec.js';

/** A store whose dispatch step throws for the records of one topic, from the moment it is armed. */
class FailingDispatchStore extends MessageStore {
  failTopic: string | null = null;

  armDispatchFailure(topic: string): void {
    this.failTopic = topic;
    const d = this.dispatcher;
    const dispatch = d.dispatch.bind(d);
    d.dispatch = (cq, t, ...rest) => {
      if (t === this.failTopic) throw new Error(`injected dispatch failure for ${t}`);
      dispatch(cq, t, ...rest);
    };
  }

  /** Makes the after-write step itself throw before it answers anyone. */
  breakAfterWrite(): void {
    this.commitLog.onWritten = () => {
      throw new Error('injected after-write failure');
    };
  }
}

/** All results, or a failure naming how many puts were never answered. */
async function settleWithin(puts: Array<Promise<PutMessageResult>>, ms: number): Promise<PutMessageResult[]> {
  let answered = 0;
  for (const p of puts) void p.then(() => answered++, () => answered++);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${puts.length - answered} of ${puts.length} puts never answered`)), ms);
  });
  try {
    return await Promise.race([Promise.all(puts), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

async function openFailing(
  t: { after(fn: () => unknown): void },
  dir: string,
  flushDiskType: 'ASYNC_FLUSH' | 'SYNC_FLUSH',
): Promise<FailingDispatchStore> {
  const store = closeAtEnd(
    t,
    new FailingDispatchStore(smallConfig(dir, { mappedFileSizeCommitLog: 4 * 1024 * 1024, flushDiskType }), {
      storeHost: { host: '127.0.0.1', port: 10911 },
    }),
  );
  await store.open();
  return store;
}

for (const flushDiskType of ['ASYNC_FLUSH', 'SYNC_FLUSH'] as const) {
  test(`${flushDiskType}: a dispatch that throws answers every put of the write (one slice)`, async (t) => {
    const dir = storeDir(t);
    const store = await openFailing(t, dir, flushDiskType);
    assert.equal((await store.putMessage(msg('T', 0, 'before'))).status, PutMessageStatus.PUT_OK);
    store.armDispatchFailure('Boom');
    // Encoded in one turn, so they share one write and one dispatch slice.
    const puts = [
      ...Array.from({ length: 3 }, (_, i) => store.putMessage(msg('T', 0, `a${i}`))),
      store.putMessage(msg('Boom', 0, 'boom')),
      ...Array.from({ length: 6 }, (_, i) => store.putMessage(msg('T', 0, `b${i}`))),
    ];
    const results = await settleWithin(puts, 10_000);
    assert.deepEqual(results.map((r) => r.status), [
      ...Array<string>(3).fill(PutMessageStatus.PUT_OK),
      ...Array<string>(7).fill(PutMessageStatus.UNKNOWN_ERROR),
    ]);
    assert.equal((await store.putMessage(msg('T', 0, 'after'))).status, PutMessageStatus.SERVICE_NOT_AVAILABLE);
    assert.equal(store.flags.logicsQueueError, true);
    assert.equal(store.getMaxOffsetInQueue('T', 0), 4, 'the puts answered PUT_OK are in the queue');

    // The bytes were stored: the restart (abort file kept) replays them into the queues.
    await store.close();
    const again = closeAtEnd(
      t,
      new MessageStore(smallConfig(dir, { mappedFileSizeCommitLog: 4 * 1024 * 1024 }), { storeHost: { host: '127.0.0.1', port: 10911 } }),
    );
    await again.open();
    assert.equal(again.recovery?.lastExitOK, false);
    assert.equal(again.getMaxOffsetInQueue('T', 0), 10);
    assert.equal(again.getMaxOffsetInQueue('Boom', 0), 1);
    const r = await again.getMessage('g', 'T', 0, 0, 32);
    assert.deepEqual(decodeMessages(r!.body()).map((m) => m.body.toString()), [
      'before',
      'a0',
      'a1',
      'a2',
      'b0',
      'b1',
      'b2',
      'b3',
      'b4',
      'b5',
    ]);
  });
}

test('a dispatch that throws in an early slice of a large write answers the later slices too', async (t) => {
  const store = await openFailing(t, storeDir(t), 'ASYNC_FLUSH');
  store.armDispatchFailure('Boom');
  // More records than one dispatch slice (2048), the failing one in the first slice.
  const puts = Array.from({ length: 3000 }, (_, i) => store.putMessage(msg(i === 100 ? 'Boom' : 'T', i % 4, `m${i}`)));
  const results = await settleWithin(puts, 20_000);
  results.forEach((r, i) => assert.equal(r.status, i < 100 ? PutMessageStatus.PUT_OK : PutMessageStatus.UNKNOWN_ERROR, `put ${i}`));
});

test('an after-write step that throws before answering still leaves no put waiting', async (t) => {
  const store = await openFailing(t, storeDir(t), 'ASYNC_FLUSH');
  store.breakAfterWrite();
  const results = await settleWithin(Array.from({ length: 5 }, (_, i) => store.putMessage(msg('T', 0, `m${i}`))), 10_000);
  assert.deepEqual(results.map((r) => r.status), Array<string>(5).fill(PutMessageStatus.UNKNOWN_ERROR));
});

test('properties beyond ASCII are stored as their UTF-8 bytes', async (t) => {
  const store = closeAtEnd(t, new MessageStore(smallConfig(storeDir(t)), { storeHost: { host: '127.0.0.1', port: 10911 } }));
  await store.open();
  const props = { KEYS: 'caf\u00e9 \u4e2d\u6587', TAGS: '\u{1F600}', note: 'x'.repeat(300) };
  const r = await store.putMessage(msg('T', 0, 'body', props));
  assert.equal(r.status, PutMessageStatus.PUT_OK);
  const got = await store.getMessage('g', 'T', 0, 0, 1);
  const [m] = decodeMessages(got!.body());
  assert.deepEqual(Object.fromEntries(m!.properties), props);
  assert.equal(m!.propertiesString, msg('T', 0, '', props).propertiesString);
});
