// Texts of the offset commands, as mqadmin prints them:
//   resetOffsetByTime (new way)  a "rollback consumer offset by specified group[..]" line, then
//                                #brokerName #queueId #offset (40 wide each)
//   resetOffsetByTime (old way)  the same line with consumerGroup[..], then #brokerName #queueId
//                                #brokerOffset #consumerOffset #timestampOffset #rollbackOffset (20 wide)
//   queryCq                      the group's subscription (pretty JSON) and filter if the broker has
//                                them, the queue's index bounds, then idx and ConsumeQueueData per
//                                entry, each block closed by a rule of '='

import { stringifyFastjson } from '../../remoting/fastjson.js';
import type { QueryConsumeQueueResponseBody } from '../../remoting/protocol/consume-queue.js';
import type { MessageQueueMap } from '../../remoting/protocol/message-queue.js';
import { subscriptionDataToJson } from '../../remoting/protocol/subscription.js';
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
    intro:
      `rollback consumer offset by specified group[${a.group}], topic[${a.topic}], force[${a.force}], timestamp(string)[${a.timestampText}], timestamp(long)[${a.timestamp}]`,
    header: jformat('%-40s  %-40s  %-40s', '#brokerName', '#queueId', '#offset'),
    rows: offsets.sorted().map(([mq, off]) => jformat('%-40s  %-40d  %-40d', frontStringAtLeast(mq.brokerName, 32), mq.queueId, off)),
  };
}

export function resetOldLines(a: ResetArgs, stats: readonly RollbackStats[]): { intro: string; header: string; rows: string[] } {
  return {
    intro:
      `rollback consumer offset by specified consumerGroup[${a.group}], topic[${a.topic}], force[${a.force}], timestamp(string)[${a.timestampText}], timestamp(long)[${a.timestamp}]`,
    header: jformat(
      '%-20s  %-20s  %-20s  %-20s  %-20s  %-20s',
      '#brokerName',
      '#queueId',
      '#brokerOffset',
      '#consumerOffset',
      '#timestampOffset',
      '#rollbackOffset',
    ),
    rows: stats.map((s) =>
      jformat(
        '%-20s  %-20d  %-20d  %-20d  %-20d  %-20d',
        frontStringAtLeast(s.brokerName, 32),
        s.queueId,
        s.brokerOffset,
        s.consumerOffset,
        s.timestampOffset,
        s.rollbackOffset,
      )
    ),
  };
}

const RULE = '======================================';

/** queryCq's text for `body`, whose first entry is at `index`. */
export function queryCqLines(index: number, b: QueryConsumeQueueResponseBody): string[] {
  const out: string[] = [];
  if (b.subscriptionData) {
    out.push(`Subscription data: \n${stringifyFastjson(subscriptionDataToJson(b.subscriptionData), { pretty: true })}\n${RULE}`);
  }
  if (b.filterData !== undefined) out.push(`Filter data: \n${b.filterData}\n${RULE}`);
  out.push(`Queue data: \nmax: ${b.maxQueueIndex}, min: ${b.minQueueIndex}\n${RULE}`);
  b.queueData.forEach((q, i) => {
    out.push(`idx: ${index + i}`);
    out.push(
      `ConsumeQueueData{physicOffset=${q.physicOffset}, physicSize=${q.physicSize}, tagsCode=${q.tagsCode}, extendDataJson='${
        q.extendDataJson ?? null
      }', bitMap='${q.bitMap ?? null}', eval=${q.eval}, msg='${q.msg ?? null}'}`,
    );
    out.push(RULE);
  });
  return out;
}
