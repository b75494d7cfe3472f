// MessageStoreConfig against the field list of Java 4.9.8's MessageStoreConfig: every key, Java's
// order, its defaults, the @ImportantField set and the old "maped" spellings.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import {
  consumeQueueFileSize,
  defaultMessageStoreConfig,
  diskMaxUsedSpaceRatio,
  messageStoreConfigDef,
  storePathCommitLog,
  timerPrecisionMs,
} from '../../../src/common/config/message-store-config.js';
import { applyConfig } from '../../../src/common/config/load.js';

const JAVA_FIELDS = `storePathRootDir storePathCommitLog storePathDLedgerCommitLog readOnlyCommitLogStorePaths mappedFileSizeCommitLog
mappedFileSizeConsumeQueue enableConsumeQueueExt mappedFileSizeConsumeQueueExt bitMapLengthConsumeQueueExt flushIntervalCommitLog
commitIntervalCommitLog useReentrantLockWhenPutMessage flushCommitLogTimed flushIntervalConsumeQueue cleanResourceInterval
deleteCommitLogFilesInterval deleteConsumeQueueFilesInterval destroyMapedFileIntervalForcibly redeleteHangedFileInterval deleteWhen
diskMaxUsedSpaceRatio fileReservedTime putMsgIndexHightWater maxMessageSize checkCRCOnRecover flushCommitLogLeastPages
commitCommitLogLeastPages flushLeastPagesWhenWarmMapedFile flushConsumeQueueLeastPages flushCommitLogThoroughInterval
commitCommitLogThoroughInterval flushConsumeQueueThoroughInterval maxTransferBytesOnMessageInMemory maxTransferCountOnMessageInMemory
maxTransferBytesOnMessageInDisk maxTransferCountOnMessageInDisk accessMessageInMemoryMaxRatio messageIndexEnable maxHashSlotNum
maxIndexNum maxMsgsNumBatch messageIndexSafe haListenPort haSendHeartbeatInterval haHousekeepingInterval haTransferBatchSize
haMasterAddress haSlaveFallbehindMax brokerRole flushDiskType syncFlushTimeout slaveTimeout messageDelayLevel flushDelayOffsetInterval
cleanFileForciblyEnable warmMapedFileEnable offsetCheckInSlave debugLockEnable duplicationEnable diskFallRecorded
osPageCacheBusyTimeOutMills defaultQueryMaxNum transientStorePoolEnable transientStorePoolSize fastFailIfNoBufferInStorePool
enableDLegerCommitLog dLegerGroup dLegerPeers dLegerSelfId preferredLeaderId isEnableBatchPush enableScheduleMessageStats enableLmq
enableMultiDispatch maxLmqConsumeQueueNum enableScheduleAsyncDeliver scheduleAsyncDeliverMaxPendingLimit
scheduleAsyncDeliverMaxResendNum2Blocked`.split(/\s+/);

/** RocketMQ 5's timer keys (develop's MessageStoreConfig), in its order, after the 4.9.8 ones. */
const JAVA5_TIMER_FIELDS = `mappedFileSizeTimerLog timerPrecisionMs timerRollWindowSlot timerFlushIntervalMs timerGetMessageThreadNum
timerPutMessageThreadNum timerEnableDisruptor timerEnableCheckMetrics timerInterceptDelayLevel timerMaxDelaySec timerWheelEnable
timerStopEnqueue timerCheckMetricsWhen timerSkipUnknownError timerWarmEnable timerStopDequeue timerEnableRetryUntilSuccess
timerCongestNumEachSlot timerMetricSmallThreshold timerProgressLogIntervalMs`.split(/\s+/);

const JAVA_IMPORTANT = `storePathRootDir storePathCommitLog storePathDLedgerCommitLog flushIntervalCommitLog commitIntervalCommitLog
flushCommitLogTimed deleteWhen fileReservedTime maxTransferBytesOnMessageInMemory maxTransferCountOnMessageInMemory
maxTransferBytesOnMessageInDisk maxTransferCountOnMessageInDisk accessMessageInMemoryMaxRatio messageIndexEnable messageIndexSafe
haMasterAddress brokerRole flushDiskType cleanFileForciblyEnable transientStorePoolEnable`.split(/\s+/);

test('every key of Java 4.9.8 MessageStoreConfig, in its order, then the 5.x timer keys, with @ImportantField marked', () => {
  const spec = messageStoreConfigDef.spec as Record<string, { important?: boolean; doc: string }>;
  assert.deepEqual(Object.keys(spec), [...JAVA_FIELDS, ...JAVA5_TIMER_FIELDS]);
  assert.deepEqual(Object.keys(spec).filter((k) => spec[k]!.important), JAVA_IMPORTANT);
  for (const [k, f] of Object.entries(spec)) assert.ok(f.doc.length > 5, `${k} has a reason`);
});

test('defaults and derived values as Java computes them', () => {
  const cfg = defaultMessageStoreConfig();
  assert.equal(cfg.storePathRootDir, path.join(os.homedir(), 'store'));
  assert.equal(storePathCommitLog(cfg), path.join(os.homedir(), 'store', 'commitlog'));
  assert.equal(cfg.mappedFileSizeCommitLog, 1073741824);
  assert.equal(consumeQueueFileSize(cfg), 6_000_000);
  assert.equal(consumeQueueFileSize({ ...cfg, mappedFileSizeConsumeQueue: 6001 }), 6020);
  assert.equal(cfg.maxHashSlotNum, 5_000_000);
  assert.equal(cfg.maxIndexNum, 20_000_000);
  assert.equal(cfg.flushDiskType, 'ASYNC_FLUSH');
  assert.equal(cfg.brokerRole, 'ASYNC_MASTER');
  assert.equal(cfg.deleteWhen, '04');
  assert.equal(cfg.fileReservedTime, 72);
  assert.equal(cfg.maxMessageSize, 4194304);
  assert.equal(cfg.messageDelayLevel, '1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h');
  assert.equal(diskMaxUsedSpaceRatio({ ...cfg, diskMaxUsedSpaceRatio: 99 }), 95);
  assert.equal(diskMaxUsedSpaceRatio({ ...cfg, diskMaxUsedSpaceRatio: 1 }), 10);
  assert.equal(messageStoreConfigDef.print(cfg, true).filter((l) => !l.startsWith('# not acted on: ')).length, JAVA_IMPORTANT.length);
  assert.equal(cfg.timerMaxDelaySec, 259200, 'timers up to 3 days');
  assert.equal(cfg.timerRollWindowSlot, 172800);
  assert.equal(cfg.timerWheelEnable, true);
  assert.equal(cfg.mappedFileSizeTimerLog, 104857600);
  assert.equal(cfg.timerPrecisionMs, 100, 'ours; Java 1000');
  const precision = (ms: number) => timerPrecisionMs({ ...cfg, timerPrecisionMs: ms });
  assert.deepEqual([1, 100, 199, 200, 499, 500, 999, 1000, 5000].map(precision), [100, 100, 100, 200, 200, 500, 500, 1000, 1000]);
});

test('old "maped" spellings are accepted as aliases; bad values name the key', () => {
  const cfg = defaultMessageStoreConfig();
  const raw = new Map<string, unknown>([['mapedFileSizeCommitLog', '65536'], ['mapedFileSizeConsumeQueue', '6000'], [
    'enableBatchPush',
    'true',
  ], ['flushDiskType', 'SYNC_FLUSH']]);
  const r = applyConfig(raw, [{ def: messageStoreConfigDef as never, cfg: cfg as never }]);
  assert.deepEqual(r.aliasesUsed, [['mapedFileSizeCommitLog', 'mappedFileSizeCommitLog'], [
    'mapedFileSizeConsumeQueue',
    'mappedFileSizeConsumeQueue',
  ], ['enableBatchPush', 'isEnableBatchPush']]);
  assert.equal(cfg.mappedFileSizeCommitLog, 65536);
  assert.equal(cfg.mappedFileSizeConsumeQueue, 6000);
  assert.equal(cfg.isEnableBatchPush, true);
  assert.equal(cfg.flushDiskType, 'SYNC_FLUSH');
  assert.throws(() => messageStoreConfigDef.set(cfg, 'flushDiskType', 'SOMETIMES'), /flushDiskType/);
  assert.throws(() => messageStoreConfigDef.set(cfg, 'maxMessageSize', 'big'), /maxMessageSize/);
});
