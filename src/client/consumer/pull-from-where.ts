// Where a consumer starts a queue it holds no position in (RebalancePushImpl and
// RebalanceLitePullImpl.computePullFromWhereWithException): at the group's committed offset when
// there is one; otherwise, by consumeFromWhere, at the queue's end (LAST_OFFSET; retry topics from
// 0), its start (FIRST_OFFSET), or the first message stored at or after consumeTimestamp
// (TIMESTAMP; retry topics from their end). -1 when the committed offset could not be read.

import { parseDate, YYYYMMDDHHMMSS } from '../../common/time-format.js';
import { ConsumeFromWhere } from '../../remoting/protocol/consumer-types.js';
import type { MessageQueue } from '../../remoting/protocol/message-queue.js';
import type { MQAdminImpl } from '../instance/admin-impl.js';
import { isRetryTopic } from '../mix-all.js';
import type { OffsetStore, ReadOffsetType } from './offset-store.js';

export interface PullFromWhere {
  consumeFromWhere: ConsumeFromWhere;
  /** yyyyMMddHHmmss, for CONSUME_FROM_TIMESTAMP. */
  consumeTimestamp: string;
  /** The push consumer reads the store, the lite pull consumer memory first. */
  readType: ReadOffsetType;
}

export async function computePullFromWhere(store: OffsetStore, admin: MQAdminImpl, mq: MessageQueue, how: PullFromWhere): Promise<number> {
  const lastOffset = await store.readOffset(mq, how.readType);
  if (lastOffset >= 0) return lastOffset;
  if (lastOffset !== -1) return -1;
  switch (how.consumeFromWhere) {
    case ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET:
      return 0;
    case ConsumeFromWhere.CONSUME_FROM_TIMESTAMP:
      if (isRetryTopic(mq.topic)) return admin.maxOffset(mq);
      return admin.searchOffset(mq, parseDate(how.consumeTimestamp.trim(), YYYYMMDDHHMMSS));
    default:
      // LAST_OFFSET (and the deprecated MIN/MAX variants): the end of the queue; retry topics from 0.
      if (isRetryTopic(mq.topic)) return 0;
      return admin.maxOffset(mq);
  }
}
