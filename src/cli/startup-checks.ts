// What a server checks before it binds anything, beyond each value's own range (schema.ts): values
// that must agree with each other, and directories that must be usable. Every failure is one
// ConfigError naming the key, its value and what is allowed.

import path from 'node:path';
import { INT_MAX } from '../common/config/schema.js';
import { ConfigError } from '../common/errors.js';
import type { BrokerStartupConfig } from './broker-startup.js';
import type { NamesrvStartupConfig } from './namesrv-startup.js';
import { checkDirectoryPlace, ensureWritableDir } from './writable-dir.js';

/** Bytes a commit-log segment keeps free at its end for the end-of-file marker (Java's END_FILE_MIN_BLANK_LENGTH). */
const END_FILE_MIN_BLANK_LENGTH = 4 + 4;
/** An index file's header (IndexHeader.INDEX_HEADER_SIZE), slot and entry sizes. */
const INDEX_HEADER = 40;
const INDEX_SLOT = 4;
const INDEX_ENTRY = 20;

function tooSmall(key: string, value: number, min: number, why: string): ConfigError {
  return new ConfigError(`bad value for ${key}: ${value} (expected at least ${min}: ${why})`);
}

/**
 * The switches that put a Java broker in DLedger (Raft commit log) mode. mq has no DLedger, and a
 * group configured for it would otherwise run as a plain master with nobody told.
 */
const DLEDGER_SWITCHES = ['enableDLegerCommitLog', 'isEnableBatchPush'] as const;

export function checkBrokerStartup(cfg: BrokerStartupConfig): void {
  const s = cfg.messageStoreConfig;
  const n = cfg.nettyServerConfig;
  const dledger = DLEDGER_SWITCHES.filter((k) => s[k]);
  if (dledger.length > 0) {
    throw new ConfigError(
      `${dledger.map((k) => `${k}=true`).join(', ')}: mq has no DLedger (Raft commit log), so this broker cannot start; ` +
        'remove the key to run a master/slave broker, or run Apache RocketMQ for a DLedger group',
    );
  }
  if (s.mappedFileSizeCommitLog < s.maxMessageSize + END_FILE_MIN_BLANK_LENGTH) {
    throw tooSmall(
      'mappedFileSizeCommitLog',
      s.mappedFileSizeCommitLog,
      s.maxMessageSize + END_FILE_MIN_BLANK_LENGTH,
      `a message of maxMessageSize (${s.maxMessageSize}) must fit in one segment`,
    );
  }
  const indexFile = INDEX_HEADER + s.maxHashSlotNum * INDEX_SLOT + s.maxIndexNum * INDEX_ENTRY;
  if (indexFile > INT_MAX) {
    throw new ConfigError(
      `bad value for maxIndexNum: ${s.maxIndexNum} (expected at most ${
        Math.floor((INT_MAX - INDEX_HEADER - s.maxHashSlotNum * INDEX_SLOT) / INDEX_ENTRY)
      } with maxHashSlotNum ${s.maxHashSlotNum}: an index file is at most 2 GiB)`,
    );
  }
  checkWaterMarks(n.writeBufferLowWaterMark, n.writeBufferHighWaterMark);
  checkWaterMarks(cfg.nettyClientConfig.writeBufferLowWaterMark, cfg.nettyClientConfig.writeBufferHighWaterMark);
  ensureWritableDir('storePathRootDir', s.storePathRootDir);
  if (s.storePathCommitLog) ensureWritableDir('storePathCommitLog', s.storePathCommitLog);
}

function checkWaterMarks(low: number, high: number): void {
  if (high > 0 && low > high) {
    throw new ConfigError(`bad value for writeBufferLowWaterMark: ${low} (expected at most writeBufferHighWaterMark, ${high})`);
  }
}

export function checkNamesrvStartup(cfg: NamesrvStartupConfig): void {
  checkWaterMarks(cfg.nettyServerConfig.writeBufferLowWaterMark, cfg.nettyServerConfig.writeBufferHighWaterMark);
  checkDirectoryPlace('kvConfigPath', path.dirname(path.resolve(cfg.namesrvConfig.kvConfigPath)), cfg.namesrvConfig.kvConfigPath);
}
