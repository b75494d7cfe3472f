// SQL92 filter data of consumer groups (Java's ConsumerFilterManager and ConsumerFilterData): per
// topic and group, the expression a heartbeat registered, compiled once, with the client's
// subscription version, its birth and death times and its bloom filter positions. The pull path
// reads it to filter; the file <storePathRootDir>/config/consumerFilter.json keeps it as Java
// writes it (fastjson, sorted fields, "dead" included, compiled expression left out):
//   {"filterDataByTopic":{"<topic>":{"groupFilterData":{"<group>":{"bloomFilterData":
//    {"bitNum":112,"bitPos":[24,26,83]},"bornTime":..,"clientVersion":..,"consumerGroup":"..",
//    "dead":false,"deadTime":0,"expression":"..","expressionType":"SQL92","topic":".."}},"topic":".."}}}
// Loaded filters are taken as dead (their consumers reconnect and revive them) and dropped when
// the bloom filter's size changed; filters dead longer than filterDataCleanTimeSpan are removed
// whenever the file is written.

import path from 'node:path';
import { isTagType } from '../../common/filter/expression-type.js';
import { getLogger } from '../../common/logger.js';
import {
  BloomFilter,
  type BloomFilterData,
  bloomFilterDataEquals,
  type CompiledExpression,
  FilterCompileError,
  filterFactory,
} from '../../filter/index.js';
import { type FJValue, JavaIntArray, mapEntries, parseFastjson, stringifyFastjson } from '../../remoting/fastjson.js';
import { asObject, type Bean, num, optBean, str } from '../../remoting/protocol/bean.js';
import { ConfigFile } from '../persist/config-file.js';

const log = getLogger('broker');

export interface ConsumerFilterData {
  consumerGroup: string;
  topic: string;
  expression: string;
  expressionType: string;
  /** Null when a loaded expression no longer compiles. */
  compiledExpression: CompiledExpression | null;
  bornTime: number;
  deadTime: number;
  bloomFilterData: BloomFilterData | null;
  clientVersion: number;
}

export function isDead(d: ConsumerFilterData): boolean {
  return d.deadTime >= d.bornTime;
}

/** Whether a message stored at `storeTime` was stored after the filter was born (bitmaps cover it). */
export function isMsgInLive(d: ConsumerFilterData, storeTime: number): boolean {
  return storeTime > d.bornTime;
}

export interface ConsumerFilterManagerOptions {
  /** maxErrorRateOfBloomFilter (percent). */
  maxErrorRateOfBloomFilter: number;
  /** expectConsumerNumUseFilter. */
  expectConsumerNumUseFilter: number;
  /** filterDataCleanTimeSpan (ms). */
  filterDataCleanTimeSpan: number;
  now?: () => number;
}

/**
 * ConsumerFilterManager.build: filter data for a subscription, or null for a TAG subscription or
 * an expression that does not compile (the error is logged, as Java logs it).
 */
export function buildConsumerFilterData(
  topic: string,
  consumerGroup: string,
  expression: string,
  type: string | null | undefined,
  clientVersion: number,
  now = Date.now(),
): ConsumerFilterData | null {
  if (isTagType(type)) return null;
  try {
    return {
      consumerGroup,
      topic,
      expression,
      expressionType: type!,
      compiledExpression: filterFactory.compile(type!, expression),
      bornTime: now,
      deadTime: 0,
      bloomFilterData: null,
      clientVersion,
    };
  } catch (err) {
    if (!(err instanceof FilterCompileError)) throw err;
    log.warn('consumer filter expression does not compile', { topic, consumerGroup, expression, error: err.remark });
    return null;
  }
}

export interface SubscriptionLike {
  topic: string;
  subString: string;
  expressionType: string;
  subVersion: number;
}

export class ConsumerFilterManager {
  /** topic -> group -> filter data. */
  private byTopic = new Map<string, Map<string, ConsumerFilterData>>();
  readonly bloomFilter: BloomFilter;
  readonly configFile: ConfigFile;
  private readonly now: () => number;
  private readonly cleanTimeSpan: number;

  constructor(storeRoot: string, opts: ConsumerFilterManagerOptions) {
    this.bloomFilter = new BloomFilter(opts.maxErrorRateOfBloomFilter, opts.expectConsumerNumUseFilter);
    this.now = opts.now ?? Date.now;
    this.cleanTimeSpan = opts.filterDataCleanTimeSpan;
    this.configFile = new ConfigFile(path.join(storeRoot, 'config', 'consumerFilter.json'), () => this.encode(true));
  }

  /**
   * A heartbeat's subscriptions of a group (the REGISTER event of a consumer group): SQL92 ones
   * are registered, and the group's filters on topics it no longer subscribes to die.
   */
  registerGroup(consumerGroup: string, subscriptions: Iterable<SubscriptionLike>): void {
    const topics = new Set<string>();
    for (const sd of subscriptions) {
      topics.add(sd.topic);
      this.register(sd.topic, consumerGroup, sd.subString, sd.expressionType, sd.subVersion);
    }
    for (const d of this.getByGroup(consumerGroup)) {
      if (!topics.has(d.topic) && !isDead(d)) {
        d.deadTime = this.now();
        log.info('consumer filter of a topic no longer subscribed is dead', { consumerGroup, topic: d.topic });
      }
    }
  }

  /** Registers one subscription; true when the stored filter data is now the subscription's. */
  register(topic: string, consumerGroup: string, expression: string, type: string | null | undefined, clientVersion: number): boolean {
    if (isTagType(type) || !expression) return false;
    let groups = this.byTopic.get(topic);
    if (!groups) this.byTopic.set(topic, groups = new Map());
    const bloom = this.bloomFilter.generate(`${consumerGroup}#${topic}`);
    const old = groups.get(consumerGroup);
    if (old === undefined) {
      const data = buildConsumerFilterData(topic, consumerGroup, expression, type, clientVersion, this.now());
      if (!data) return false;
      data.bloomFilterData = bloom;
      groups.set(consumerGroup, data);
      log.info('consumer filter registered', { topic, consumerGroup, expression });
      return true;
    }
    if (clientVersion <= old.clientVersion) {
      // An older or repeated subscription version: keep what is there, but a heartbeat with the
      // same version revives a filter that died.
      if (clientVersion === old.clientVersion && isDead(old)) {
        old.deadTime = 0;
        return true;
      }
      return false;
    }
    const changed = old.expression !== expression || old.expressionType !== type || !bloomFilterDataEquals(old.bloomFilterData, bloom);
    if (!changed) {
      old.clientVersion = clientVersion;
      if (isDead(old)) old.deadTime = 0;
      return true;
    }
    const data = buildConsumerFilterData(topic, consumerGroup, expression, type, clientVersion, this.now());
    if (!data) {
      // The new expression does not compile: drop the old one so pulls report it.
      groups.delete(consumerGroup);
      return false;
    }
    data.bloomFilterData = bloom;
    groups.set(consumerGroup, data);
    log.info('consumer filter changed', { topic, consumerGroup, expression });
    return true;
  }

  /** The group has no consumer left (the UNREGISTER event): its filters die. */
  unregister(consumerGroup: string): void {
    for (const groups of this.byTopic.values()) {
      const d = groups.get(consumerGroup);
      if (d && !isDead(d)) d.deadTime = this.now();
    }
  }

  get(topic: string, consumerGroup: string): ConsumerFilterData | undefined {
    return this.byTopic.get(topic)?.get(consumerGroup);
  }

  getByTopic(topic: string): ConsumerFilterData[] {
    return [...(this.byTopic.get(topic)?.values() ?? [])];
  }

  getByGroup(consumerGroup: string): ConsumerFilterData[] {
    const out: ConsumerFilterData[] = [];
    for (const groups of this.byTopic.values()) {
      const d = groups.get(consumerGroup);
      if (d) out.push(d);
    }
    return out;
  }

  /** Removes filters dead longer than filterDataCleanTimeSpan, and topics left without any. */
  clean(): void {
    const now = this.now();
    for (const [topic, groups] of this.byTopic) {
      for (const [group, d] of groups) {
        if (isDead(d) && now - d.deadTime >= this.cleanTimeSpan) {
          groups.delete(group);
          log.info('consumer filter dead too long, removed', { topic, group });
        }
      }
      if (groups.size === 0) this.byTopic.delete(topic);
    }
  }

  load(): void {
    const text = this.configFile.loadText();
    if (text !== null) this.decode(text);
  }

  /** Reads a consumerFilter.json text (ours or Java's); keeps nothing if the bloom filter size changed. */
  decode(text: string): void {
    const root = asObject(parseFastjson(text), 'consumerFilter.json');
    const loaded = new Map<string, Map<string, ConsumerFilterData>>();
    for (const [topicKey, byTopicValue] of mapEntries(root.filterDataByTopic)) {
      if (byTopicValue === null) continue;
      const groups = new Map<string, ConsumerFilterData>();
      loaded.set(String(topicKey), groups);
      for (const [groupKey, v] of mapEntries(asObject(byTopicValue, 'filterDataByTopic').groupFilterData)) {
        if (v === null) continue;
        const d = decodeFilterData(asObject(v, 'groupFilterData'));
        if (!this.bloomFilter.isValid(d.bloomFilterData)) {
          log.info('bloom filter size changed, persisted consumer filters ignored');
          return;
        }
        try {
          d.compiledExpression = filterFactory.compile(d.expressionType, d.expression);
        } catch (err) {
          if (!(err instanceof FilterCompileError)) throw err;
          log.error('persisted consumer filter does not compile', { topic: d.topic, group: d.consumerGroup, error: err.remark });
        }
        // Its consumers are taken as gone until they send a heartbeat again.
        if (d.deadTime === 0) d.deadTime = Math.max(this.now() - 30_000, d.bornTime);
        groups.set(String(groupKey), d);
      }
    }
    this.byTopic = loaded;
  }

  /** The file's JSON; cleans dead filters first, as Java's encode does. */
  encode(pretty = false): string {
    this.clean();
    const byTopic: Record<string, unknown> = {};
    for (const [topic, groups] of this.byTopic) {
      const groupFilterData: Record<string, unknown> = {};
      for (const [group, d] of groups) groupFilterData[group] = encodeFilterData(d);
      byTopic[topic] = { groupFilterData, topic };
    }
    return stringifyFastjson({ filterDataByTopic: byTopic }, { pretty });
  }

  persist(): void {
    this.configFile.persist();
  }
}

function encodeFilterData(d: ConsumerFilterData): Record<string, unknown> {
  return {
    bloomFilterData: d.bloomFilterData
      ? { bitNum: d.bloomFilterData.bitNum, bitPos: new JavaIntArray(d.bloomFilterData.bitPos) }
      : undefined,
    bornTime: d.bornTime,
    clientVersion: d.clientVersion,
    consumerGroup: d.consumerGroup,
    dead: isDead(d),
    deadTime: d.deadTime,
    expression: d.expression,
    expressionType: d.expressionType,
    topic: d.topic,
  };
}

function decodeFilterData(o: Bean): ConsumerFilterData {
  const bloom = optBean(o, 'bloomFilterData', 'consumerFilterData');
  const bitPos = bloom?.bitPos;
  return {
    consumerGroup: str(o, 'consumerGroup') ?? '',
    topic: str(o, 'topic') ?? '',
    expression: str(o, 'expression') ?? '',
    expressionType: str(o, 'expressionType') ?? '',
    compiledExpression: null,
    bornTime: num(o, 'bornTime'),
    deadTime: num(o, 'deadTime'),
    bloomFilterData: bloom
      ? { bitNum: num(bloom, 'bitNum'), bitPos: Array.isArray(bitPos) ? bitPos.map((x: FJValue) => Number(x)) : [] }
      : null,
    clientVersion: num(o, 'clientVersion'),
  };
}
