// Client tables with a fake clock and fake connections: heartbeats register producers and
// consumers, a change in a group's members or subscriptions is announced to the group, a closed
// connection leaves at once, the housekeeping scan drops clients silent for 120 s; and the
// queue locks of orderly consumers expire after 60 s.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RemotingCommand } from '../../../src/remoting/command.js';
import { buildSubscriptionData } from '../../../src/remoting/protocol/subscription.js';
import { type ClientChannel, clientChannelInfo } from '../../../src/broker/client/client-channel.js';
import { ClientHousekeepingService } from '../../../src/broker/client/client-housekeeping.js';
import { type ConsumerGroupEvent, ConsumerManager } from '../../../src/broker/client/consumer-manager.js';
import { ProducerManager } from '../../../src/broker/client/producer-manager.js';
import { RebalanceLockManager } from '../../../src/broker/client/rebalance-lock-manager.js';
import { notifyConsumerIdsChanged } from '../../../src/broker/client/broker2client.js';

class FakeChannel implements ClientChannel {
  isOpen = true;
  readonly sent: RemotingCommand[] = [];
  constructor(readonly remoteAddress: string) {}
  close(): void {
    this.isOpen = false;
  }
  invokeOneway(request: RemotingCommand): void {
    this.sent.push(request);
  }
  invoke(): Promise<RemotingCommand> {
    return Promise.reject(new Error('not used'));
  }
}

const sub = (topic: string, expr = '*', version = 1) => buildSubscriptionData(topic, expr, 'TAG', version);

function setup() {
  const clock = { now: 1_000_000 };
  const events: Array<[ConsumerGroupEvent, string, string[]]> = [];
  const consumers = new ConsumerManager((e, g, chs) => events.push([e, g, chs.map((c) => c.remoteAddress)]), () => clock.now);
  const producers = new ProducerManager(() => clock.now);
  const hk = new ClientHousekeepingService(producers, consumers, { scanIntervalMs: 10_000, channelExpiredTimeoutMs: 120_000 });
  const reg = (g: string, ch: FakeChannel, subs = [sub('T')]) =>
    consumers.registerConsumer(g, clientChannelInfo(ch, `id-${ch.remoteAddress}`, 'JAVA', 409, clock.now), {
      consumeType: 'CONSUME_PASSIVELY',
      messageModel: 'CLUSTERING',
      consumeFromWhere: 'CONSUME_FROM_LAST_OFFSET',
      subscriptions: subs,
    }, true);
  return { clock, events, consumers, producers, hk, reg };
}

test('heartbeats register members; joins and subscription changes are announced to the whole group', () => {
  const { events, consumers, reg } = setup();
  const a = new FakeChannel('a:1');
  const b = new FakeChannel('b:1');
  assert.equal(reg('g', a), true);
  assert.deepEqual(events.filter((e) => e[0] === 'CHANGE'), [['CHANGE', 'g', ['a:1']]]);
  events.length = 0;
  assert.equal(reg('g', a), false, 'a repeated heartbeat changes nothing');
  assert.deepEqual(events.filter((e) => e[0] === 'CHANGE'), []);
  assert.equal(reg('g', b), true);
  assert.deepEqual(events.filter((e) => e[0] === 'CHANGE'), [['CHANGE', 'g', ['a:1', 'b:1']]]);
  events.length = 0;
  assert.equal(reg('g', b, [sub('T'), sub('U')]), true, 'a new topic');
  assert.equal(reg('g', b, [sub('T', 'TagA', 2), sub('U')]), false, 'a newer version of a topic replaces it quietly');
  assert.equal(consumers.findSubscriptionData('g', 'T')!.subString, 'TagA');
  assert.equal(reg('g', b, [sub('T', 'TagA', 2)]), true, 'a dropped topic');
  assert.deepEqual(consumers.getConsumerGroupInfo('g')!.allClientIds(), ['id-a:1', 'id-b:1']);
  assert.deepEqual(consumers.queryTopicConsumeByWho('T'), new Set(['g']));
});

test('every heartbeat announces REGISTER with the subscriptions it carried', () => {
  const seen: Array<[string, string[]]> = [];
  const consumers = new ConsumerManager((e, g, _chs, subs) => {
    if (e === 'REGISTER') seen.push([g, (subs ?? []).map((s) => `${s.topic}:${s.subString}`)]);
  });
  const info = clientChannelInfo(new FakeChannel('a:1'), 'id-a', 'JAVA', 409, 0);
  const reg = { subscriptions: [sub('T', 'TagA'), buildSubscriptionData('U', 'a > 1', 'SQL92', 1)] };
  consumers.registerConsumer('g', info, reg, true);
  consumers.registerConsumer('g', info, reg, true);
  assert.deepEqual(seen, [['g', ['T:TagA', 'U:a > 1']], ['g', ['T:TagA', 'U:a > 1']]], 'a repeated heartbeat too');
});

test('a closed connection leaves its groups at once and the rest of the group hears of it', () => {
  const { events, consumers, producers, hk, reg, clock } = setup();
  const a = new FakeChannel('a:1');
  const b = new FakeChannel('b:1');
  reg('g', a);
  reg('g', b);
  producers.registerProducer('pg', clientChannelInfo(a, 'id-a', 'JAVA', 409, clock.now));
  events.length = 0;
  hk.onChannelClose(a);
  assert.deepEqual(events, [['CHANGE', 'g', ['b:1']]]);
  assert.equal(producers.groupChannelTable.has('pg'), false);
  events.length = 0;
  hk.onChannelClose(b);
  assert.deepEqual(events, [['UNREGISTER', 'g', []], ['CHANGE', 'g', []]]);
  assert.equal(consumers.getConsumerGroupInfo('g'), undefined);
});

test('the housekeeping scan drops (and closes) clients silent for longer than 120 s', () => {
  const { consumers, producers, hk, reg, clock, events } = setup();
  const a = new FakeChannel('a:1');
  const b = new FakeChannel('b:1');
  reg('g', a);
  reg('g', b);
  producers.registerProducer('pg', clientChannelInfo(a, 'id-a', 'JAVA', 409, clock.now));
  clock.now += 60_000;
  reg('g', b);
  producers.registerProducer('pg', clientChannelInfo(a, 'id-a', 'JAVA', 409, clock.now));
  clock.now += 60_001;
  hk.scan();
  assert.equal(a.isOpen, false, 'a expired and was closed');
  assert.deepEqual(consumers.getConsumerGroupInfo('g')!.allClientIds(), ['id-b:1']);
  assert.ok(producers.groupChannelTable.has('pg'), 'the producer heartbeat refreshed it');
  clock.now += 120_001;
  events.length = 0;
  hk.scan();
  assert.equal(consumers.getConsumerGroupInfo('g'), undefined);
  assert.deepEqual(events, [['UNREGISTER', 'g', []]], 'a group whose last member expired is unregistered (its SQL92 filters die)');
  assert.equal(producers.groupChannelTable.size, 0);
  assert.equal(b.isOpen, false);
});

test('NOTIFY_CONSUMER_IDS_CHANGED goes oneway to every open member with the group', () => {
  const a = new FakeChannel('a:1');
  const b = new FakeChannel('b:1');
  b.isOpen = false;
  notifyConsumerIdsChanged([a, b], 'g1');
  assert.equal(a.sent.length, 1);
  assert.equal(a.sent[0]!.code, 40);
  assert.deepEqual(a.sent[0]!.extFields, { consumerGroup: 'g1' });
  assert.equal(b.sent.length, 0);
});

test('queue locks: held by one client, renewed by asking again, taken over after 60 s, released by their holder only', () => {
  const clock = { now: 0 };
  const m = new RebalanceLockManager(() => clock.now);
  const q0 = { topic: 'T', brokerName: 'b', queueId: 0 };
  const q1 = { topic: 'T', brokerName: 'b', queueId: 1 };
  assert.deepEqual(m.tryLockBatch('g', [q0, q1], 'c1'), [q0, q1]);
  assert.deepEqual(m.tryLockBatch('g', [q0, q1], 'c2'), []);
  assert.deepEqual(m.tryLockBatch('other', [q0], 'c2'), [q0], 'locks are per group');
  clock.now = 50_000;
  assert.ok(m.tryLock('g', q0, 'c1'), 'renewed');
  clock.now = 60_001;
  assert.deepEqual(m.tryLockBatch('g', [q0, q1], 'c2'), [q1], 'q1 expired, q0 was renewed');
  m.unlockBatch('g', [q0], 'c2');
  assert.equal(m.holder('g', q0), 'c1', 'only the holder unlocks');
  m.unlockBatch('g', [q0], 'c1');
  assert.equal(m.holder('g', q0), undefined);
  assert.ok(m.tryLock('g', q0, 'c2'));
});
