// RocketMQ 5's ConsumerLagCalculator for push and pull consumers (no POP here): for every
// subscription group with online consumers, every topic they subscribe to (not retry topics, not
// topics without permission), summed over the topic's write queues:
//   lag        broker max offset - committed offset (a queue never committed: no lag)
//   inflight   pull offset - committed offset (pulled, not yet acknowledged)
//   ready      broker max offset - pull offset (stored, not yet pulled)
// with the store time of the oldest message not consumed / not pulled, for the latency gauges.
// The pull offset is where the group's last found pull of the queue ended; before any, the
// committed offset. Counts are exact: no tag-filter estimate (5.x's estimateAccumulation).

import { RETRY_GROUP_TOPIC_PREFIX } from '../../common/message/message-const.js';
import { isReadable, isWriteable } from '../../remoting/protocol/topic-config.js';
import type { BrokerContext } from '../broker-context.js';

export interface LagRow {
  group: string;
  topic: string;
  lag: number;
  /** Store time of the oldest unconsumed message, 0 when none. */
  earliestUnconsumed: number;
  inflight: number;
  /** Store time of the oldest message not pulled yet, 0 when none. */
  earliestUnpulled: number;
  ready: number;
}

type LagSources = Pick<
  BrokerContext,
  'brokerConfig' | 'topicConfigManager' | 'subscriptionGroupManager' | 'consumerManager' | 'consumerOffsetManager' | 'store' | 'stats'
>;

export async function consumerLag(b: LagSources): Promise<LagRow[]> {
  const rows: LagRow[] = [];
  const storeTime = async (topic: string, queueId: number, offset: number): Promise<number> => {
    if (offset < 0) return Number.MAX_SAFE_INTEGER;
    const t = await b.store.getMessageStoreTimeStamp(topic, queueId, offset);
    return t > 0 ? t : Number.MAX_SAFE_INTEGER;
  };
  for (const group of b.subscriptionGroupManager.table.keys()) {
    const cgi = b.consumerManager.getConsumerGroupInfo(group);
    if (!cgi) continue;
    for (const topic of cgi.subscriptionTable.keys()) {
      if (topic.startsWith(RETRY_GROUP_TOPIC_PREFIX)) continue;
      const tc = b.topicConfigManager.selectTopicConfig(topic);
      if (!tc) continue;
      const perm = tc.perm & b.brokerConfig.brokerPermission;
      if (!isReadable(perm) && !isWriteable(perm)) continue;
      const pulled = b.stats.findGroupGet(topic, group)?.pullOffsets ?? [];
      const row: LagRow = { group, topic, lag: 0, earliestUnconsumed: 0, inflight: 0, earliestUnpulled: 0, ready: 0 };
      let unconsumed = Number.MAX_SAFE_INTEGER;
      let unpulled = Number.MAX_SAFE_INTEGER;
      for (let q = 0; q < tc.writeQueueNums; q++) {
        const max = Math.max(0, b.store.getMaxOffsetInQueue(topic, q));
        const committed = b.consumerOffsetManager.queryOffset(group, topic, q);
        const consumer = committed < 0 ? max : committed;
        const pull = pulled[q] ?? (committed < 0 ? max : committed);
        row.lag += Math.max(0, max - consumer);
        row.inflight += Math.max(0, pull - consumer);
        row.ready += Math.max(0, max - pull);
        if (consumer < max) unconsumed = Math.min(unconsumed, await storeTime(topic, q, consumer));
        if (pull < max) unpulled = Math.min(unpulled, await storeTime(topic, q, pull));
      }
      row.earliestUnconsumed = unconsumed === Number.MAX_SAFE_INTEGER ? 0 : unconsumed;
      row.earliestUnpulled = unpulled === Number.MAX_SAFE_INTEGER ? 0 : unpulled;
      rows.push(row);
    }
  }
  return rows;
}
