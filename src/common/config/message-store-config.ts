// MessageStoreConfig: every key of Apache RocketMQ 4.9.8's store configuration with its default,
// then the timer-message keys of RocketMQ 5's (develop) MessageStoreConfig. Keys the TypeScript
// store does not act on (DLedger, transient store pool, LMQ, timer threads and metrics)
// are still declared so Java config files load and print the same, and marked inert (schema.ts).

import os from 'node:os';
import path from 'node:path';
import { bool, type ConfigOf, DAY_MS, defineConfig, int, INT_MAX, long, oneOf, str } from './schema.js';
import { DELAY_LEVELS, HOURS, OPTIONAL_HOST_PORT, PATH } from './value-rules.js';

export const BrokerRole = ['ASYNC_MASTER', 'SYNC_MASTER', 'SLAVE'] as const;
export type BrokerRole = (typeof BrokerRole)[number];
export const FlushDiskType = ['SYNC_FLUSH', 'ASYNC_FLUSH'] as const;
export type FlushDiskType = (typeof FlushDiskType)[number];

/** Bytes of one consume-queue unit: commitLogOffset i64 | size i32 | tagsCode i64. */
export const CQ_STORE_UNIT_SIZE = 20;

const imp = { important: true };

// Why keys are read but not acted on (schema.ts `inert`); implementing one means deleting its mark.
const DLEDGER = 'DLedger is not implemented (enableDLegerCommitLog=true refuses to start)';
const NO_MMAP = 'files are written with positioned writes: no mmap, no transient pool, no page warm-up';
const CQ_EXT = 'the consume-queue extension (filter bitmaps) is not built';
const LMQ = 'light message queues (LMQ) are not implemented';
const ASYNC_DELIVER = 'scheduled messages are delivered synchronously';
const TIMER_THREADS = 'one event loop takes and delivers timer messages: no threads or queues between them';
const TIMER_METRICS = 'per-topic timer metrics (timermetrics) are not kept';

export const messageStoreConfigDef = defineConfig('MessageStoreConfig', {
  storePathRootDir: str(path.join(os.homedir(), 'store'), 'everything lives under ${user.home}/store unless told otherwise', {
    ...imp,
    ...PATH,
  }),
  storePathCommitLog: str('', 'empty means <storePathRootDir>/commitlog', imp),
  storePathDLedgerCommitLog: str('', 'DLedger is not supported; kept for config compatibility', { ...imp, inert: DLEDGER }),
  readOnlyCommitLogStorePaths: str('', 'extra read-only commit-log directories (multi-path stores); unused here', {
    inert: 'extra read-only commit-log directories are not read',
  }),
  mappedFileSizeCommitLog: int(1024 * 1024 * 1024, 'one commit-log segment is 1 GiB', {
    aliases: ['mapedFileSizeCommitLog'],
    range: [64 * 1024, INT_MAX],
    allowed: 'bytes from 65536 to 2147483647',
  }),
  mappedFileSizeConsumeQueue: int(300000 * CQ_STORE_UNIT_SIZE, '300,000 units of 20 bytes per consume-queue file', {
    aliases: ['mapedFileSizeConsumeQueue'],
    range: [CQ_STORE_UNIT_SIZE, INT_MAX],
    allowed: 'bytes from 20, one unit, to 2147483647',
  }),
  enableConsumeQueueExt: bool(false, 'the consume-queue extension (filter bitmaps) is off by default', { inert: CQ_EXT }),
  mappedFileSizeConsumeQueueExt: int(48 * 1024 * 1024, 'size of a consume-queue extension file, 48 MiB', {
    range: [1, INT_MAX],
    inert: CQ_EXT,
  }),
  bitMapLengthConsumeQueueExt: int(64, 'bits in an extension filter bitmap', { range: [8, 32767], inert: CQ_EXT }),
  flushIntervalCommitLog: int(500, 'ASYNC_FLUSH syncs the commit log every 500 ms', { ...imp, range: [1, DAY_MS] }),
  commitIntervalCommitLog: int(200, 'transient-pool commit interval; no transient pool here', {
    ...imp,
    range: [1, DAY_MS],
    inert: NO_MMAP,
  }),
  useReentrantLockWhenPutMessage: bool(true, 'Java lock choice; a single event loop needs no lock', {
    inert: 'one event loop: puts take no lock',
  }),
  flushCommitLogTimed: bool(true, 'flush on a timer rather than on every put', imp),
  flushIntervalConsumeQueue: int(1000, 'consume queues and index are synced every second', { range: [1, DAY_MS] }),
  cleanResourceInterval: int(10000, 'retention runs every 10 s', { range: [1, DAY_MS] }),
  deleteCommitLogFilesInterval: int(100, 'pause between two commit-log segment deletions, ms', { range: [0, 60_000] }),
  deleteConsumeQueueFilesInterval: int(100, 'pause between two consume-queue file deletions, ms', { range: [0, 60_000] }),
  destroyMapedFileIntervalForcibly: int(1000 * 120, 'a segment still in use is deleted anyway after 120 s', {
    range: [0, DAY_MS],
    inert: 'a segment is deleted at once: reads hold no reference that delays it',
  }),
  redeleteHangedFileInterval: int(1000 * 120, 'retry deleting a segment that failed to go after 120 s', {
    range: [0, DAY_MS],
    inert: 'a segment is deleted at once: reads hold no reference that delays it',
  }),
  deleteWhen: str('04', 'expired segments are deleted at 4 am local time ("01;02" lists hours)', { ...imp, ...HOURS }),
  diskMaxUsedSpaceRatio: int(75, 'above 75 % disk use, segments are deleted before they expire', {
    range: [10, 95],
    allowed: 'a percentage from 10 to 95, where Java clamps it',
  }),
  fileReservedTime: int(72, 'segments are kept 72 hours', { ...imp, range: [0, 24 * 365 * 100], allowed: 'hours from 0 to 876000' }),
  putMsgIndexHightWater: int(600000, 'Java flow-control mark for dispatch lag; informational', {
    range: [1, INT_MAX],
    inert: 'dispatch lag does not throttle puts',
  }),
  maxMessageSize: int(1024 * 1024 * 4, 'bodies over 4 MiB are refused', {
    range: [1, 1024 * 1024 * 1024],
    allowed: 'bytes from 1 to 1073741824',
  }),
  checkCRCOnRecover: bool(true, 'recovery verifies every body CRC'),
  flushCommitLogLeastPages: int(4, 'ASYNC_FLUSH waits for 4 dirty pages (16 KiB) before a sync', { range: [0, INT_MAX] }),
  commitCommitLogLeastPages: int(4, 'transient-pool commit threshold; no transient pool here', { range: [0, INT_MAX], inert: NO_MMAP }),
  flushLeastPagesWhenWarmMapedFile: int((1024 / 4) * 16, 'page warm-up flush batch; no mmap here', { range: [0, INT_MAX], inert: NO_MMAP }),
  flushConsumeQueueLeastPages: int(2, 'consume queues wait for 2 dirty pages before a sync', { range: [0, INT_MAX] }),
  flushCommitLogThoroughInterval: int(1000 * 10, 'everything written is synced at least every 10 s', { range: [0, DAY_MS] }),
  commitCommitLogThoroughInterval: int(200, 'transient-pool full commit interval; no transient pool here', {
    range: [0, DAY_MS],
    inert: NO_MMAP,
  }),
  flushConsumeQueueThoroughInterval: int(1000 * 60, 'consume queues fully synced, and the checkpoint written, every 60 s', {
    range: [0, DAY_MS],
  }),
  maxTransferBytesOnMessageInMemory: int(1024 * 256, 'a pull of page-cached data returns up to 256 KiB', { ...imp, range: [1, INT_MAX] }),
  maxTransferCountOnMessageInMemory: int(32, 'a pull of page-cached data returns up to 32 messages', { ...imp, range: [1, INT_MAX] }),
  maxTransferBytesOnMessageInDisk: int(1024 * 64, 'a pull of cold data returns up to 64 KiB', { ...imp, range: [1, INT_MAX] }),
  maxTransferCountOnMessageInDisk: int(8, 'a pull of cold data returns up to 8 messages', { ...imp, range: [1, INT_MAX] }),
  accessMessageInMemoryMaxRatio: int(40, 'data within 40 % of RAM behind the head counts as in memory', {
    ...imp,
    range: [0, 100],
    allowed: 'a percentage from 0 to 100',
  }),
  messageIndexEnable: bool(true, 'keys and unique ids are indexed for QUERY_MESSAGE', imp),
  maxHashSlotNum: int(5000000, 'hash slots per index file', { range: [1, Math.floor(INT_MAX / 4)] }),
  maxIndexNum: int(5000000 * 4, 'entries per index file', { range: [1, Math.floor(INT_MAX / 20)] }),
  maxMsgsNumBatch: int(64, 'a key query returns at most 64 messages', { range: [1, 65535] }),
  messageIndexSafe: bool(false, 'recover from the index checkpoint too (slower start, no lost index entries)', imp),
  haListenPort: int(10912, 'HA port; replication is the broker’s concern', {
    range: [0, 65535],
    allowed: 'a port from 1 to 65535, or 0 for a free one',
    inert: 'always listenPort + 1, as Java sets it at start-up: a value in the file is overwritten',
  }),
  haSendHeartbeatInterval: int(1000 * 5, 'slave heartbeat every 5 s', { range: [1, DAY_MS] }),
  haHousekeepingInterval: int(1000 * 20, 'an HA connection silent for 20 s is dropped', { range: [1, DAY_MS] }),
  haTransferBatchSize: int(1024 * 32, 'HA transfers 32 KiB at a time', {
    range: [1, 64 * 1024 * 1024],
    allowed: 'bytes from 1 to 67108864',
  }),
  haMasterAddress: str('', 'a slave’s master address; empty on a master', { ...imp, ...OPTIONAL_HOST_PORT }),
  haSlaveFallbehindMax: int(1024 * 1024 * 256, 'a slave 256 MiB behind is not in sync', { range: [0, INT_MAX] }),
  brokerRole: oneOf(BrokerRole, 'ASYNC_MASTER', 'a master replicating asynchronously', imp),
  flushDiskType: oneOf(FlushDiskType, 'ASYNC_FLUSH', 'acknowledge after the write, sync on a timer', imp),
  syncFlushTimeout: int(1000 * 5, 'SYNC_FLUSH answers FLUSH_DISK_TIMEOUT after 5 s', { range: [1, DAY_MS] }),
  slaveTimeout: int(3000, 'SYNC_MASTER answers FLUSH_SLAVE_TIMEOUT after 3 s', { range: [1, DAY_MS] }),
  messageDelayLevel: str(
    '1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h',
    'the 18 delay levels of scheduled messages',
    DELAY_LEVELS,
  ),
  flushDelayOffsetInterval: long(1000 * 10, 'delay offsets are persisted every 10 s', { range: [1, DAY_MS] }),
  cleanFileForciblyEnable: bool(true, 'a nearly full disk deletes segments before they expire', imp),
  warmMapedFileEnable: bool(false, 'no page warm-up (no mmap here)', { inert: NO_MMAP }),
  offsetCheckInSlave: bool(false, 'a slave does not correct consumer offsets'),
  debugLockEnable: bool(false, 'Java lock-hold diagnostics; nothing to diagnose here', { inert: 'one event loop: puts take no lock' }),
  duplicationEnable: bool(false, 'DLedger duplication mode; unsupported', { inert: DLEDGER }),
  diskFallRecorded: bool(true, 'record how far behind the head a pull reads', {
    inert: 'how far behind the head a pull reads is not counted',
  }),
  osPageCacheBusyTimeOutMills: long(1000, 'a write stuck over 1 s: sends get SYSTEM_BUSY [REJECTREQUEST]', { range: [1, DAY_MS] }),
  defaultQueryMaxNum: int(32, 'a key query without maxNum returns 32 messages', { range: [1, 65535] }),
  transientStorePoolEnable: bool(false, 'no off-heap write pool (no mmap here)', { ...imp, inert: NO_MMAP }),
  transientStorePoolSize: int(5, 'buffers in the transient pool', { range: [1, 1024], inert: NO_MMAP }),
  fastFailIfNoBufferInStorePool: bool(false, 'transient pool back-pressure; unused', { inert: NO_MMAP }),
  enableDLegerCommitLog: bool(false, 'DLedger is not supported'),
  dLegerGroup: str('', 'DLedger group; unused', { inert: DLEDGER }),
  dLegerPeers: str('', 'DLedger peers; unused', { inert: DLEDGER }),
  dLegerSelfId: str('', 'DLedger node id; unused', { inert: DLEDGER }),
  preferredLeaderId: str('', 'DLedger preferred leader; unused', { inert: DLEDGER }),
  isEnableBatchPush: bool(false, 'DLedger batch push; unused', { aliases: ['enableBatchPush'], inert: DLEDGER }),
  enableScheduleMessageStats: bool(true, 'count scheduled-message deliveries'),
  enableLmq: bool(false, 'light message queues are off', { inert: LMQ }),
  enableMultiDispatch: bool(false, 'multi-queue dispatch (LMQ) is off', { inert: LMQ }),
  maxLmqConsumeQueueNum: int(20000, 'cap on light message queues', { range: [0, INT_MAX], inert: LMQ }),
  enableScheduleAsyncDeliver: bool(false, 'scheduled messages are delivered synchronously', { inert: ASYNC_DELIVER }),
  scheduleAsyncDeliverMaxPendingLimit: int(2000, 'async delivery back-pressure limit', { range: [1, INT_MAX], inert: ASYNC_DELIVER }),
  scheduleAsyncDeliverMaxResendNum2Blocked: int(3, 'async delivery retries before blocking', { range: [0, INT_MAX], inert: ASYNC_DELIVER }),
  // RocketMQ 5's timer messages (TIMER_DELIVER_MS, TIMER_DELAY_SEC, TIMER_DELAY_MS).
  mappedFileSizeTimerLog: int(100 * 1024 * 1024, 'one timer-log segment is 100 MiB (52-byte units)', { range: [68, INT_MAX] }),
  timerPrecisionMs: int(
    100,
    'wheel slot width; Java: 1000. 100 (the finest Java accepts) loads a tenth of a second of messages at a time, each then delivered at its exact ms',
    { range: [1, 60_000] },
  ),
  timerRollWindowSlot: int(
    3600 * 24 * 2,
    'a timer further away than this many slots is parked at the window end and re-enqueued (rolled)',
    {
      range: [1, INT_MAX],
    },
  ),
  timerFlushIntervalMs: int(1000, 'timer log, wheel and timer checkpoint are written every second', { range: [1, DAY_MS] }),
  timerGetMessageThreadNum: int(3, 'Java reader threads; one event loop here', { range: [1, 1024], inert: TIMER_THREADS }),
  timerPutMessageThreadNum: int(3, 'Java writer threads; one event loop here', { range: [1, 1024], inert: TIMER_THREADS }),
  timerEnableDisruptor: bool(false, 'Java queue choice; unused', { inert: TIMER_THREADS }),
  timerEnableCheckMetrics: bool(true, 'Java re-counts per-topic timer metrics hourly; unused', { inert: TIMER_METRICS }),
  timerInterceptDelayLevel: bool(false, 'delay levels stay with the 18-level service, as Java 5 leaves them', {
    inert: 'delay levels always go through the 18-level schedule service',
  }),
  timerMaxDelaySec: int(3600 * 24 * 3, 'a timer message may be at most 3 days away', { range: [1, 365 * 24 * 3600] }),
  timerWheelEnable: bool(true, 'timer messages are accepted; false refuses them with SYSTEM_ERROR'),
  timerStopEnqueue: bool(false, 'operators may pause taking new timer messages into the wheel'),
  timerCheckMetricsWhen: str('05', 'hour of the metrics re-count; unused', { ...HOURS, inert: TIMER_METRICS }),
  timerSkipUnknownError: bool(false, 'an unknown error on delivery is retried, not skipped'),
  timerWarmEnable: bool(false, 'Java page pre-touching; messages are read two slots ahead here anyway', { inert: NO_MMAP }),
  timerStopDequeue: bool(false, 'operators may pause deliveries'),
  timerEnableRetryUntilSuccess: bool(false, 'a delivery the store keeps refusing is given up after 3 tries, as in Java'),
  timerCongestNumEachSlot: int(2147483647, 'no flow control per slot unless set (Integer.MAX_VALUE)', { range: [1, INT_MAX] }),
  timerMetricSmallThreshold: int(1000000, 'Java metrics re-count threshold; unused', { range: [0, INT_MAX], inert: TIMER_METRICS }),
  timerProgressLogIntervalMs: int(10 * 1000, 'the timer logs its progress every 10 s', { range: [1, DAY_MS] }),
});

export type MessageStoreConfig = ConfigOf<typeof messageStoreConfigDef.spec>;

export function defaultMessageStoreConfig(overrides: Partial<MessageStoreConfig> = {}): MessageStoreConfig {
  return { ...messageStoreConfigDef.defaults(), ...overrides };
}

/** Java's getStorePathCommitLog: the configured path, else <root>/commitlog. */
export function storePathCommitLog(cfg: MessageStoreConfig): string {
  return cfg.storePathCommitLog || path.join(cfg.storePathRootDir, 'commitlog');
}

/** Java's getter rounds the consume-queue file size up to whole 20-byte units. */
export function consumeQueueFileSize(cfg: MessageStoreConfig): number {
  return Math.ceil(cfg.mappedFileSizeConsumeQueue / CQ_STORE_UNIT_SIZE) * CQ_STORE_UNIT_SIZE;
}

/** Java's setTimerPrecisionMs: rounded down to 100, 200, 500 or 1000 ms (100 at least). */
export function timerPrecisionMs(cfg: MessageStoreConfig): number {
  const candidates = [100, 200, 500, 1000];
  for (let i = 1; i < candidates.length; i++) if (cfg.timerPrecisionMs < candidates[i]!) return candidates[i - 1]!;
  return 1000;
}

/** Java's getter clamps the ratio to 10..95. */
export function diskMaxUsedSpaceRatio(cfg: MessageStoreConfig): number {
  return Math.min(95, Math.max(10, cfg.diskMaxUsedSpaceRatio));
}
