// The statistics arithmetic on an injected clock: Java's StatsItem snapshots (minute, hour and day
// sums, tps and avgpt), BrokerStatsManager's names, keys and sampling ticks, StoreStatsService's
// runtime-info figures (TPS triples, the minute's put-time distribution and percentiles) and
// BrokerStats' midnight totals.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StatsItem } from '../../../src/broker/stats/stats-item.js';
import { BrokerStatsManager, MessageType, SCHEDULE_CONSUMER_GROUP } from '../../../src/broker/stats/broker-stats-manager.js';
import { BrokerStats } from '../../../src/broker/stats/broker-stats.js';
import { latencyPercentile, StoreStats } from '../../../src/store/store-stats.js';

test('StatsItem: a minute from 10-second samples, an hour from 10-minute ones, a day from hourly ones', () => {
  const it = new StatsItem('TOPIC_PUT_NUMS', 'T');
  let now = 1_000_000;
  assert.deepEqual(it.inMinute(), { sum: 0, tps: 0, avgpt: 0, times: 0 });
  it.add(30, 3);
  it.samplingInSeconds(now);
  // The first sample is preceded by a zero one 10 s earlier.
  assert.deepEqual(it.inMinute(), { sum: 30, tps: 3, avgpt: 10, times: 3 });
  for (let i = 0; i < 5; i++) {
    now += 10_000;
    it.add(60, 2);
    it.samplingInSeconds(now);
  }
  // Seven samples, 60 s from the zero one: sum 30 + 5 * 60.
  assert.deepEqual(it.inMinute(), { sum: 330, tps: 5.5, avgpt: 330 / 13, times: 13 });
  now += 10_000;
  it.add(60, 2);
  it.samplingInSeconds(now);
  // The zero sample is gone; the oldest kept is the first real one (value 30).
  assert.deepEqual(it.inMinute(), { sum: 360, tps: 6, avgpt: 30, times: 12 });

  it.samplingInMinutes(now);
  assert.deepEqual(it.inHour(), { sum: 390, tps: 0.65, avgpt: 26, times: 15 });
  it.samplingInHour(now);
  assert.equal(it.inDay().sum, 390);
  assert.equal(it.inDay().tps, 390 / 3600);
});

test('BrokerStatsManager: Java names and keys, 10 s ticks with minute and hour samples on their ticks', () => {
  let now = 5_000_000;
  const m = new BrokerStatsManager('C1', true, () => now);
  const t = m.topicPut('T1');
  t.put(1, 200, MessageType.NORMAL);
  t.put(4, 800, MessageType.DELAY);
  m.topicPut('%RETRY%G1').put(1, 150, MessageType.NORMAL);
  const g = m.groupGet('T1', 'G1');
  g.got(3, 600);
  g.latency(2, 7);
  g.latency(2, 3);
  m.incSendBackNums('G1', 'T1');
  m.tick();

  const view = (name: string, key: string) => m.getStatsItem(name, key)?.inMinute();
  assert.deepEqual(view('TOPIC_PUT_NUMS', 'T1'), { sum: 5, tps: 0.5, avgpt: 2.5, times: 2 });
  assert.deepEqual(view('TOPIC_PUT_SIZE', 'T1'), { sum: 1000, tps: 100, avgpt: 500, times: 2 });
  // BROKER_* add values only, as Java's incBrokerPutNums does.
  assert.deepEqual(view('BROKER_PUT_NUMS', 'C1'), { sum: 6, tps: 0.6, avgpt: 0, times: 0 });
  assert.deepEqual(view('GROUP_GET_NUMS', 'T1@G1'), { sum: 3, tps: 0.3, avgpt: 3, times: 1 });
  assert.equal(view('BROKER_GET_NUMS', 'C1')!.sum, 3);
  // enableDetailStat: latency per queue, keyed queueId@topic@group; avgpt is the mean time.
  assert.equal(view('GROUP_GET_LATENCY', '2@T1@G1')!.avgpt, 5);
  assert.equal(view('SNDBCK_PUT_NUMS', 'T1@G1')!.sum, 1);
  assert.equal(m.getStatsItem('TOPIC_PUT_NUMS', 'nope'), undefined);
  assert.equal(m.getStatsItem('NO_SUCH_STATS', 'T1'), undefined);
  assert.equal(m.tpsGroupGetNums('G1', 'T1'), 0.3);
  // RocketMQ 5's counters: by message type, without retry and DLQ topics.
  assert.deepEqual(t.inMessages, [1, 0, 4, 0]);
  assert.deepEqual(t.inBytes, [200, 0, 800, 0]);
  assert.equal(t.sizes[MessageType.DELAY]!.count, 1);
  assert.equal(t.sizes[MessageType.DELAY]!.sum, 200);
  assert.deepEqual(m.topicPut('%RETRY%G1').inMessages, [0, 0, 0, 0]);
  assert.equal(g.outMessages, 3);

  // The hour list is sampled on ticks 0, 60, 120...: after 59 more ticks it still has one sample.
  for (let i = 0; i < 59; i++) {
    now += 10_000;
    m.tick();
  }
  assert.equal(m.getStatsItem('TOPIC_PUT_NUMS', 'T1')!.inHour().sum, 5);
  t.put(2, 10, MessageType.NORMAL);
  now += 10_000;
  m.tick();
  const hour = m.getStatsItem('TOPIC_PUT_NUMS', 'T1')!.inHour();
  assert.equal(hour.sum, 7);
  // From the zero sample 10 minutes before the first tick to the 61st tick.
  assert.equal(hour.tps, 7000 / 1_200_000);

  m.onScheduleDelivered(3, 'T2', 1, 100);
  assert.equal(m.getStatsItem('QUEUE_GET_NUMS', 'SCHEDULE_TOPIC_XXXX@2@' + SCHEDULE_CONSUMER_GROUP)!.value, 1);
  assert.equal(m.getStatsItem('TOPIC_PUT_NUMS', 'T2')!.value, 1);
  assert.deepEqual(m.topicPut('T2').inMessages, [0, 0, 0, 0]);

  m.onGroupDeleted('G1');
  assert.equal(m.getStatsItem('GROUP_GET_NUMS', 'T1@G1'), undefined);
  assert.equal(m.getStatsItem('GROUP_GET_LATENCY', '2@T1@G1'), undefined);
  m.onTopicDeleted('T1');
  assert.equal(m.getStatsItem('TOPIC_PUT_NUMS', 'T1'), undefined);
  assert.notEqual(m.topicPut('T1'), t);
});

test('BrokerStatsManager without detail stats: no queue items, latency keyed topic@group', () => {
  const m = new BrokerStatsManager('C1', false, () => 0);
  m.groupGet('T', 'G').latency(5, 9);
  m.incQueuePutNums('T', 0, 1, 1);
  m.tick();
  assert.equal(m.getStatsItem('GROUP_GET_LATENCY', 'T@G')!.value, 9);
  assert.equal(m.getStatsItem('QUEUE_PUT_NUMS', 'T@0'), undefined);
});

test('StoreStats: TPS triples in Java double text, the last minute of put times, percentiles', () => {
  let now = 0;
  const s = new StoreStats(() => now);
  const counter = s.topicCounter('T');
  s.sample();
  let info = s.runtimeInfo();
  assert.equal(info.get('putTps'), '  ');
  assert.equal(info.get('getTotalTps'), '0.0 0.0 0.0');
  assert.equal(info.get('putMessageDistributeTime'), 'null');
  assert.equal(info.get('putLatency99'), '0.00');
  for (let i = 1; i <= 11; i++) {
    now = i * 1000;
    counter.times += 7;
    s.recordGet(true, 3, 1);
    s.sample();
  }
  info = s.runtimeInfo();
  assert.equal(info.get('putTps'), '7.0  ');
  assert.equal(info.get('getFoundTps'), '1.0  ');
  assert.equal(info.get('getTransferedTps'), '3.0  ');
  assert.equal(info.get('getTotalTps'), '1.0 0.0 0.0');

  for (const ms of [0, 5, 9, 10, 49, 50, 10_000]) s.recordPutLatency(ms, true);
  s.recordPutLatency(3, false);
  assert.equal(s.runtimeInfo().get('putMessageDistributeTime'), 'null');
  now = 61_001;
  s.sample();
  info = s.runtimeInfo();
  assert.equal(
    info.get('putMessageDistributeTime'),
    '[<=0ms]:1 [0~10ms]:3 [10~50ms]:2 [50~100ms]:1 [100~200ms]:0 [200~500ms]:0 [500ms~1s]:0 [1~2s]:0 [2~3s]:0 [3~4s]:0 [4~5s]:0 [5~10s]:0 [10s~]:1 ',
  );
  assert.equal(info.get('putMessageFailedTimes'), '1');
  assert.equal(info.get('putMessageEntireTimeMax'), '10000');
  // 8 put times: index floor(8 * 0.99) = 7 lands in (48, 50], which holds the 6th and 7th.
  assert.equal(info.get('putLatency99'), '50.00');
  // Linear inside a bucket: 10 observations of 1 ms, the 5th of them at half the bucket.
  const counts = new Float64Array(76);
  counts[0] = 10;
  assert.equal(latencyPercentile(counts, 0.5), 0.5);
  counts[0] = 0;
  counts[36] = 4; // (55, 60]
  assert.equal(latencyPercentile(counts, 0.5), 57.5);
});

test('BrokerStats: the store totals at this and the previous midnight', () => {
  const totals = { putMessageTimesTotal: 10, getMessageTransferedMsgCount: 4 };
  const day0 = new Date(2024, 0, 10, 12).getTime();
  let now = day0;
  const bs = new BrokerStats(() => totals, () => now);
  assert.equal(bs.runtimeInfo().get('msgPutTotalTodayNow'), '10');
  assert.equal(bs.runtimeInfo().get('msgPutTotalTodayMorning'), '0');
  now = new Date(2024, 0, 11, 1).getTime();
  totals.putMessageTimesTotal = 25;
  bs.rollDay();
  totals.putMessageTimesTotal = 30;
  totals.getMessageTransferedMsgCount = 9;
  const info = bs.runtimeInfo();
  assert.equal(info.get('msgPutTotalYesterdayMorning'), '0');
  assert.equal(info.get('msgPutTotalTodayMorning'), '25');
  assert.equal(info.get('msgPutTotalTodayNow'), '30');
  assert.equal(info.get('msgGetTotalTodayMorning'), '4');
  assert.equal(info.get('msgGetTotalTodayNow'), '9');
});
