// Moving a consumer group's offsets (mqadmin resetOffsetByTime, cloneGroupOffset):
//   new way  INVOKE_BROKER_TO_RESET_OFFSET on every broker of the topic: the broker works out the
//            offset of each queue at the timestamp and tells the group's live clients to jump there.
//   old way  when no client is online (CONSUMER_NOT_ONLINE): the admin computes each queue's offset
//            itself (SEARCH_OFFSET_BY_TIMESTAMP, or the max offset for "now") and commits it with
//            UPDATE_CONSUMER_OFFSET, so the group starts there when it comes back.
// Without force, an offset only ever moves back.

import { MQClientError } from '../common/errors.js';
import { MQBrokerError } from '../remoting/errors.js';
import { ResponseCode } from '../remoting/response-code.js';
import { selectBrokerAddr } from '../remoting/protocol/namesrv/route-data.js';
import { type MessageQueue, MessageQueueMap } from '../remoting/protocol/message-queue.js';
import type { OffsetWrapper } from '../remoting/protocol/consume-stats.js';
import type { AdminExt } from './admin-ext.js';

export interface RollbackStats {
  brokerName: string;
  queueId: number;
  brokerOffset: number;
  consumerOffset: number;
  timestampOffset: number;
  rollbackOffset: number;
}

export type ResetResult =
  | { mode: 'new'; offsets: MessageQueueMap<number> }
  | { mode: 'old'; rollback: RollbackStats[] };

/** The new way; throws CONSUMER_NOT_ONLINE (as MQClientError) when a broker has no live client of the group. */
export async function resetOffsetByTimestamp(
  admin: AdminExt,
  topic: string,
  group: string,
  timestamp: number,
  force: boolean,
): Promise<MessageQueueMap<number>> {
  const route = await admin.examineTopicRouteInfo(topic);
  const all = new MessageQueueMap<number>();
  for (const bd of route.brokerDatas) {
    const addr = selectBrokerAddr(bd);
    if (addr === undefined) continue;
    try {
      for (const [mq, off] of await admin.calls.invokeBrokerToResetOffset(addr, topic, group, timestamp, force, admin.timeoutMs)) {
        all.set(mq, off);
      }
    } catch (err) {
      if (err instanceof MQBrokerError && err.responseCode === ResponseCode.CONSUMER_NOT_ONLINE) {
        throw new MQClientError(ResponseCode.CONSUMER_NOT_ONLINE, err.remark, { cause: err });
      }
      throw err;
    }
  }
  return all;
}

async function rollbackQueue(
  admin: AdminExt,
  addr: string,
  group: string,
  mq: MessageQueue,
  w: OffsetWrapper,
  timestamp: number,
  force: boolean,
): Promise<RollbackStats> {
  const resetOffset = timestamp === -1
    ? await admin.api.getMaxOffset(addr, mq, admin.timeoutMs)
    : await admin.api.searchOffset(addr, mq, timestamp, admin.timeoutMs);
  const stats: RollbackStats = {
    brokerName: mq.brokerName,
    queueId: mq.queueId,
    brokerOffset: w.brokerOffset,
    consumerOffset: w.consumerOffset,
    timestampOffset: resetOffset,
    rollbackOffset: w.consumerOffset,
  };
  if (force || resetOffset <= w.consumerOffset) {
    stats.rollbackOffset = resetOffset;
    await admin.api.updateConsumerOffset(addr, {
      consumerGroup: group,
      topic: mq.topic,
      queueId: mq.queueId,
      commitOffset: resetOffset,
      bname: mq.brokerName,
    }, admin.timeoutMs);
  }
  return stats;
}

/** The old way (DefaultMQAdminExtImpl.resetOffsetByTimestampOld). */
export async function resetOffsetByTimestampOld(
  admin: AdminExt,
  group: string,
  topic: string,
  timestamp: number,
  force: boolean,
): Promise<RollbackStats[]> {
  const route = await admin.examineTopicRouteInfo(topic);
  const out: RollbackStats[] = [];
  for (const bd of route.brokerDatas) {
    const addr = selectBrokerAddr(bd);
    if (addr === undefined) continue;
    const cs = await admin.calls.getConsumeStats(addr, group, undefined, admin.timeoutMs);
    let consumed = false;
    for (const [mq, w] of cs.offsetTable.sorted()) {
      if (mq.topic !== topic) continue;
      consumed = true;
      out.push(await rollbackQueue(admin, addr, group, mq, w, timestamp, force));
    }
    if (consumed) continue;
    // The group never consumed here: every readable queue starts from its minimum.
    const qd = route.queueDatas.find((q) => q.brokerName === bd.brokerName);
    const status = (await admin.calls.getTopicStatsInfo(addr, topic, admin.timeoutMs)).offsetTable;
    for (let i = 0; i < (qd?.readQueueNums ?? 0); i++) {
      const mq = { topic, brokerName: bd.brokerName, queueId: i };
      const t = status.get(mq);
      if (!t) continue;
      out.push(
        await rollbackQueue(
          admin,
          addr,
          group,
          mq,
          { brokerOffset: t.maxOffset, consumerOffset: t.minOffset, lastTimestamp: 0 },
          timestamp,
          force,
        ),
      );
    }
  }
  return out;
}

/** resetOffsetByTime: the new way, falling back to the old one when the group is not online. */
export async function resetOffset(admin: AdminExt, topic: string, group: string, timestamp: number, force: boolean): Promise<ResetResult> {
  try {
    return { mode: 'new', offsets: await resetOffsetByTimestamp(admin, topic, group, timestamp, force) };
  } catch (err) {
    if (err instanceof MQClientError && err.responseCode === ResponseCode.CONSUMER_NOT_ONLINE) {
      return { mode: 'old', rollback: await resetOffsetByTimestampOld(admin, group, topic, timestamp, force) };
    }
    throw err;
  }
}

/**
 * cloneGroupOffset as mqadmin does it: the source group's consumer offsets on `topic` are committed
 * for the destination group, queue by queue, on the broker that holds each queue.
 */
export async function cloneGroupOffset(
  admin: AdminExt,
  srcGroup: string,
  destGroup: string,
  topic: string,
): Promise<MessageQueueMap<number>> {
  const stats = await admin.examineConsumeStats(srcGroup, topic);
  const route = await admin.examineTopicRouteInfo(topic);
  const cloned = new MessageQueueMap<number>();
  for (const [mq, w] of stats.offsetTable.sorted()) {
    if (mq.topic !== topic || w.consumerOffset < 0) continue;
    const bd = route.brokerDatas.find((b) => b.brokerName === mq.brokerName);
    const addr = bd ? selectBrokerAddr(bd) : undefined;
    if (addr === undefined) continue;
    await admin.api.updateConsumerOffset(addr, {
      consumerGroup: destGroup,
      topic: mq.topic,
      queueId: mq.queueId,
      commitOffset: w.consumerOffset,
      bname: mq.brokerName,
    }, admin.timeoutMs);
    cloned.set(mq, w.consumerOffset);
  }
  return cloned;
}

/** DefaultMQAdminExt.cloneGroupOffset: CLONE_GROUP_OFFSET on every broker of the source group's retry topic. */
export async function cloneGroupOffsetInBrokers(
  admin: AdminExt,
  srcGroup: string,
  destGroup: string,
  topic: string | undefined,
  offline: boolean,
): Promise<string[]> {
  const route = await admin.examineTopicRouteInfo(`%RETRY%${srcGroup}`);
  const addrs: string[] = [];
  for (const bd of route.brokerDatas) {
    const addr = selectBrokerAddr(bd);
    if (addr === undefined) continue;
    await admin.calls.cloneGroupOffset(
      addr,
      { srcGroup, destGroup, ...(topic !== undefined ? { topic } : {}), offline },
      admin.timeoutMs * 3,
    );
    addrs.push(addr);
  }
  return addrs;
}
