// The broker (Java's BrokerController): wires the store, the topic, group and offset managers, the
// client tables, long polling, delayed delivery, replication and the request processors onto one
// remoting server listening on listenPort and on the VIP port listenPort - 2 (replication on
// listenPort + 1), and keeps the name servers informed. Start-up binds the ports first (so port 0
// works and the store knows its address), then loads the config files and the store, then opens
// the doors and registers.

import net from 'node:net';
import path from 'node:path';
import os from 'node:os';
import { PlainAccessValidator } from '../acl/index.js';
import { BROKER_FIXED_BLACKLIST, type BrokerConfig, brokerConfigDef, namesrvAddrList } from '../common/config/broker-config.js';
import { type ConfigPart, Configuration } from '../common/config/configuration.js';
import { type MessageStoreConfig, messageStoreConfigDef } from '../common/config/message-store-config.js';
import {
  BrokerNettyServerConfigDef,
  type NettyClientConfig,
  NettyClientConfigDef,
  type NettyServerConfig,
} from '../common/config/netty-config.js';
import { ConfigError, describeError } from '../common/errors.js';
import { ServerResponseError } from '../remoting/errors.js';
import { getLogger } from '../common/logger.js';
import { SystemTopic } from '../common/message/message-const.js';
import { formatAddress } from '../remoting/address.js';
import { createResponse, type RemotingCommand } from '../remoting/command.js';
import type { Connection } from '../remoting/connection.js';
import { requestCodeName } from '../remoting/request-code.js';
import { ResponseCode } from '../remoting/response-code.js';
import { type Processor, RemotingServer } from '../remoting/server.js';
import { type ServerLimits, serverLimits } from '../remoting/server-limits.js';
import { brokerFastFailure } from './processor/flow-control.js';
import type { RemotingLimits } from '../common/config/remoting-limits.js';
import {
  createTopicConfigWrapper,
  isReadable,
  isWriteable,
  type TopicConfig,
  type TopicConfigSerializeWrapper,
} from '../remoting/protocol/topic-config.js';
import { MessageStore, type MessageStoreOptions } from '../store/index.js';
import { parseDelayLevels } from '../store/delay-levels.js';
import type { MetricsExporter } from '../common/prometheus/exporter.js';
import type { BrokerContext } from './broker-context.js';
import { type ClientHousekeepingOptions, ClientHousekeepingService } from './client/client-housekeeping.js';
import { ConsumerManager } from './client/consumer-manager.js';
import { notifyConsumerIdsChanged } from './client/broker2client.js';
import { ProducerManager } from './client/producer-manager.js';
import { RebalanceLockManager } from './client/rebalance-lock-manager.js';
import { ConsumerFilterManager } from './filter/consumer-filter-manager.js';
import { SubscriptionCache } from './filter/tag-filter.js';
import { PullRequestHoldService } from './longpolling/pull-request-hold-service.js';
import { ConsumerOffsetManager } from './offset/consumer-offset-manager.js';
import { BrokerOuterAPI, type RegisterBrokerResult } from './out/broker-outer-api.js';
import { startBrokerExporter } from './metrics/broker-exporter.js';
import { brokerProcessors } from './processor/index.js';
import { BrokerReplication } from './replication.js';
import { ScheduleMessageService } from './schedule/schedule-message-service.js';
import { TimerMessageService } from './timer/timer-message-service.js';
import { BrokerStats } from './stats/broker-stats.js';
import { BrokerStatsManager } from './stats/broker-stats-manager.js';
import { SubscriptionGroupManager } from './subscription/subscription-group-manager.js';
import { TopicConfigManager } from './topic/topic-config-manager.js';
import { TransactionalMessageCheckService } from './transaction/transactional-message-check-service.js';
import { brokerClientUsesTls, resolveTlsConfig, type TlsConfig } from '../common/config/tls-config.js';
import { clientTlsOptions, ServerTls } from '../remoting/tls.js';

const log = getLogger('broker');

const refuseConnection = (s: net.Socket): void => {
  s.destroy();
};

export interface BrokerControllerOptions {
  brokerConfig?: Partial<BrokerConfig>;
  nettyServerConfig?: Partial<NettyServerConfig>;
  nettyClientConfig?: Partial<NettyClientConfig>;
  messageStoreConfig?: Partial<MessageStoreConfig>;
  /** Keys of the start-up file no config owns; GET_BROKER_CONFIG shows them, as Java does. */
  extraProperties?: Map<string, unknown>;
  /** The file UPDATE_BROKER_CONFIG rewrites; Java's default is ~/store/config/broker.properties. */
  configFilePath?: string;
  /** Address to bind; all interfaces by default. */
  host?: string;
  now?: () => number;
  housekeeping?: ClientHousekeepingOptions;
  /** Period of the held-pull re-check (Java: 5 s, or shortPollingTimeMills without long polling). */
  pullCheckIntervalMs?: number;
  store?: MessageStoreOptions;
  /** The tls.* settings of the listen and VIP ports and of useTLS; default: resolveTlsConfig() from the environment. */
  tls?: TlsConfig;
  /** What one client may hold; RemotingLimits keys of the -c file. */
  remotingLimits?: Partial<RemotingLimits>;
  /** Overrides of the resulting limits (tests: idle times below a second). */
  serverLimits?: Partial<ServerLimits>;
}

/** The broker's four configs, as the live configuration holds them. */
export interface BrokerConfigs {
  brokerConfig: BrokerConfig;
  nettyServerConfig: NettyServerConfig;
  nettyClientConfig: NettyClientConfig;
  messageStoreConfig: MessageStoreConfig;
}

/** The broker's live configuration: its four configs, rewritten to the start-up file (Java's brokerConfigPath). */
export function brokerConfiguration(c: BrokerConfigs, configFile: string, extra?: Map<string, unknown>, now?: () => number): Configuration {
  const parts = [
    { def: brokerConfigDef, cfg: c.brokerConfig },
    { def: BrokerNettyServerConfigDef, cfg: c.nettyServerConfig },
    { def: NettyClientConfigDef, cfg: c.nettyClientConfig },
    { def: messageStoreConfigDef, cfg: c.messageStoreConfig },
  ] as unknown as ConfigPart[];
  return new Configuration(parts, {
    storePath: configFile,
    fixedBlackList: BROKER_FIXED_BLACKLIST,
    configBlackList: c.brokerConfig.configBlackList,
    extra,
    now,
    logName: 'broker',
  });
}

/** Wires the broker; its processors see it only as a BrokerContext. */
export class BrokerController implements BrokerContext {
  readonly brokerConfig: BrokerConfig;
  readonly nettyServerConfig: NettyServerConfig;
  readonly nettyClientConfig: NettyClientConfig;
  readonly messageStoreConfig: MessageStoreConfig;
  readonly configuration: Configuration;
  readonly topicConfigManager: TopicConfigManager;
  readonly subscriptionGroupManager: SubscriptionGroupManager;
  readonly consumerOffsetManager: ConsumerOffsetManager;
  readonly consumerManager: ConsumerManager;
  readonly producerManager: ProducerManager;
  readonly housekeeping: ClientHousekeepingService;
  readonly rebalanceLockManager: RebalanceLockManager;
  readonly subscriptions = new SubscriptionCache();
  readonly consumerFilterManager: ConsumerFilterManager;
  readonly stats: BrokerStatsManager;
  readonly brokerStats: BrokerStats;
  readonly outerApi: BrokerOuterAPI;
  readonly server: RemotingServer;
  /** TLS of the listen and VIP ports; the HA port stays plain TCP, as in Java 4.9. */
  readonly serverTls: ServerTls;
  readonly pullHold: PullRequestHoldService;
  readonly now: () => number;
  /** Set by start(). */
  store!: MessageStore;
  schedule: ScheduleMessageService | null = null;
  timer: TimerMessageService | null = null;
  transactionCheck: TransactionalMessageCheckService | null = null;
  /** The HA service and the slave's duties; set by start() once the store is open. */
  replication: BrokerReplication | null = null;
  /** The plain ACL, loaded by start() when aclEnable is true. */
  acl: PlainAccessValidator | null = null;
  /** Port of the VIP channel (listenPort - 2) once bound. */
  vipPort = -1;
  /** The Prometheus endpoint, when metricsExporterType is PROM. */
  metrics: MetricsExporter | null = null;
  private ready = false;
  private state: 'new' | 'starting' | 'running' | 'stopping' | 'stopped' = 'new';
  private readonly timers: Array<ReturnType<typeof setInterval>> = [];
  private haServer: net.Server | null = null;
  private registering: Promise<void> = Promise.resolve();
  /** Registrations asked for and not finished; a periodic one is skipped while others wait. */
  private pendingRegistrations = 0;

  constructor(private readonly opts: BrokerControllerOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.brokerConfig = { ...brokerConfigDef.defaults(), ...opts.brokerConfig };
    this.nettyServerConfig = { ...BrokerNettyServerConfigDef.defaults(), ...opts.nettyServerConfig };
    this.nettyClientConfig = { ...NettyClientConfigDef.defaults(), ...opts.nettyClientConfig };
    this.messageStoreConfig = { ...messageStoreConfigDef.defaults(), ...opts.messageStoreConfig };
    const configFile = opts.configFilePath ?? path.join(os.homedir(), 'store', 'config', 'broker.properties');
    this.configuration = brokerConfiguration(this, configFile, opts.extraProperties, this.now);
    const root = this.messageStoreConfig.storePathRootDir;
    this.topicConfigManager = new TopicConfigManager(this.brokerConfig, {
      storeRoot: root,
      now: this.now,
      onTopicCreated: () => void this.registerBrokerAll(false, true, true),
    });
    this.subscriptionGroupManager = new SubscriptionGroupManager(this.brokerConfig, root, this.now);
    this.consumerOffsetManager = new ConsumerOffsetManager(root);
    this.consumerFilterManager = new ConsumerFilterManager(root, {
      maxErrorRateOfBloomFilter: this.brokerConfig.maxErrorRateOfBloomFilter,
      expectConsumerNumUseFilter: this.brokerConfig.expectConsumerNumUseFilter,
      filterDataCleanTimeSpan: this.brokerConfig.filterDataCleanTimeSpan,
      now: this.now,
    });
    // Java's DefaultConsumerIdsChangeListener: every heartbeat (re)registers the group's SQL92
    // filters, and a group left without connections has them die.
    this.consumerManager = new ConsumerManager((event, group, channels, subscriptions) => {
      if (event === 'CHANGE' && this.brokerConfig.notifyConsumerIdsChangedEnable) notifyConsumerIdsChanged(channels, group);
      else if (event === 'REGISTER') this.consumerFilterManager.registerGroup(group, subscriptions ?? []);
      else if (event === 'UNREGISTER') this.consumerFilterManager.unregister(group);
    }, this.now);
    this.producerManager = new ProducerManager(this.now);
    this.housekeeping = new ClientHousekeepingService(this.producerManager, this.consumerManager, opts.housekeeping);
    this.rebalanceLockManager = new RebalanceLockManager(this.now);
    this.stats = new BrokerStatsManager(this.brokerConfig.brokerClusterName, this.brokerConfig.enableDetailStat, this.now);
    this.brokerStats = new BrokerStats(() => this.store?.stats, this.now);
    const tls = opts.tls ?? resolveTlsConfig();
    if (opts.nettyClientConfig?.useTLS === undefined) this.nettyClientConfig.useTLS = brokerClientUsesTls(tls);
    this.serverTls = new ServerTls(tls);
    this.outerApi = new BrokerOuterAPI(
      this.nettyClientConfig.connectTimeoutMillis,
      this.nettyClientConfig.useTLS ? clientTlsOptions(tls) : undefined,
    );
    const checkMs = opts.pullCheckIntervalMs ?? (this.brokerConfig.longPollingEnable ? 5000 : this.brokerConfig.shortPollingTimeMills);
    this.pullHold = new PullRequestHoldService((t, q) => this.store.getMaxOffsetInQueue(t, q), { checkIntervalMs: checkMs, now: this.now });
    this.server = new RemotingServer('broker', this.serverTls);
    this.server.setLimits({ ...serverLimits(this.nettyServerConfig, opts.remotingLimits), ...opts.serverLimits });
    for (const [code, handler] of brokerProcessors(this)) this.server.registerProcessor(code, this.guard(handler));
    // Read once, as Java's initialAcl does: changing aclEnable later takes a restart. Without ACL the
    // server runs no check at all; the broker's own outbound requests are never checked.
    if (this.brokerConfig.aclEnable) this.server.setRequestCheck((req, conn) => this.checkAccess(req, conn));
    this.server.onConnectionClosed((c) => this.housekeeping.onChannelClose(c));
  }

  /** Requests that arrive while the store is still loading get SYSTEM_BUSY instead of a half-made answer. */
  private guard(handler: Processor): Processor {
    return (req: RemotingCommand, conn: Connection) => {
      if (this.ready) return handler(req, conn);
      return createResponse(
        req,
        ResponseCode.SYSTEM_BUSY,
        this.state === 'stopping' ? 'broker is shutting down' : 'broker is starting, try again later',
      );
    };
  }

  /** The plain ACL of rocketmqHome; a file that cannot be used stops start-up with one line. */
  private loadAcl(): PlainAccessValidator {
    const home = this.brokerConfig.rocketmqHome;
    try {
      return new PlainAccessValidator({ rocketmqHome: home });
    } catch (err) {
      throw new ConfigError(`aclEnable=true, but the ACL files under ${home} cannot be used: ${describeError(err)}`);
    }
  }

  /** The ACL check of one request: a refusal is logged in one line and answered NO_PERMISSION with the reason. */
  private checkAccess(req: RemotingCommand, conn: Connection): void {
    const acl = this.acl;
    if (!acl) throw new ServerResponseError(ResponseCode.SYSTEM_BUSY, 'broker is starting, try again later');
    try {
      acl.check(req, conn.remoteAddress);
    } catch (err) {
      if (err instanceof ServerResponseError) {
        log.warn(`ACL refused ${requestCodeName(req.code)} from ${conn.remoteAddress}: ${err.message}`);
      }
      throw err;
    }
  }

  get brokerAddr(): string {
    return `${this.brokerConfig.brokerIP1}:${this.nettyServerConfig.listenPort}`;
  }

  get haServerAddr(): string {
    return `${this.brokerConfig.brokerIP2}:${this.messageStoreConfig.haListenPort}`;
  }

  get isSlave(): boolean {
    return this.messageStoreConfig.brokerRole === 'SLAVE';
  }

  /** The master's broker address as the name servers last answered (slaves; null when none is registered). */
  get masterAddr(): string | null {
    return this.replication?.masterAddr ?? null;
  }

  /** Binds the ports, loads the configs and the store, starts the services and registers. */
  async start(): Promise<void> {
    if (this.state !== 'new') throw new Error(`broker already ${this.state}`);
    this.state = 'starting';
    try {
      this.checkConfig();
      if (this.brokerConfig.aclEnable) {
        this.acl = this.loadAcl();
        log.info('ACL enabled', { rocketmqHome: this.brokerConfig.rocketmqHome });
      }
      await this.bind();
      this.topicConfigManager.load();
      this.consumerOffsetManager.load();
      this.subscriptionGroupManager.load();
      this.consumerFilterManager.load();
      if (this.brokerConfig.enableCalcFilterBitMap) {
        log.warn('enableCalcFilterBitMap=true is ignored: SQL92 filter bitmaps are not built, every pull evaluates the expression');
      }
      this.store = new MessageStore(this.messageStoreConfig, {
        storeHost: { host: this.brokerConfig.brokerIP1, port: this.nettyServerConfig.listenPort },
        ...this.opts.store,
        messageArrivingListener: (topic, queueId, logicOffset, tagsCode, _storeTimestamp, properties) => {
          this.pullHold.notifyMessageArriving(topic, queueId, logicOffset, tagsCode, properties);
          if (topic === SystemTopic.SCHEDULE) this.schedule?.onScheduledArrival(queueId, tagsCode);
          else if (topic === SystemTopic.TIMER) this.timer?.onArrival();
        },
      });
      if (!this.isSlave) {
        this.timer = new TimerMessageService(this.store, this.messageStoreConfig, {
          storeRoot: this.messageStoreConfig.storePathRootDir,
          now: this.now,
        });
        this.store.setPutMessageHook(this.timer.putHook);
      }
      await this.store.open();
      // Replication asks whether there are name servers to check a configured master against.
      this.outerApi.updateNameServerAddressList(namesrvAddrList(this.brokerConfig.namesrvAddr));
      this.replication = new BrokerReplication(this, this.haServer!);
      this.haServer!.off('connection', refuseConnection);
      await this.replication.start();
      if (this.timer && this.messageStoreConfig.timerWheelEnable) await this.timer.start();
      if (!this.isSlave) {
        this.schedule = new ScheduleMessageService(this.store, {
          storeRoot: this.messageStoreConfig.storePathRootDir,
          delayLevels: parseDelayLevels(this.messageStoreConfig.messageDelayLevel),
          flushIntervalMs: this.messageStoreConfig.flushDelayOffsetInterval,
          now: this.now,
          onDelivered: (level, topic, r) => {
            if (this.messageStoreConfig.enableScheduleMessageStats) this.stats.onScheduleDelivered(level, topic, r.msgNum, r.wroteBytes);
          },
        });
        this.schedule.start();
        this.transactionCheck = new TransactionalMessageCheckService(this);
        this.transactionCheck.start();
      }
      this.pullHold.start();
      this.housekeeping.start();
      this.stats.start();
      this.metrics = await startBrokerExporter(this, this.server);
      this.every(this.brokerConfig.flushConsumerOffsetInterval, () => this.consumerOffsetManager.configFile.persist());
      this.every(10_000, () => this.consumerFilterManager.persist());
      this.ready = true;
      this.server.setHeldRequestCheck(brokerFastFailure(this));
      this.state = 'running';
      await this.registerBrokerAll(true, false, true);
      const period = Math.max(1000, Math.min(this.brokerConfig.registerNameServerPeriod, 60_000));
      this.every(period, () => {
        // A slow or unreachable name server must not make registrations pile up behind each other.
        if (this.pendingRegistrations === 0) void this.registerBrokerAll(true, false, this.brokerConfig.forceRegister);
      });
      log.info('broker started', {
        broker: this.brokerConfig.brokerName,
        addr: this.brokerAddr,
        vipPort: this.vipPort,
        haPort: this.messageStoreConfig.haListenPort,
        role: this.messageStoreConfig.brokerRole,
        ...(this.metrics ? { metrics: this.metrics.url } : {}),
      });
    } catch (err) {
      await this.shutdown().catch(() => undefined);
      throw err;
    }
  }

  private every(ms: number, fn: () => void): void {
    const t = setInterval(() => {
      try {
        fn();
      } catch (err) {
        log.error('periodic task failed', { err });
      }
    }, ms);
    t.unref?.();
    this.timers.push(t);
  }

  private checkConfig(): void {
    for (const addr of namesrvAddrList(this.brokerConfig.namesrvAddr)) {
      if (!/^(\[[0-9a-fA-F:.]+\]|[^:\s]+|[0-9a-fA-F:]+):\d{1,5}$/.test(addr)) {
        throw new ConfigError(
          `The Name Server Address[${this.brokerConfig.namesrvAddr}] illegal, please set it as follows, "127.0.0.1:9876;192.168.0.1:9876"`,
        );
      }
    }
    if (this.isSlave && this.brokerConfig.brokerId <= 0) throw new ConfigError("Slave's brokerId must be > 0");
    if (!this.isSlave) this.brokerConfig.brokerId = 0;
  }

  /** Listens on listenPort, the VIP port below it and the HA port above it (port 0: all three ephemeral). */
  private async bind(): Promise<void> {
    const host = this.opts.host;
    const configured = this.nettyServerConfig.listenPort;
    const port = await this.server.listen(configured, host);
    this.nettyServerConfig.listenPort = port;
    this.vipPort = await this.server.listen(configured === 0 ? 0 : port - 2, host);
    const haPort = configured === 0 ? 0 : port + 1;
    // Slaves that come before the store is open are turned away; they reconnect.
    this.haServer = net.createServer(refuseConnection);
    this.messageStoreConfig.haListenPort = await new Promise<number>((resolve, reject) => {
      this.haServer!.once('error', (err) => reject(new ConfigError(`cannot bind the HA port ${haPort}: ${describeError(err)}`)));
      this.haServer!.listen({ port: haPort, host, exclusive: true }, () => resolve((this.haServer!.address() as net.AddressInfo).port));
    });
    log.info('broker listening', {
      addr: formatAddress(host ?? '0.0.0.0', port),
      port,
      vipPort: this.vipPort,
      haPort: this.messageStoreConfig.haListenPort,
    });
    if (this.serverTls.mode !== 'disabled') {
      log.info(
        `${this.serverTls.describe()} on ports ${port} and ${this.vipPort}; the HA port ${this.messageStoreConfig.haListenPort} ` +
          'stays plain TCP as in RocketMQ 4.9: keep replication on a private network',
      );
    }
  }

  /** The topics as registered: with the broker's permission folded in when it is not read-write. */
  private registrationWrapper(only?: TopicConfig): TopicConfigSerializeWrapper {
    const perm = this.brokerConfig.brokerPermission;
    const w = only ? createTopicConfigWrapper([only], this.topicConfigManager.dataVersion) : this.topicConfigManager.wrapper();
    if (isWriteable(perm) && isReadable(perm)) return w;
    const masked = [...w.topicConfigTable.values()].map((tc) => ({ ...tc, perm, topicSysFlag: 0, order: false }));
    return createTopicConfigWrapper(masked, w.dataVersion);
  }

  /** REGISTER_BROKER to every name server; registrations run one after another, never overlapping. */
  registerBrokerAll(checkOrderConfig: boolean, oneway: boolean, forceRegister: boolean, only?: TopicConfig): Promise<void> {
    void forceRegister;
    const run = async () => {
      if (this.state !== 'running') return;
      const results = await this.outerApi.registerBrokerAll({
        clusterName: this.brokerConfig.brokerClusterName,
        brokerAddr: this.brokerAddr,
        brokerName: this.brokerConfig.brokerName,
        brokerId: this.brokerConfig.brokerId,
        haServerAddr: this.haServerAddr,
        wrapper: this.registrationWrapper(only),
        oneway,
        timeoutMs: this.brokerConfig.registerBrokerTimeoutMills,
        compressed: this.brokerConfig.compressedRegister,
      });
      const first: RegisterBrokerResult | undefined = results[0];
      if (!oneway) this.onRegistered(first ?? null);
      if (!first) return;
      if (checkOrderConfig && first.kvTable) this.topicConfigManager.updateOrderTopicConfig(new Set(first.kvTable.keys()));
    };
    this.pendingRegistrations++;
    this.registering = this.registering
      .then(run, run)
      .catch((err) => log.warn('register broker failed', { err: describeError(err) }))
      .finally(() => {
        this.pendingRegistrations--;
      });
    return this.registering;
  }

  /** A slave learns its master (broker and HA address) from the answer. */
  private onRegistered(first: RegisterBrokerResult | null): void {
    if (!this.isSlave || !this.replication) return;
    const before = this.replication.masterAddr;
    this.replication.onRegistered(first);
    const now = this.replication.masterAddr;
    if (now !== before) log.info('master address from the name server', { master: now, haServerAddr: first?.haServerAddr });
  }

  /** Registers one new or changed topic at once (Java's registerIncrementBrokerData). */
  registerIncrementBrokerData(tc: TopicConfig): Promise<void> {
    return this.registerBrokerAll(true, false, true, tc);
  }

  /** Stops work, persists everything, leaves the name servers and closes the store (which removes the abort file). */
  async shutdown(): Promise<void> {
    if (this.state === 'stopping' || this.state === 'stopped') return;
    const wasRunning = this.state === 'running';
    this.state = 'stopping';
    this.ready = false;
    for (const t of this.timers) clearInterval(t);
    this.timers.length = 0;
    this.housekeeping.stop();
    this.stats.stop();
    this.pullHold.stop();
    await this.metrics?.close();
    this.server.observeRequests(null);
    await this.server.close();
    this.acl?.close();
    // Stops accepting slaves now; resolves once replication closed the connections it holds.
    const haClosed = new Promise<void>((r) => (this.haServer ? this.haServer.close(() => r()) : r()));
    await this.schedule?.shutdown();
    await this.timer?.shutdown();
    await this.transactionCheck?.shutdown();
    await this.registering;
    if (wasRunning) {
      await this.outerApi.unregisterBrokerAll({
        clusterName: this.brokerConfig.brokerClusterName,
        brokerAddr: this.brokerAddr,
        brokerName: this.brokerConfig.brokerName,
        brokerId: this.brokerConfig.brokerId,
      });
    }
    await this.replication?.shutdown();
    await haClosed;
    await this.outerApi.close();
    await this.store?.close();
    if (wasRunning) {
      await this.consumerOffsetManager.configFile.persistNow();
      await this.topicConfigManager.configFile.persistNow();
      await this.subscriptionGroupManager.configFile.persistNow();
      await this.consumerFilterManager.configFile.persistNow();
    }
    this.state = 'stopped';
    if (wasRunning) log.info('broker stopped', { broker: this.brokerConfig.brokerName });
  }
}
