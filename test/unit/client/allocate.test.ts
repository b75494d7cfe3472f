// Queue allocation strategies, checked as Java's unit tests check them: every queue goes to exactly
// one client, shares differ by at most one, the expected blocks for chosen sizes and positions,
// and a client outside the id list gets nothing.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AllocateMessageQueueAveragely,
  AllocateMessageQueueAveragelyByCircle,
  AllocateMessageQueueByConfig,
  AllocateMessageQueueConsistentHash,
  type AllocateMessageQueueStrategy,
  md5Hash,
  messageQueueToString,
} from '../../../src/client/consumer/allocate.js';
import type { MessageQueue } from '../../../src/remoting/protocol/message-queue.js';

function queues(n: number, brokers = 1): MessageQueue[] {
  const out: MessageQueue[] = [];
  for (let b = 0; b < brokers; b++) for (let i = 0; i < n; i++) out.push({ topic: 'T', brokerName: `broker-${b}`, queueId: i });
  return out;
}

function cids(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `192.168.0.${i}@pid${i}`).sort();
}

const ids = (mqs: MessageQueue[]) => mqs.map((m) => `${m.brokerName}:${m.queueId}`);

function checkPartition(s: AllocateMessageQueueStrategy, mqAll: MessageQueue[], all: string[], balanced: boolean): void {
  const seen = new Map<string, string>();
  const sizes: number[] = [];
  for (const cid of all) {
    const mine = s.allocate('G', cid, mqAll, all);
    sizes.push(mine.length);
    for (const k of ids(mine)) {
      assert.ok(!seen.has(k), `${s.name}: queue ${k} given to ${seen.get(k)} and ${cid}`);
      seen.set(k, cid);
    }
  }
  assert.equal(seen.size, mqAll.length, `${s.name}: ${mqAll.length} queues, ${all.length} clients, every queue allocated`);
  if (balanced) assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, `${s.name}: shares ${sizes.join(',')} differ by more than one`);
}

test('AllocateMessageQueueAveragely: contiguous blocks, the first queues%clients clients one more', () => {
  const s = new AllocateMessageQueueAveragely();
  for (const q of [1, 2, 3, 4, 5, 8, 10, 16, 17]) {
    for (const c of [1, 2, 3, 4, 5, 6, 7, 10, 20]) checkPartition(s, queues(q), cids(c), true);
  }
  const all = cids(3);
  // 8 queues over 3 clients: 3, 3, 2 in order.
  assert.deepEqual(ids(s.allocate('G', all[0]!, queues(8), all)), ['broker-0:0', 'broker-0:1', 'broker-0:2']);
  assert.deepEqual(ids(s.allocate('G', all[1]!, queues(8), all)), ['broker-0:3', 'broker-0:4', 'broker-0:5']);
  assert.deepEqual(ids(s.allocate('G', all[2]!, queues(8), all)), ['broker-0:6', 'broker-0:7']);
  // More clients than queues: the first ones get one each, the rest none.
  const many = cids(6);
  assert.deepEqual(many.map((c) => s.allocate('G', c, queues(4), many).length), [1, 1, 1, 1, 0, 0]);
  // Two brokers of 4 queues (sorted as Java's TreeSet: broker, then queue id) over 3 clients.
  assert.deepEqual(ids(s.allocate('G', all[1]!, queues(4, 2), all)), ['broker-0:3', 'broker-1:0', 'broker-1:1']);
});

test('AllocateMessageQueueAveragelyByCircle: queue i goes to client i % clients', () => {
  const s = new AllocateMessageQueueAveragelyByCircle();
  for (const q of [1, 3, 4, 7, 16]) for (const c of [1, 2, 3, 5, 8]) checkPartition(s, queues(q), cids(c), true);
  const all = cids(3);
  assert.deepEqual(ids(s.allocate('G', all[0]!, queues(8), all)), ['broker-0:0', 'broker-0:3', 'broker-0:6']);
  assert.deepEqual(ids(s.allocate('G', all[1]!, queues(8), all)), ['broker-0:1', 'broker-0:4', 'broker-0:7']);
  assert.deepEqual(ids(s.allocate('G', all[2]!, queues(8), all)), ['broker-0:2', 'broker-0:5']);
});

test('AllocateMessageQueueConsistentHash: a partition, stable, and mostly unmoved when a client joins', () => {
  const s = new AllocateMessageQueueConsistentHash();
  for (const q of [1, 4, 16, 32]) for (const c of [1, 2, 3, 6]) checkPartition(s, queues(q), cids(c), false);
  const before = cids(4);
  const after = cids(5);
  const owner = (all: string[]) => {
    const m = new Map<string, string>();
    for (const c of all) for (const k of ids(s.allocate('G', c, queues(64), all))) m.set(k, c);
    return m;
  };
  const a = owner(before);
  const b = owner(after);
  let moved = 0;
  for (const [k, c] of a) if (b.get(k) !== c) moved++;
  assert.ok(moved < 40, `only queues taken by the new client move (${moved} of 64 moved)`);
  for (const [k, c] of a) if (b.get(k) !== c) assert.equal(b.get(k), after.find((x) => !before.includes(x)), `${k} moved to the newcomer`);
  // The hash is Java's: the first 4 bytes of MD5 of MessageQueue.toString().
  assert.equal(messageQueueToString({ topic: 'T', brokerName: 'b', queueId: 3 }), 'MessageQueue [topic=T, brokerName=b, queueId=3]');
  assert.equal(md5Hash(''), 0xd41d8cd9);
});

test('strategies: a client not in the id list gets nothing; empty inputs are refused', () => {
  for (
    const s of [new AllocateMessageQueueAveragely(), new AllocateMessageQueueAveragelyByCircle(), new AllocateMessageQueueConsistentHash()]
  ) {
    assert.deepEqual(s.allocate('G', 'stranger@1', queues(4), cids(2)), []);
    assert.throws(() => s.allocate('G', '', queues(4), cids(2)), /currentCID is empty/);
    assert.throws(() => s.allocate('G', 'x', [], cids(2)), /mqAll/);
    assert.throws(() => s.allocate('G', 'x', queues(1), []), /cidAll/);
  }
  const config = new AllocateMessageQueueByConfig(queues(2));
  assert.deepEqual(ids(config.allocate()), ['broker-0:0', 'broker-0:1']);
});
