// Texts of the offset commands, as mqadmin prints them:
//   resetOffsetByTime (new way)  a "rollback consumer offset by specified group[..]" line, then
//                                #brokerName #queueId #offset (40 wide each)
//   resetOffsetByTime (old way)  the same line with consumerGroup[..], then #brokerName #queueId
//                                #brokerOffset #consumerOffset #timestampOffset #rollbackOffset (20 wide)

import type { MessageQueueMap } from '../../remoting/protocol/message-queue.js';
import type { RollbackStats } from '../offsets.js';
import { frontStringAtLeast, jformat } from './printf.js';

export interface ResetArgs {
  group: string;
  topic: string;
  force: boolean;
  timestampText: string;
  timestamp: number;
}

export function resetNewLines(a: ResetArgs, offsets: MessageQueueMap<number>): { intro: string; header: string; rows: string[] } {
  return {
    intro: `rollback consumer offset by specified group[${a.group}], topic[${a.topic}], force[${a.force}], timestamp(string)[${a.timestampText}], timestamp(long)[${a.timestamp}]`,
    header: jformat('%-40s  %-40s  %-40s', '#brokerName', '#queueId', '#offset'),
    rows: offsets.sorted().map(([mq, off]) => jformat('%-40s  %-40d  %-40d', frontStringAtLeast(mq.brokerName, 32), mq.queueId, off)),
  };
}

export function resetOldLines(a: ResetArgs, stats: readonly RollbackStats[]): { intro: string; header: string; rows: string[] } {
  return {
    intro: `rollback consumer offset by specified consumerGroup[${a.group}], topic[${a.topic}], force[${a.force}], timestamp(string)[${a.timestampText}], timestamp(long)[${a.timestamp}]`,
    header: jformat('%-20s  %-20s  %-20s  %-20s  %-20s  %-20s', '#brokerName', '#queueId', '#brokerOffset', '#consumerOffset', '#timestampOffset', '#rollbackOffset'),
    rows: stats.map((s) => jformat('%-20s  %-20d  %-20d  %-20d  %-20d  %-20d', frontStringAtLeast(s.brokerName, 32), s.queueId, s.brokerOffset, s.consumerOffset, s.timestampOffset, s.rollbackOffset)),
  };
}
