// The lite pull consumer's bookkeeping without a broker: which queues it holds and what a
// rebalance or assign() drops, what a commit may store, and how poll() takes pulled batches
// (oldest first, none of a paused queue, dropped queues' batches thrown away).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AssignedQueues } from '../../../src/client/consumer/assigned-queues.js';
import { ConsumeRequestCache } from '../../../src/client/consumer/lite-pull-task.js';
import { ProcessQueue } from '../../../src/client/consumer/process-queue.js';
import { OffsetTable } from '../../../src/client/consumer/offset-store.js';
import type { OffsetStore } from '../../../src/client/consumer/offset-store.js';
import type { MessageQueue } from '../../../src/remoting/protocol/message-queue.js';

const q = (topic: string, queueId: number): MessageQueue => ({ topic, brokerName: 'b', queueId });

/** The memory half of an offset store is all a commit touches. */
function memoryStore(): { store: OffsetStore; table: OffsetTable } {
  const table = new OffsetTable();
  const store = {
    updateOffset: (mq: MessageQueue, offset: number, inc: boolean) => table.update(mq, offset, inc),
  } as unknown as OffsetStore;
  return { store, table };
}

test('a rebalance of one topic keeps the other topics; dropped queues have their ProcessQueue dropped', () => {
  const shared = new ProcessQueue();
  const held = new AssignedQueues((mq) => (mq.queueId === 9 ? shared : undefined));
  held.updateTopic('A', [q('A', 0), q('A', 1)]);
  held.updateTopic('B', [q('B', 9)]);
  assert.equal(held.processQueue(q('B', 9)), shared, "the rebalancer's ProcessQueue is reused");
  const pqA1 = held.processQueue(q('A', 1))!;
  held.updateTopic('A', [q('A', 0)]);
  assert.deepEqual(held.queues().map((mq) => `${mq.topic}${mq.queueId}`).sort(), ['A0', 'B9']);
  assert.equal(pqA1.dropped, true);
  held.updateAll([q('C', 0)]);
  assert.deepEqual(held.queues().map((mq) => mq.topic), ['C']);
  assert.equal(shared.dropped, true);
  held.removeTopic('C');
  assert.equal(held.queues().length, 0);
});

test('pause, offsets and commits: a queue not held is paused and commits nothing; -1 means unknown', () => {
  const held = new AssignedQueues();
  const mq = q('T', 0);
  assert.equal(held.isPaused(mq), true);
  held.updateAll([mq]);
  assert.equal(held.isPaused(mq), false);
  held.pause([mq]);
  assert.equal(held.isPaused(mq), true);
  held.resume([mq]);
  assert.equal(held.isPaused(mq), false);
  assert.equal(held.pullOffset(mq), -1);
  assert.equal(held.consumeOffset(mq), -1);
  assert.equal(held.seekOffset(mq), -1);

  const pq = held.processQueue(mq)!;
  held.updatePullOffset(mq, 7, new ProcessQueue());
  assert.equal(held.pullOffset(mq), -1, 'a pull made for another ProcessQueue does not count');
  held.updatePullOffset(mq, 7, pq);
  assert.equal(held.pullOffset(mq), 7);

  const { store, table } = memoryStore();
  held.commitAll(store);
  assert.equal(table.get(mq), undefined, 'nothing polled: nothing to commit');
  held.updateConsumeOffset(mq, 5);
  held.commitAll(store);
  assert.equal(table.get(mq), 5);
  held.commit(store, mq, 3);
  assert.equal(table.get(mq), 3, 'an explicit offset may move back');
  held.commit(store, q('T', 1), 9);
  assert.equal(table.get(q('T', 1)), undefined, 'a queue not held is not committed');
});

test('poll takes the oldest batch of a queue that is not paused and throws away dropped ones', async () => {
  const cache = new ConsumeRequestCache();
  const [a, b] = [q('T', 0), q('T', 1)];
  const [pqA, pqB, pqGone] = [new ProcessQueue(), new ProcessQueue(), new ProcessQueue()];
  cache.put({ msgs: [], mq: q('T', 2), pq: pqGone });
  cache.put({ msgs: [], mq: a, pq: pqA });
  cache.put({ msgs: [], mq: b, pq: pqB });
  pqGone.dropped = true;
  const paused = new Set([0]);
  assert.equal(cache.take((mq) => paused.has(mq.queueId))?.mq, b);
  assert.equal(cache.size, 1, 'the dropped batch left, the paused one stays');
  assert.equal(cache.take((mq) => paused.has(mq.queueId)), undefined);
  paused.clear();
  assert.equal(cache.take(() => false)?.mq, a);

  const waited = cache.wait(10_000);
  cache.put({ msgs: [], mq: a, pq: pqA });
  await waited;
  cache.removeQueue(a);
  assert.equal(cache.size, 0);
});
