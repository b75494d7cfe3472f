// Long polling: a held pull wakes as soon as a message it wants arrives in its queue (and not for a
// message its tag filter rejects, nor one before its offset), wakes when its time is up at the
// periodic re-check or the deadline timer, and is dropped silently when its connection closed.
// A pull under a SQL92 filter wakes only for a message whose properties match its expression.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type HeldPull, type HeldPullFilter, PullRequestHoldService } from '../../../src/broker/longpolling/pull-request-hold-service.js';
import { SubscriptionCache } from '../../../src/broker/filter/tag-filter.js';
import { ExpressionMessageFilter } from '../../../src/broker/filter/expression-message-filter.js';
import { buildConsumerFilterData } from '../../../src/broker/filter/consumer-filter-manager.js';
import { encodeProperties } from '../../../src/common/message/properties.js';
import { tagHashCode } from '../../../src/remoting/protocol/subscription.js';
import { withTimeout } from '../../harness/latch.js';

interface Fake extends HeldPull {
  woken: number;
  open: boolean;
}

function held(offset: number, suspendedAt: number, timeoutMs: number, sub: string | HeldPullFilter = '*'): Fake {
  const filter = typeof sub === 'string' ? new SubscriptionCache().fromRequest('T', sub, 'TAG').filter : sub;
  const p: Fake = {
    offset,
    filter,
    suspendedAt,
    timeoutMs,
    woken: 0,
    open: true,
    alive: () => p.open,
    wake: () => {
      p.woken++;
    },
  };
  return p;
}

function service(max: Map<string, number>, clock: { now: number }): PullRequestHoldService {
  return new PullRequestHoldService((t, q) => max.get(`${t}@${q}`) ?? 0, { checkIntervalMs: 5000, now: () => clock.now });
}

test('a held pull wakes when a matching message arrives in its queue, and only then', () => {
  const clock = { now: 1000 };
  const max = new Map([['T@0', 5]]);
  const s = service(max, clock);
  const a = held(5, 1000, 15_000, 'TagA');
  const other = held(5, 1000, 15_000);
  s.suspendPullRequest('T', 0, a);
  s.suspendPullRequest('T', 1, other);
  assert.equal(s.size, 2);
  s.notifyMessageArriving('T', 0, 6, tagHashCode('TagB'));
  assert.equal(a.woken, 0, 'a message the filter rejects does not wake it');
  s.notifyMessageArriving('U', 0, 6, tagHashCode('TagA'));
  assert.equal(a.woken, 0, 'another topic does not wake it');
  s.notifyMessageArriving('T', 0, 7, tagHashCode('TagA'));
  assert.equal(a.woken, 1);
  assert.equal(other.woken, 0, 'another queue stays held');
  assert.equal(s.size, 1);
  s.notifyMessageArriving('T', 0, 8, tagHashCode('TagA'));
  assert.equal(a.woken, 1, 'woken once');
});

test('a held pull under a SQL92 filter wakes for a message whose properties match, not for others', () => {
  const clock = { now: 1000 };
  const max = new Map([['T@0', 5]]);
  const s = service(max, clock);
  const data = buildConsumerFilterData('T', 'G', "a BETWEEN 3 AND 5 AND b = 'x'", 'SQL92', 1, 0)!;
  const sql = held(5, 1000, 15_000, new ExpressionMessageFilter(data));
  s.suspendPullRequest('T', 0, sql);
  const tagsCode = tagHashCode('TagA');
  s.notifyMessageArriving('T', 0, 6, tagsCode, encodeProperties({ a: '7', b: 'x', TAGS: 'TagA' }));
  s.notifyMessageArriving('T', 0, 7, tagsCode, encodeProperties({ b: 'x' }));
  s.notifyMessageArriving('T', 0, 8, tagsCode, '');
  assert.equal(sql.woken, 0, 'no message with matching properties yet');
  assert.equal(s.size, 1);
  s.notifyMessageArriving('T', 0, 9, tagsCode, encodeProperties({ a: '4', b: 'x' }));
  assert.equal(sql.woken, 1, 'a matching message wakes it');
  const again = held(9, 1000, 15_000, new ExpressionMessageFilter(data));
  s.suspendPullRequest('T', 0, again);
  max.set('T@0', 10);
  s.checkHoldRequest();
  assert.equal(again.woken, 1, 'the periodic check, which has no properties, wakes it once the queue grew');
});

test('a pull waiting past the queue end is not woken by a message before its offset', () => {
  const clock = { now: 0 };
  const max = new Map([['T@0', 3]]);
  const s = service(max, clock);
  const p = held(10, 0, 15_000);
  s.suspendPullRequest('T', 0, p);
  s.notifyMessageArriving('T', 0, 4, 0);
  assert.equal(p.woken, 0);
  max.set('T@0', 11);
  s.notifyMessageArriving('T', 0, 4, 0);
  assert.equal(p.woken, 1, 'the queue has moved past its offset meanwhile (the store is asked again)');
});

test('the periodic re-check answers expired pulls and pulls whose queue grew; closed connections are dropped', () => {
  const clock = { now: 0 };
  const max = new Map([['T@0', 0], ['T@1', 0]]);
  const s = service(max, clock);
  const expiring = held(0, 0, 1000);
  const waiting = held(0, 0, 30_000);
  const grown = held(0, 0, 30_000);
  const gone = held(0, 0, 1000);
  s.suspendPullRequest('T', 0, expiring);
  s.suspendPullRequest('T', 0, waiting);
  s.suspendPullRequest('T', 1, grown);
  s.suspendPullRequest('T', 1, gone);
  gone.open = false;
  clock.now = 999;
  s.checkHoldRequest();
  assert.deepEqual([expiring.woken, waiting.woken, grown.woken], [0, 0, 0]);
  clock.now = 1000;
  max.set('T@1', 1);
  s.checkHoldRequest();
  assert.deepEqual([expiring.woken, waiting.woken, grown.woken, gone.woken], [1, 0, 1, 0]);
  assert.equal(s.size, 1);
  s.stop();
  assert.equal(waiting.woken, 1, 'stopping answers what is still held');
});

test('the deadline timer answers a pull when its time is up, without waiting for the periodic check', async () => {
  const s = new PullRequestHoldService(() => 0, { checkIntervalMs: 60_000 });
  s.start();
  try {
    let resolve!: () => void;
    const done = new Promise<void>((r) => (resolve = r));
    const started = Date.now();
    s.suspendPullRequest('T', 0, {
      offset: 0,
      filter: null,
      suspendedAt: started,
      timeoutMs: 80,
      alive: () => true,
      wake: () => resolve(),
    });
    await withTimeout(done, 5000, 'the deadline wake-up');
    assert.ok(Date.now() - started >= 75, 'not before its time');
  } finally {
    s.stop();
  }
});
