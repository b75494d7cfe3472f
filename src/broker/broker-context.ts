// What the broker's request processors (processor/*) may use of the broker: the part of Java's
// BrokerController that its processors reach. BrokerController implements it and hands itself over
// as this type, so a processor sees exactly what is listed here and nothing of the wiring (server,
// timers, name-server client, start and shutdown). The members are the same objects the controller
// holds, read as plain properties: the send and pull paths pay nothing for the seam.
//
// New broker-wide services join here as named members, each documented, rather than processors
// reaching for the controller: replication (slave offsets, master address, role changes), the ACL
// validator that runs before dispatch, and statistics.

import type { PlainAccessValidator } from '../acl/index.js';
import type { BrokerConfig } from '../common/config/broker-config.js';
import type { Configuration } from '../common/config/configuration.js';
import type { MessageStoreConfig } from '../common/config/message-store-config.js';
import type { TopicConfig } from '../remoting/protocol/topic-config.js';
import type { MessageStore } from '../store/index.js';
import type { ConsumerManager } from './client/consumer-manager.js';
import type { ProducerManager } from './client/producer-manager.js';
import type { RebalanceLockManager } from './client/rebalance-lock-manager.js';
import type { ConsumerFilterManager } from './filter/consumer-filter-manager.js';
import type { SubscriptionCache } from './filter/tag-filter.js';
import type { PullRequestHoldService } from './longpolling/pull-request-hold-service.js';
import type { ReplicationInfo } from './replication.js';
import type { ConsumerOffsetManager } from './offset/consumer-offset-manager.js';
import type { ScheduleMessageService } from './schedule/schedule-message-service.js';
import type { TimerMessageService } from './timer/timer-message-service.js';
import type { BrokerStats } from './stats/broker-stats.js';
import type { BrokerStatsManager } from './stats/broker-stats-manager.js';
import type { SubscriptionGroupManager } from './subscription/subscription-group-manager.js';
import type { TopicConfigManager } from './topic/topic-config-manager.js';

export interface BrokerContext {
  // ---- configuration and identity ----

  /** BrokerConfig as running now: UPDATE_BROKER_CONFIG changes it in place. */
  readonly brokerConfig: BrokerConfig;
  readonly messageStoreConfig: MessageStoreConfig;
  /** The live configuration behind GET_BROKER_CONFIG and UPDATE_BROKER_CONFIG. */
  readonly configuration: Configuration;
  /** brokerIP1:listenPort, the address the name servers and clients know. */
  readonly brokerAddr: string;
  /** True on a SLAVE, which serves reads and refuses writes; read it per request, as the role may change. */
  readonly isSlave: boolean;
  /** The broker's clock (injectable in tests). */
  readonly now: () => number;

  // ---- storage and the state persisted under <storePathRootDir>/config ----

  /** The message store; set before the first request is let through. */
  readonly store: MessageStore;
  readonly topicConfigManager: TopicConfigManager;
  readonly subscriptionGroupManager: SubscriptionGroupManager;
  readonly consumerOffsetManager: ConsumerOffsetManager;
  /** Delayed delivery (delayOffset.json); null on a slave, which does not deliver. */
  readonly schedule: ScheduleMessageService | null;
  /** Timer messages (RocketMQ 5's arbitrary delay); null on a slave, which does not deliver. */
  readonly timer: TimerMessageService | null;

  // ---- clients and the requests held for them ----

  /** Consumer groups: their connections and subscriptions, from heartbeats. */
  readonly consumerManager: ConsumerManager;
  /** Producer groups and their connections (transaction checks ask them). */
  readonly producerManager: ProducerManager;
  /** Queue locks of orderly consumers. */
  readonly rebalanceLockManager: RebalanceLockManager;
  /** Subscriptions parsed once into the filters pulls apply. */
  readonly subscriptions: SubscriptionCache;
  /** SQL92 filters of consumer groups, compiled once per subscription version (consumerFilter.json). */
  readonly consumerFilterManager: ConsumerFilterManager;
  /** Pulls held until a message arrives (long polling). */
  readonly pullHold: PullRequestHoldService;

  // ---- replication ----

  /** The HA service's state (master: its slaves and their offsets; slave: its master); set with the store. */
  readonly replication: ReplicationInfo | null;

  // ---- access control ----

  /**
   * The plain ACL (aclEnable=true), which checks every request before its processor runs and
   * answers the ACL management codes; null when ACL is off. Loaded before the first request.
   */
  readonly acl: PlainAccessValidator | null;

  // ---- statistics ----

  /**
   * Java's BrokerStatsManager: the per-topic, per-group and broker-wide counters behind
   * VIEW_BROKER_STATS_DATA, consume TPS and the Prometheus metrics. Send and pull paths take a
   * topic's or group's counters once per request (topicPut, groupGet) and add to them.
   */
  readonly stats: BrokerStatsManager;
  /** Java's BrokerStats: the store's put and get totals at this and the previous midnight (runtime info). */
  readonly brokerStats: BrokerStats;

  // ---- name servers ----

  /** REGISTER_BROKER with the whole topic table to every name server (after a permission change). */
  registerBrokerAll(checkOrderConfig: boolean, oneway: boolean, forceRegister: boolean): Promise<void>;
  /** Registers one new or changed topic at once. */
  registerIncrementBrokerData(tc: TopicConfig): Promise<void>;
}
