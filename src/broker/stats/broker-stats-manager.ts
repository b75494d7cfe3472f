// Java's BrokerStatsManager: every statistic the broker keeps, by Java's names and keys, sampled on
// the minute/hour/day clocks of stats-item.ts and read by VIEW_BROKER_STATS_DATA, GET_CONSUME_STATS
// (consumeTps) and the Prometheus exporter. What is counted where follows 4.9.8:
//   send           TOPIC_PUT_NUMS/SIZE (per request: value = messages or bytes, times = 1),
//                  BROKER_PUT_NUMS (value only); QUEUE_PUT_* for SCHEDULE_TOPIC_XXXX
//   pull found     GROUP_GET_NUMS/SIZE, BROKER_GET_NUMS, GROUP_GET_LATENCY (ms per pull)
//   send back      SNDBCK_PUT_NUMS "originTopic@group"; a delayed retry counts a put of SCHEDULE_TOPIC_XXXX
//   delay delivery QUEUE_GET_*, GROUP_GET_* for SCHEDULE_CONSUMER on SCHEDULE_TOPIC_XXXX, a put of the real topic
// The send and pull paths look their counters up once per request (TopicPutStats, GroupGetStats) and
// add to them; the same objects carry RocketMQ 5's per-topic and per-group metric counters.

import { DLQ_GROUP_TOPIC_PREFIX, RETRY_GROUP_TOPIC_PREFIX, SystemTopic } from '../../common/message/message-const.js';
import { BucketCounts, MESSAGE_SIZE_BUCKETS } from '../../common/prometheus/bucket-counts.js';
import { BrokerStatsName } from '../../remoting/protocol/broker-admin.js';
import { type StatsItem, StatsItemSet } from './stats-item.js';

/** MixAll.SCHEDULE_CONSUMER_GROUP: the group delayed deliveries are counted under. */
export const SCHEDULE_CONSUMER_GROUP = 'SCHEDULE_CONSUMER';

/** RocketMQ 5's message_type label values (TopicMessageType.getMetricsValue), by index. */
export const MESSAGE_TYPES = ['normal', 'fifo', 'delay', 'transaction'] as const;
export const MessageType = { NORMAL: 0, FIFO: 1, DELAY: 2, TRANSACTION: 3 } as const;

const SAMPLE_MS = 10_000;
/** Ticks of SAMPLE_MS per 10-minute and per hourly sample. */
const TICKS_PER_10_MIN = 60;
const TICKS_PER_HOUR = 360;

function isRetryOrDlq(topic: string): boolean {
  return topic.startsWith(RETRY_GROUP_TOPIC_PREFIX) || topic.startsWith(DLQ_GROUP_TOPIC_PREFIX);
}

/** The put counters of one topic, as the send path holds them for a request. */
export class TopicPutStats {
  /** rocketmq_messages_in_total and rocketmq_throughput_in_total by message type (retry and DLQ topics: none, as in 5.x). */
  readonly inMessages = [0, 0, 0, 0];
  readonly inBytes = [0, 0, 0, 0];
  /** rocketmq_message_size by message type, made on first use. */
  readonly sizes: Array<BucketCounts | undefined> = [undefined, undefined, undefined, undefined];
  private readonly metered: boolean;

  constructor(readonly topic: string, readonly nums: StatsItem, readonly size: StatsItem, private readonly broker: StatsItem) {
    this.metered = !isRetryOrDlq(topic);
  }

  /** One stored request of `msgNum` messages taking `bytes` in the commit log. */
  put(msgNum: number, bytes: number, type: number): void {
    this.nums.value += msgNum;
    this.nums.times++;
    this.size.value += bytes;
    this.size.times++;
    this.broker.value += msgNum;
    if (!this.metered) return;
    this.inMessages[type]! += msgNum;
    this.inBytes[type]! += bytes;
    (this.sizes[type] ??= new BucketCounts(MESSAGE_SIZE_BUCKETS)).observe(bytes / msgNum);
  }
}

/** The get counters of one group on one topic, as the pull path holds them for a request. */
export class GroupGetStats {
  /** rocketmq_messages_out_total and rocketmq_throughput_out_total (pulls and delayed deliveries, not retry or DLQ topics). */
  outMessages = 0;
  outBytes = 0;
  /** Where each queue's last found pull ended (5.x's pull offset, behind rocketmq_consumer_inflight_messages). */
  readonly pullOffsets: number[] = [];
  private readonly latencyByQueue: StatsItem[] = [];
  private readonly metered: boolean;

  constructor(
    readonly topic: string,
    readonly group: string,
    readonly nums: StatsItem,
    readonly size: StatsItem,
    private readonly broker: StatsItem,
    private readonly latencySet: StatsItemSet,
    private readonly perQueue: boolean,
  ) {
    this.metered = !isRetryOrDlq(topic);
  }

  /** A pull (or delivery) that found `msgNum` messages of `bytes`; `metered` false keeps it out of the 5.x metrics. */
  got(msgNum: number, bytes: number, metered = true): void {
    this.nums.value += msgNum;
    this.nums.times++;
    this.size.value += bytes;
    this.size.times++;
    this.broker.value += msgNum;
    if (!this.metered || !metered) return;
    this.outMessages += msgNum;
    this.outBytes += bytes;
  }

  /** GROUP_GET_LATENCY: how long a found pull took, per queue with enableDetailStat (as Java keys it). */
  latency(queueId: number, ms: number): void {
    const q = this.perQueue ? queueId : 0;
    let item = this.latencyByQueue[q];
    if (!item) {
      const key = this.perQueue ? `${queueId}@${this.topic}@${this.group}` : `${this.topic}@${this.group}`;
      item = this.latencyByQueue[q] = this.latencySet.getAndCreate(key);
    }
    item.value += ms;
    item.times++;
  }
}

export class BrokerStatsManager {
  private readonly table = new Map<string, StatsItemSet>();
  private readonly topicPuts = new Map<string, TopicPutStats>();
  private readonly groupGets = new Map<string, Map<string, GroupGetStats>>();
  /** rocketmq_send_to_dlq_messages_total by group, then topic. */
  readonly sentToDlq = new Map<string, Map<string, number>>();
  /** rocketmq_commit_messages_total and rocketmq_rollback_messages_total by real topic. */
  readonly committed = new Map<string, number>();
  readonly rolledBack = new Map<string, number>();
  private readonly brokerPut: StatsItem;
  private readonly brokerGet: StatsItem;
  private timer: ReturnType<typeof setInterval> | null = null;
  private ticks = 0;

  constructor(
    clusterName: string,
    private readonly enableQueueStat: boolean,
    private readonly now: () => number = Date.now,
  ) {
    for (const name of Object.values(BrokerStatsName)) {
      const queue = name.startsWith('QUEUE_');
      // GROUP_GET_FALL_* are Java's moment items, not sets VIEW_BROKER_STATS_DATA can read.
      if ((queue && !enableQueueStat) || name.startsWith('GROUP_GET_FALL_')) continue;
      this.table.set(name, new StatsItemSet(name));
    }
    this.brokerPut = this.set(BrokerStatsName.BROKER_PUT_NUMS).getAndCreate(clusterName);
    this.brokerGet = this.set(BrokerStatsName.BROKER_GET_NUMS).getAndCreate(clusterName);
  }

  private set(name: string): StatsItemSet {
    return this.table.get(name)!;
  }

  /** Samples every 10 s (and every 10 min and hour), the first time now, as Java's executors do. */
  start(): void {
    if (this.timer) return;
    this.tick();
    this.timer = setInterval(() => this.tick(), SAMPLE_MS);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One 10-second tick of the sampling clocks (tests drive it with their own clock). */
  tick(): void {
    const now = this.now();
    const minutes = this.ticks % TICKS_PER_10_MIN === 0;
    const hour = this.ticks % TICKS_PER_HOUR === 0;
    this.ticks++;
    for (const s of this.table.values()) {
      s.samplingInSeconds(now);
      if (minutes) s.samplingInMinutes(now);
      if (hour) s.samplingInHour(now);
    }
  }

  /** The item VIEW_BROKER_STATS_DATA reads, or undefined (unknown name or key). */
  getStatsItem(statsName: string, statsKey: string): StatsItem | undefined {
    return this.table.get(statsName)?.get(statsKey);
  }

  /** The items of one statistic (the exporter walks them). */
  items(statsName: string): ReadonlyMap<string, StatsItem> {
    return this.table.get(statsName)?.items ?? new Map();
  }

  /** The put counters of the topic a request stored its messages under. */
  topicPut(topic: string): TopicPutStats {
    let t = this.topicPuts.get(topic);
    if (!t) {
      t = new TopicPutStats(
        topic,
        this.set(BrokerStatsName.TOPIC_PUT_NUMS).getAndCreate(topic),
        this.set(BrokerStatsName.TOPIC_PUT_SIZE).getAndCreate(topic),
        this.brokerPut,
      );
      this.topicPuts.set(topic, t);
    }
    return t;
  }

  /** The get counters of a group on a topic. */
  groupGet(topic: string, group: string): GroupGetStats {
    let byGroup = this.groupGets.get(topic);
    if (!byGroup) this.groupGets.set(topic, byGroup = new Map());
    let g = byGroup.get(group);
    if (!g) {
      const key = `${topic}@${group}`;
      g = new GroupGetStats(
        topic,
        group,
        this.set(BrokerStatsName.GROUP_GET_NUMS).getAndCreate(key),
        this.set(BrokerStatsName.GROUP_GET_SIZE).getAndCreate(key),
        this.brokerGet,
        this.set(BrokerStatsName.GROUP_GET_LATENCY),
        this.enableQueueStat,
      );
      byGroup.set(group, g);
    }
    return g;
  }

  /** The get counters of a group on a topic if it ever got something (no side effect). */
  findGroupGet(topic: string, group: string): GroupGetStats | undefined {
    return this.groupGets.get(topic)?.get(group);
  }

  topicPutStats(): IterableIterator<TopicPutStats> {
    return this.topicPuts.values();
  }

  *groupGetStats(): IterableIterator<GroupGetStats> {
    for (const byGroup of this.groupGets.values()) yield* byGroup.values();
  }

  incQueuePutNums(topic: string, queueId: number, num: number, times: number): void {
    this.table.get(BrokerStatsName.QUEUE_PUT_NUMS)?.addValue(`${topic}@${queueId}`, num, times);
  }

  incQueuePutSize(topic: string, queueId: number, size: number): void {
    this.table.get(BrokerStatsName.QUEUE_PUT_SIZE)?.addValue(`${topic}@${queueId}`, size, 1);
  }

  incQueueGetNums(group: string, topic: string, queueId: number, num: number): void {
    this.table.get(BrokerStatsName.QUEUE_GET_NUMS)?.addValue(`${topic}@${queueId}@${group}`, num, 1);
  }

  incQueueGetSize(group: string, topic: string, queueId: number, size: number): void {
    this.table.get(BrokerStatsName.QUEUE_GET_SIZE)?.addValue(`${topic}@${queueId}@${group}`, size, 1);
  }

  /** A consumer gave a message of `topic` back (SNDBCK_PUT_NUMS "topic@group"). */
  incSendBackNums(group: string, topic: string): void {
    this.set(BrokerStatsName.SNDBCK_PUT_NUMS).addValue(`${topic}@${group}`, 1, 1);
  }

  /** A message of a group went to its DLQ (RocketMQ 5's rocketmq_send_to_dlq_messages_total). */
  incSendToDlq(group: string, topic: string): void {
    let byTopic = this.sentToDlq.get(group);
    if (!byTopic) this.sentToDlq.set(group, byTopic = new Map());
    byTopic.set(topic, (byTopic.get(topic) ?? 0) + 1);
  }

  /** A producer settled a half message of `topic` (END_TRANSACTION). */
  incTransactionEnded(topic: string, commit: boolean): void {
    const m = commit ? this.committed : this.rolledBack;
    m.set(topic, (m.get(topic) ?? 0) + 1);
  }

  /** A delayed message of `level` was delivered to `topic` (ScheduleMessageService's onSuccess). */
  onScheduleDelivered(level: number, topic: string, msgNum: number, bytes: number): void {
    this.incQueueGetNums(SCHEDULE_CONSUMER_GROUP, SystemTopic.SCHEDULE, level - 1, msgNum);
    this.incQueueGetSize(SCHEDULE_CONSUMER_GROUP, SystemTopic.SCHEDULE, level - 1, bytes);
    this.groupGet(SystemTopic.SCHEDULE, SCHEDULE_CONSUMER_GROUP).got(msgNum, bytes);
    const t = this.topicPut(topic);
    t.nums.add(msgNum, 1);
    t.size.add(bytes, 1);
    this.brokerPut.value += msgNum;
  }

  /** Messages per second a group got from a topic over the last minute (GET_CONSUME_STATS' consumeTps). */
  tpsGroupGetNums(group: string, topic: string): number {
    return this.set(BrokerStatsName.GROUP_GET_NUMS).get(`${topic}@${group}`)?.inMinute().tps ?? 0;
  }

  /** A topic was deleted: its items go, as in Java's onTopicDeleted. */
  onTopicDeleted(topic: string): void {
    this.set(BrokerStatsName.TOPIC_PUT_NUMS).delValue(topic);
    this.set(BrokerStatsName.TOPIC_PUT_SIZE).delValue(topic);
    for (const name of [BrokerStatsName.QUEUE_PUT_NUMS, BrokerStatsName.QUEUE_PUT_SIZE]) {
      this.table.get(name)?.delValueByPrefixKey(topic, '@');
    }
    for (const name of [BrokerStatsName.GROUP_GET_NUMS, BrokerStatsName.GROUP_GET_SIZE, BrokerStatsName.SNDBCK_PUT_NUMS]) {
      this.set(name).delValueByPrefixKey(topic, '@');
    }
    for (const name of [BrokerStatsName.QUEUE_GET_NUMS, BrokerStatsName.QUEUE_GET_SIZE]) {
      this.table.get(name)?.delValueByPrefixKey(topic, '@');
    }
    this.set(BrokerStatsName.GROUP_GET_LATENCY).delValueByInfixKey(topic, '@');
    this.topicPuts.delete(topic);
    this.groupGets.delete(topic);
  }

  /** A subscription group was deleted: its items go, as in Java's onGroupDeleted. */
  onGroupDeleted(group: string): void {
    for (
      const name of [
        BrokerStatsName.GROUP_GET_NUMS,
        BrokerStatsName.GROUP_GET_SIZE,
        BrokerStatsName.QUEUE_GET_NUMS,
        BrokerStatsName.QUEUE_GET_SIZE,
        BrokerStatsName.SNDBCK_PUT_NUMS,
        BrokerStatsName.GROUP_GET_LATENCY,
      ]
    ) {
      this.table.get(name)?.delValueBySuffixKey(group, '@');
    }
    for (const byGroup of this.groupGets.values()) byGroup.delete(group);
    this.sentToDlq.delete(group);
  }
}
