// Committed consumer offsets (Java's ConsumerOffsetManager): "topic@group" -> queueId -> offset,
// kept in memory, written to consumerOffset.json on a timer and at shutdown in Java's format
// (unquoted integer keys), and read back from Java-written files.

import path from 'node:path';
import { getLogger } from '../../common/logger.js';
import { stringifyFastjson } from '../../remoting/fastjson.js';
import {
  type ConsumerOffsetTable,
  consumerOffsetTableToJson,
  decodeConsumerOffsetTable,
  splitTopicGroupKey,
  topicGroupKey,
} from '../../remoting/protocol/consumer-offset.js';
import { ConfigFile } from '../persist/config-file.js';

const log = getLogger('broker');

export class ConsumerOffsetManager {
  table: ConsumerOffsetTable = new Map();
  readonly configFile: ConfigFile;

  constructor(storeRoot: string) {
    this.configFile = new ConfigFile(path.join(storeRoot, 'config', 'consumerOffset.json'), () => this.encode(true));
  }

  load(): void {
    const text = this.configFile.loadText();
    if (text !== null) this.table = decodeConsumerOffsetTable(text);
  }

  /** The table as JSON, pretty as on disk or compact as GET_ALL_CONSUMER_OFFSET sends it. */
  encode(pretty = false): string {
    return stringifyFastjson(consumerOffsetTableToJson(this.table), { pretty });
  }

  commitOffset(clientHost: string, group: string, topic: string, queueId: number, offset: number): void {
    const key = topicGroupKey(topic, group);
    let m = this.table.get(key);
    if (!m) this.table.set(key, m = new Map());
    const prev = m.get(queueId);
    m.set(queueId, offset);
    if (prev !== undefined && offset < prev) {
      log.debug('consumer offset moved back', { clientHost, key, queueId, offset, prev });
    }
  }

  /** The committed offset, or -1 when the group never committed on that queue. */
  queryOffset(group: string, topic: string, queueId: number): number {
    return this.table.get(topicGroupKey(topic, group))?.get(queueId) ?? -1;
  }

  /** All committed offsets of a group on a topic (queueId -> offset). */
  queryOffsets(group: string, topic: string): ReadonlyMap<number, number> | undefined {
    return this.table.get(topicGroupKey(topic, group));
  }

  private *pairs(): Generator<{ key: string; topic: string; group: string }> {
    for (const key of this.table.keys()) {
      let pair;
      try {
        pair = splitTopicGroupKey(key);
      } catch {
        continue;
      }
      yield { key, ...pair };
    }
  }

  whichTopicByConsumer(group: string): Set<string> {
    const out = new Set<string>();
    for (const p of this.pairs()) if (p.group === group) out.add(p.topic);
    return out;
  }

  whichGroupByTopic(topic: string): Set<string> {
    const out = new Set<string>();
    for (const p of this.pairs()) if (p.topic === topic) out.add(p.group);
    return out;
  }

  /** Forgets every offset of a group (DELETE_SUBSCRIPTIONGROUP with removeOffset). */
  removeOffset(group: string): void {
    for (const p of [...this.pairs()]) {
      if (p.group !== group) continue;
      this.table.delete(p.key);
      log.info('clean group offset', { key: p.key });
    }
  }

  /** Forgets every group's offsets on a topic (the topic was deleted). */
  removeTopic(topic: string): void {
    for (const p of [...this.pairs()]) if (p.topic === topic) this.table.delete(p.key);
  }

  cloneOffset(srcGroup: string, destGroup: string, topic: string): void {
    const m = this.table.get(topicGroupKey(topic, srcGroup));
    if (m) this.table.set(topicGroupKey(topic, destGroup), new Map(m));
  }

  /**
   * The smallest committed offset of each queue of `topic` over all groups but `filterGroups`
   * (comma-separated), counting only offsets still at or past the queue's minimum.
   */
  queryMinOffsetInAllGroup(
    topic: string,
    filterGroups: string | undefined,
    minOffsetInQueue: (queueId: number) => number,
  ): Map<number, number> {
    const skip = new Set((filterGroups ?? '').split(',').map((s) => s.trim()).filter(Boolean));
    const out = new Map<number, number>();
    for (const p of this.pairs()) {
      if (p.topic !== topic || skip.has(p.group)) continue;
      for (const [queueId, offset] of this.table.get(p.key)!) {
        if (offset < minOffsetInQueue(queueId)) continue;
        const cur = out.get(queueId);
        out.set(queueId, cur === undefined ? offset : Math.min(cur, offset));
      }
    }
    return out;
  }
}
