// PULL_MESSAGE (11).
//   request   consumerGroup topic queueId queueOffset maxMsgNums sysFlag commitOffset
//             suspendTimeoutMillis subscription? subVersion expressionType? bname?
//             (Java's fast-encode order; sysFlag bits below)
//   response  suggestWhichBrokerId nextBeginOffset minOffset maxOffset; remark FOUND / OFFSET_* /
//             NO_MESSAGE_IN_QUEUE...; body: the found messages, concatenated as stored in the commit log.
// A suspended (long-polled) pull is answered in JSON even to a ROCKETMQ request.

import { defineHeader, h, type HeaderType } from '../header.js';

export const PullMessageRequestHeader = defineHeader('PullMessageRequestHeader', {
  consumerGroup: h.str(),
  topic: h.str(),
  queueId: h.int(),
  queueOffset: h.long(),
  maxMsgNums: h.int(),
  sysFlag: h.int(),
  commitOffset: h.long(),
  suspendTimeoutMillis: h.long(),
  subscription: h.optStr(),
  subVersion: h.long(),
  expressionType: h.optStr(),
  bname: h.optStr(),
});
export type PullMessageRequest = HeaderType<typeof PullMessageRequestHeader>;

export const PullMessageResponseHeader = defineHeader('PullMessageResponseHeader', {
  suggestWhichBrokerId: h.long(),
  nextBeginOffset: h.long(),
  minOffset: h.long(),
  maxOffset: h.long(),
});
export type PullMessageResponse = HeaderType<typeof PullMessageResponseHeader>;

/** PullSysFlag bits. */
export const PullSysFlag = {
  /** The request carries commitOffset for the broker to store. */
  COMMIT_OFFSET: 0x1,
  /** The broker may hold the request up to suspendTimeoutMillis for new messages. */
  SUSPEND: 0x2,
  /** The request carries its own subscription expression (instead of the broker's stored one). */
  SUBSCRIPTION: 0x4,
  CLASS_FILTER: 0x8,
  LITE_PULL_MESSAGE: 0x10,
} as const;

export function buildPullSysFlag(
  commitOffset: boolean,
  suspend: boolean,
  subscription: boolean,
  classFilter: boolean,
  litePull = false,
): number {
  return (commitOffset ? PullSysFlag.COMMIT_OFFSET : 0) |
    (suspend ? PullSysFlag.SUSPEND : 0) |
    (subscription ? PullSysFlag.SUBSCRIPTION : 0) |
    (classFilter ? PullSysFlag.CLASS_FILTER : 0) |
    (litePull ? PullSysFlag.LITE_PULL_MESSAGE : 0);
}

export const clearCommitOffsetFlag = (sysFlag: number): number => sysFlag & ~PullSysFlag.COMMIT_OFFSET;
export const hasCommitOffsetFlag = (sysFlag: number): boolean => (sysFlag & PullSysFlag.COMMIT_OFFSET) !== 0;
export const hasSuspendFlag = (sysFlag: number): boolean => (sysFlag & PullSysFlag.SUSPEND) !== 0;
export const hasSubscriptionFlag = (sysFlag: number): boolean => (sysFlag & PullSysFlag.SUBSCRIPTION) !== 0;
export const hasClassFilterFlag = (sysFlag: number): boolean => (sysFlag & PullSysFlag.CLASS_FILTER) !== 0;
export const hasLitePullFlag = (sysFlag: number): boolean => (sysFlag & PullSysFlag.LITE_PULL_MESSAGE) !== 0;
