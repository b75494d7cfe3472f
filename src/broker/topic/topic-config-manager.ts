// The broker's topics (Java's TopicConfigManager): the system topics made at start-up, topics.json
// read and written in Java's format, creation through the TBW102 template when a producer sends to
// an unknown topic, retry and DLQ topics made on demand, and the data version the name servers use
// to tell whether anything changed.

import path from 'node:path';
import type { BrokerConfig } from '../../common/config/broker-config.js';
import { getLogger } from '../../common/logger.js';
import { SystemTopic } from '../../common/message/message-const.js';
import {
  createDataVersion,
  createTopicConfig,
  type DataVersion,
  decodeTopicConfigWrapper,
  encodeTopicConfigWrapper,
  isInherited,
  nextDataVersion,
  PermName,
  type TopicConfig,
  type TopicConfigSerializeWrapper,
} from '../../remoting/protocol/topic-config.js';
import { ConfigFile } from '../persist/config-file.js';
import { SystemTopics } from './topic-validator.js';

const log = getLogger('broker');

/** SCHEDULE_TOPIC_XXXX has one queue per delay level Java ships (18). */
export const SCHEDULE_TOPIC_QUEUE_NUM = 18;
/** Queues of the BenchmarkTest topic, as Java makes it. */
const BENCHMARK_QUEUE_NUM = 1024;
const REPLY_TOPIC_POSTFIX = 'REPLY_TOPIC';
const RW = PermName.PERM_READ | PermName.PERM_WRITE;

export interface TopicConfigManagerOptions {
  storeRoot: string;
  /** Called after a topic was created on the send path, to tell the name servers at once. */
  onTopicCreated?: (tc: TopicConfig) => void;
  now?: () => number;
}

export class TopicConfigManager {
  readonly table = new Map<string, TopicConfig>();
  readonly dataVersion: DataVersion;
  readonly systemTopics = new SystemTopics();
  readonly configFile: ConfigFile;
  private readonly now: () => number;

  constructor(private readonly brokerConfig: BrokerConfig, private readonly opts: TopicConfigManagerOptions) {
    this.now = opts.now ?? Date.now;
    this.dataVersion = createDataVersion(this.now());
    this.configFile = new ConfigFile(
      path.join(opts.storeRoot, 'config', 'topics.json'),
      () => encodeTopicConfigWrapper(this.wrapper(), { pretty: true }),
    );
    this.initSystemTopics();
  }

  private system(topic: string, fields: Partial<Omit<TopicConfig, 'topicName'>>): void {
    this.systemTopics.add(topic);
    this.table.set(topic, createTopicConfig(topic, fields));
  }

  private initSystemTopics(): void {
    const bc = this.brokerConfig;
    this.system(SystemTopic.SELF_TEST, { readQueueNums: 1, writeQueueNums: 1 });
    if (bc.autoCreateTopicEnable) {
      this.system(SystemTopic.AUTO_CREATE_TOPIC_KEY, {
        readQueueNums: bc.defaultTopicQueueNums,
        writeQueueNums: bc.defaultTopicQueueNums,
        perm: PermName.PERM_INHERIT | RW,
      });
    }
    this.system(SystemTopic.BENCHMARK, { readQueueNums: BENCHMARK_QUEUE_NUM, writeQueueNums: BENCHMARK_QUEUE_NUM });
    this.system(bc.brokerClusterName, { perm: PermName.PERM_INHERIT | (bc.clusterTopicEnable ? RW : 0) });
    this.system(bc.brokerName, { readQueueNums: 1, writeQueueNums: 1, perm: PermName.PERM_INHERIT | (bc.brokerTopicEnable ? RW : 0) });
    this.system(SystemTopic.OFFSET_MOVED_EVENT, { readQueueNums: 1, writeQueueNums: 1 });
    this.system(SystemTopic.SCHEDULE, { readQueueNums: SCHEDULE_TOPIC_QUEUE_NUM, writeQueueNums: SCHEDULE_TOPIC_QUEUE_NUM });
    if (bc.traceTopicEnable) this.system(bc.msgTraceTopicName, { readQueueNums: 1, writeQueueNums: 1 });
    this.system(`${bc.brokerClusterName}_${REPLY_TOPIC_POSTFIX}`, { readQueueNums: 1, writeQueueNums: 1 });
    // Java makes the half topic when the first transactional message arrives; a broker that has
    // it from the start answers route lookups for it the same way either way.
    this.system(SystemTopic.TRANS_HALF, { readQueueNums: 1, writeQueueNums: 1 });
  }

  /** Reads topics.json (or its .bak) over the built-in topics, as Java's load does. */
  load(): void {
    const text = this.configFile.loadText();
    if (text === null) return;
    const w = decodeTopicConfigWrapper(text);
    for (const [name, tc] of w.topicConfigTable) {
      this.table.set(name, tc);
      log.debug('load exist local topic', { topic: name });
    }
    this.dataVersion.counter = w.dataVersion.counter;
    this.dataVersion.timestamp = w.dataVersion.timestamp;
  }

  selectTopicConfig(topic: string): TopicConfig | undefined {
    return this.table.get(topic);
  }

  isOrderTopic(topic: string): boolean {
    return this.table.get(topic)?.order ?? false;
  }

  private changed(): void {
    nextDataVersion(this.dataVersion, this.now());
    this.configFile.persist();
  }

  /**
   * A topic made from `defaultTopic` (TBW102) for a producer's first send: it inherits the
   * template's permission (minus inherit) and filter type, with min(client's, template's) queues.
   * Undefined when the template is missing or may not be inherited.
   */
  createTopicInSendMessageMethod(
    topic: string,
    defaultTopic: string,
    remoteAddress: string,
    clientDefaultTopicQueueNums: number,
    topicSysFlag: number,
  ): TopicConfig | undefined {
    const existing = this.table.get(topic);
    if (existing) return existing;
    const template = this.table.get(defaultTopic);
    if (!template) {
      log.warn('create new topic failed: the default topic does not exist', { topic, defaultTopic, producer: remoteAddress });
      return undefined;
    }
    if (defaultTopic === SystemTopic.AUTO_CREATE_TOPIC_KEY && !this.brokerConfig.autoCreateTopicEnable) {
      // A TBW102 read from disk must stop acting as a template once auto-creation is off.
      template.perm = RW;
    }
    if (!isInherited(template.perm)) {
      log.warn('create new topic failed: the default topic may not be inherited', {
        topic,
        defaultTopic,
        perm: template.perm,
        producer: remoteAddress,
      });
      return undefined;
    }
    const queueNums = Math.max(0, Math.min(clientDefaultTopicQueueNums, template.writeQueueNums));
    const tc = createTopicConfig(topic, {
      readQueueNums: queueNums,
      writeQueueNums: queueNums,
      perm: template.perm & ~PermName.PERM_INHERIT,
      topicSysFlag,
      topicFilterType: template.topicFilterType,
    });
    log.info('create new topic by default topic', { topic, defaultTopic, queueNums, producer: remoteAddress });
    this.table.set(topic, tc);
    this.changed();
    this.opts.onTopicCreated?.(tc);
    return tc;
  }

  /** A retry, DLQ or other broker-made topic with the given queues and permission, unless it exists. */
  createTopicInSendMessageBackMethod(topic: string, queueNums: number, perm: number, topicSysFlag: number): TopicConfig {
    const existing = this.table.get(topic);
    if (existing) return existing;
    const tc = createTopicConfig(topic, { readQueueNums: queueNums, writeQueueNums: queueNums, perm, topicSysFlag });
    log.info('create new topic', { topic, queueNums, perm });
    this.table.set(topic, tc);
    this.changed();
    this.opts.onTopicCreated?.(tc);
    return tc;
  }

  /** UPDATE_AND_CREATE_TOPIC: replaces or adds the topic and persists. */
  updateTopicConfig(tc: TopicConfig): void {
    const old = this.table.get(tc.topicName);
    this.table.set(tc.topicName, tc);
    log.info(old ? 'update topic config' : 'create new topic', {
      topic: tc.topicName,
      read: tc.readQueueNums,
      write: tc.writeQueueNums,
      perm: tc.perm,
    });
    this.changed();
  }

  deleteTopicConfig(topic: string): boolean {
    if (!this.table.delete(topic)) {
      log.warn('delete topic config failed: no such topic', { topic });
      return false;
    }
    log.info('delete topic config OK', { topic });
    this.changed();
    return true;
  }

  /** Marks exactly the topics named by the name server's ORDER_TOPIC_CONFIG namespace as ordered. */
  updateOrderTopicConfig(orderTopics: ReadonlySet<string>): void {
    let change = false;
    for (const [topic, tc] of this.table) {
      const order = orderTopics.has(topic);
      if (tc.order !== order) {
        tc.order = order;
        change = true;
        log.info('update order topic config', { topic, order });
      }
    }
    if (change) this.changed();
  }

  /** The table and version as REGISTER_BROKER and GET_ALL_TOPIC_CONFIG carry them (a live view). */
  wrapper(): TopicConfigSerializeWrapper {
    return { topicConfigTable: this.table, dataVersion: this.dataVersion };
  }

  /** Forces a new data version, so the name servers take the next registration as a change. */
  bumpDataVersion(): void {
    nextDataVersion(this.dataVersion, this.now());
  }
}
