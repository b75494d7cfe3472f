// BrokerConfig: every key of Apache RocketMQ 4.9.8's broker configuration, in Java's declaration
// order (the order `-p` prints), with its default and why. Thread-pool keys have no pools to size on
// one event loop; they are kept so Java config files load and print the same. The `-m` keys are
// Java's @ImportantField ones.

import os from 'node:os';
import { packageRoot } from '../runtime.js';
import { metricsConfigKeys } from './metrics-config.js';
import { bool, type ConfigOf, DAY_MS, defineConfig, int, INT_MAX, long, LONG_MAX, NO_THREAD_POOL, str, THREADS_MAX } from './schema.js';
import { HOST, NAME, TOPIC } from './value-rules.js';

const cpus = os.availableParallelism?.() ?? os.cpus().length;
const imp = { important: true };

// Why keys are read but not acted on (schema.ts `inert`); implementing one means deleting its mark.
const QUEUE = 'requests wait in no queue here: nothing to bound';
const QUEUE_REPORTED = 'only reported by GET_BROKER_RUNTIME_INFO: requests wait in no queue here';
const COMMERCIAL = 'Java commercial statistics; not kept';
const NO_EFFECT_IN_JAVA = 'without effect in Java 4.9.8 too';
const SLOW_CONSUMERS = 'groups that read slowly are never disabled';

/**
 * This host's address as Java's RemotingUtil.getLocalAddress picks it: the first IPv4 address that
 * is neither loopback nor 127.0/192.168, else the last IPv4 one seen, else the first IPv6 one, else
 * 127.0.0.1.
 */
export function localAddress(): string {
  const v4: string[] = [];
  const v6: string[] = [];
  for (const addrs of Object.values(os.networkInterfaces())) {
    for (const a of addrs ?? []) {
      if (a.internal) continue;
      if (a.family === 'IPv4' || (a.family as unknown) === 4) v4.push(a.address);
      else v6.push(a.address.replace(/%.*$/, ''));
    }
  }
  const pub = v4.find((ip) => !ip.startsWith('127.0') && !ip.startsWith('192.168'));
  return pub ?? v4[v4.length - 1] ?? v6[0] ?? '127.0.0.1';
}

/** Java's default brokerName: the host name. */
function localHostName(): string {
  try {
    return os.hostname() || 'DEFAULT_BROKER';
  } catch {
    return 'DEFAULT_BROKER';
  }
}

const local = localAddress();

export const brokerConfigDef = defineConfig('BrokerConfig', {
  rocketmqHome: str(process.env.ROCKETMQ_HOME ?? packageRoot, 'install directory ($ROCKETMQ_HOME); defaults to this package'),
  namesrvAddr: str(process.env.NAMESRV_ADDR ?? '', 'name servers, `;`-separated; empty means none ($NAMESRV_ADDR)', imp),
  brokerIP1: str(local, 'address clients reach this broker at: the first non-loopback IPv4 address', { ...imp, ...HOST }),
  brokerIP2: str(local, 'address slaves reach the HA port at', HOST),
  brokerName: str(localHostName(), 'the master/slave set this broker belongs to; defaults to the host name', { ...imp, ...NAME }),
  brokerClusterName: str('DefaultCluster', 'cluster the broker registers under', { ...imp, ...NAME }),
  brokerId: long(0, '0 is the master; slaves take 1 and up', {
    ...imp,
    range: [0, INT_MAX],
    allowed: 'an integer from 0 to 2147483647, 0 for a master',
  }),
  brokerPermission: int(6, 'read and write (PermName 4|2); 4 makes the broker read-only', {
    range: [0, 7],
    allowed: 'a permission from 0 to 7: 4 read, 2 write, 6 both',
  }),
  defaultTopicQueueNums: int(8, 'queues of TBW102, which caps the queues of auto-created topics', { range: [1, 65535] }),
  autoCreateTopicEnable: bool(true, 'a send to an unknown topic creates it from TBW102', imp),
  clusterTopicEnable: bool(true, 'the cluster-name topic is readable and writable'),
  brokerTopicEnable: bool(true, 'the broker-name topic is readable and writable'),
  autoCreateSubscriptionGroup: bool(true, 'an unknown consumer group is created on first use', imp),
  messageStorePlugIn: str('', 'Java store plug-in classes; none here', { inert: 'Java store plug-in classes cannot load here' }),
  msgTraceTopicName: str('RMQ_SYS_TRACE_TOPIC', 'topic message traces go to', { ...imp, ...TOPIC }),
  traceTopicEnable: bool(false, 'create the trace topic at start-up', imp),
  sendMessageThreadPoolNums: int(Math.min(cpus, 4), 'Java send pool size; sends run on the event loop here', {
    range: [1, THREADS_MAX],
    inert: NO_THREAD_POOL,
  }),
  putMessageFutureThreadPoolNums: int(Math.min(cpus, 4), 'Java put-completion pool size; unused here', {
    range: [1, THREADS_MAX],
    inert: NO_THREAD_POOL,
  }),
  pullMessageThreadPoolNums: int(16 + cpus * 2, 'Java pull pool size; unused here', { range: [1, THREADS_MAX], inert: NO_THREAD_POOL }),
  processReplyMessageThreadPoolNums: int(16 + cpus * 2, 'Java reply pool size; unused here', {
    range: [1, THREADS_MAX],
    inert: NO_THREAD_POOL,
  }),
  queryMessageThreadPoolNums: int(8 + cpus, 'Java query pool size; unused here', { range: [1, THREADS_MAX], inert: NO_THREAD_POOL }),
  adminBrokerThreadPoolNums: int(16, 'Java admin pool size; unused here', { range: [1, THREADS_MAX], inert: NO_THREAD_POOL }),
  clientManageThreadPoolNums: int(32, 'Java client-manage pool size; unused here', { range: [1, THREADS_MAX], inert: NO_THREAD_POOL }),
  consumerManageThreadPoolNums: int(32, 'Java consumer-manage pool size; unused here', { range: [1, THREADS_MAX], inert: NO_THREAD_POOL }),
  heartbeatThreadPoolNums: int(Math.min(32, cpus), 'Java heartbeat pool size; unused here', {
    range: [1, THREADS_MAX],
    inert: NO_THREAD_POOL,
  }),
  endTransactionThreadPoolNums: int(Math.max(8 + cpus * 2, Math.min(cpus, 4) * 4), 'Java end-transaction pool size; unused here', {
    range: [1, THREADS_MAX],
    inert: NO_THREAD_POOL,
  }),
  flushConsumerOffsetInterval: int(1000 * 5, 'consumer offsets are written to consumerOffset.json every 5 s', { range: [1, DAY_MS] }),
  flushConsumerOffsetHistoryInterval: int(1000 * 60, 'Java history flush interval; unused', {
    range: [1, DAY_MS],
    inert: NO_EFFECT_IN_JAVA,
  }),
  rejectTransactionMessage: bool(false, 'refuse transactional (half) messages with NO_PERMISSION', imp),
  fetchNamesrvAddrByAddressServer: bool(false, 'look name servers up over HTTP; not supported', {
    ...imp,
    inert: 'name servers are not looked up over HTTP: set namesrvAddr',
  }),
  sendThreadPoolQueueCapacity: int(10000, 'Puts in flight past which sends get SYSTEM_BUSY [OVERLOAD], as a full Java send queue', {
    range: [1, INT_MAX],
  }),
  putThreadPoolQueueCapacity: int(10000, 'Java put queue bound; unused', { range: [1, INT_MAX], inert: QUEUE }),
  pullThreadPoolQueueCapacity: int(100000, 'Java pull queue bound; reported by GET_BROKER_RUNTIME_INFO', {
    range: [1, INT_MAX],
    inert: QUEUE_REPORTED,
  }),
  replyThreadPoolQueueCapacity: int(10000, 'Java reply queue bound; unused', { range: [1, INT_MAX], inert: QUEUE }),
  queryThreadPoolQueueCapacity: int(20000, 'Java query queue bound; reported by GET_BROKER_RUNTIME_INFO', {
    range: [1, INT_MAX],
    inert: QUEUE_REPORTED,
  }),
  clientManagerThreadPoolQueueCapacity: int(1000000, 'Java client-manage queue bound; unused', { range: [1, INT_MAX], inert: QUEUE }),
  consumerManagerThreadPoolQueueCapacity: int(1000000, 'Java consumer-manage queue bound; unused', { range: [1, INT_MAX], inert: QUEUE }),
  heartbeatThreadPoolQueueCapacity: int(50000, 'Java heartbeat queue bound; unused', { range: [1, INT_MAX], inert: QUEUE }),
  endTransactionPoolQueueCapacity: int(100000, 'Java end-transaction queue bound; reported by GET_BROKER_RUNTIME_INFO', {
    range: [1, INT_MAX],
    inert: QUEUE_REPORTED,
  }),
  filterServerNums: int(0, 'filter servers are not supported', { range: [0, 64], inert: 'filter servers are not supported' }),
  longPollingEnable: bool(true, "an empty pull waits up to the client's suspend timeout for messages"),
  shortPollingTimeMills: long(1000, 'how long an empty pull waits when long polling is off', { range: [1, DAY_MS] }),
  notifyConsumerIdsChangedEnable: bool(true, 'tell consumers when their group changes so they rebalance at once'),
  highSpeedMode: bool(false, 'Java flag without effect in 4.9', { inert: NO_EFFECT_IN_JAVA }),
  commercialEnable: bool(true, 'Java commercial statistics switch; unused', { inert: COMMERCIAL }),
  commercialTimerCount: int(1, 'Java commercial statistics weight; unused', { range: [0, INT_MAX], inert: COMMERCIAL }),
  commercialTransCount: int(1, 'Java commercial statistics weight; unused', { range: [0, INT_MAX], inert: COMMERCIAL }),
  commercialBigCount: int(1, 'Java commercial statistics weight; unused', { range: [0, INT_MAX], inert: COMMERCIAL }),
  commercialBaseCount: int(1, 'Java commercial statistics weight; unused', { range: [0, INT_MAX], inert: COMMERCIAL }),
  transferMsgByHeap: bool(true, 'pull bodies are copied through memory (no sendfile here)'),
  maxDelayTime: int(40, 'Java flag without effect in 4.9', { range: [0, INT_MAX], inert: NO_EFFECT_IN_JAVA }),
  regionId: str('DefaultRegion', 'region sent back in MSG_REGION', NAME),
  registerBrokerTimeoutMills: int(6000, 'a REGISTER_BROKER waits this long for a name server', { range: [1, DAY_MS] }),
  slaveReadEnable: bool(false, 'consumers may read from slaves'),
  disableConsumeIfConsumerReadSlowly: bool(false, 'stop groups that read far behind; not supported', { inert: SLOW_CONSUMERS }),
  consumerFallbehindThreshold: long(1024 * 1024 * 1024 * 16, 'how far behind counts as slow (16 GiB)', {
    range: [0, LONG_MAX],
    inert: SLOW_CONSUMERS,
  }),
  brokerFastFailureEnable: bool(true, 'Answer SYSTEM_BUSY to requests that waited too long in a paused connection'),
  waitTimeMillsInSendQueue: long(200, 'A send held longer than this gets SYSTEM_BUSY [TIMEOUT_CLEAN_QUEUE]', { range: [0, DAY_MS] }),
  waitTimeMillsInPullQueue: long(5 * 1000, 'A pull held longer than this gets SYSTEM_BUSY [TIMEOUT_CLEAN_QUEUE]', { range: [0, DAY_MS] }),
  waitTimeMillsInHeartbeatQueue: long(31 * 1000, 'A heartbeat held longer than this gets SYSTEM_BUSY [TIMEOUT_CLEAN_QUEUE]', {
    range: [0, DAY_MS],
  }),
  waitTimeMillsInTransactionQueue: long(3 * 1000, 'An END_TRANSACTION held longer than this gets SYSTEM_BUSY [TIMEOUT_CLEAN_QUEUE]', {
    range: [0, DAY_MS],
  }),
  startAcceptSendRequestTimeStamp: long(0, 'sends before this time (ms) are refused', { range: [0, LONG_MAX] }),
  traceOn: bool(true, 'sent back in TRACE_ON: clients may trace'),
  enableCalcFilterBitMap: bool(false, 'SQL92 filter bitmaps at dispatch; not built (a warning at start-up when true)', {
    inert: 'SQL92 filter bitmaps are not built: every pull evaluates the expression',
  }),
  expectConsumerNumUseFilter: int(32, 'bloom filter sizing: SQL92 consumer groups expected (positions kept in consumerFilter.json)', {
    range: [1, INT_MAX],
  }),
  maxErrorRateOfBloomFilter: int(20, 'bloom filter error rate (percent) for SQL92 filter positions', {
    range: [1, 99],
    allowed: 'a percentage from 1 to 99',
  }),
  filterDataCleanTimeSpan: long(24 * 3600 * 1000, 'SQL92 filters of groups gone this long (ms) are removed', { range: [0, LONG_MAX] }),
  filterSupportRetry: bool(false, "retry topics' messages are filtered by the group's SQL92 filter of their original topic"),
  enablePropertyFilter: bool(false, 'SQL92 property filters; off: SQL92 subscriptions are refused, as in Java'),
  compressedRegister: bool(false, 'REGISTER_BROKER bodies in the zlib form'),
  forceRegister: bool(true, 'periodic registration always sends the topic table', {
    inert: 'every periodic registration sends the whole topic table, as with true',
  }),
  registerNameServerPeriod: int(1000 * 30, 'registration with the name servers repeats every 30 s (clamped to 1-60 s)', {
    range: [1000, 60_000],
    allowed: 'milliseconds from 1000 to 60000',
  }),
  transactionTimeOut: long(6 * 1000, 'half messages younger than this are not checked', { ...imp, range: [0, LONG_MAX] }),
  transactionCheckMax: int(15, 'a half message is checked at most 15 times', { ...imp, range: [1, INT_MAX] }),
  transactionCheckInterval: long(60 * 1000, 'half messages are checked every 60 s', {
    ...imp,
    range: [100, DAY_MS],
    allowed: 'milliseconds from 100 to 86400000',
  }),
  aclEnable: bool(false, 'check every request against the plain ACL under rocketmqHome (conf/plain_acl.yml, conf/acl/)', imp),
  storeReplyMessageEnable: bool(true, 'store request-reply messages besides pushing them to the requester'),
  enableDetailStat: bool(true, 'detailed statistics'),
  autoDeleteUnusedStats: bool(false, 'drop statistics of deleted topics and groups'),
  isolateLogEnable: bool(false, 'per-broker log directories; logs go to stderr here'),
  ...metricsConfigKeys(5557, "RocketMQ 5's default"),
  configBlackList: str('configBlackList;brokerConfigPath', 'keys, `;`-separated, UPDATE_BROKER_CONFIG refuses to change'),
});

export type BrokerConfig = ConfigOf<typeof brokerConfigDef.spec>;

export function defaultBrokerConfig(overrides: Partial<BrokerConfig> = {}): BrokerConfig {
  return { ...brokerConfigDef.defaults(), ...overrides };
}

/** Keys UPDATE_BROKER_CONFIG may never change, whatever configBlackList says (AdminBrokerProcessor). */
export const BROKER_FIXED_BLACKLIST: readonly string[] = ['brokerConfigPath', 'rocketmqHome', 'configBlackList'];

/** The name servers of `namesrvAddr`, in order, without blanks. */
export function namesrvAddrList(namesrvAddr: string): string[] {
  return namesrvAddr.split(';').map((s) => s.trim()).filter(Boolean);
}
