// Reading a topic the way mqadmin's printMsg, printMsgByQueue, consumeMessage and queryMsgByOffset do:
// a pull consumer of the TOOLS_CONSUMER group (or one named), signed like every admin request,
// walking queues from an offset to an offset, 32 messages a pull.

import { PullConsumer } from '../client/consumer/pull-consumer.js';
import { type PullResult, PullStatus } from '../client/consumer/pull-result.js';
import { MixAll } from '../client/mix-all.js';
import type { MessageExt } from '../client/message/message-ext.js';
import type { MessageQueue } from '../remoting/protocol/message-queue.js';
import type { AdminExt } from './admin-ext.js';
import { MQClientError } from '../common/errors.js';
import { ResponseCode } from '../remoting/response-code.js';
import { parseTimestampArg } from './format/time.js';

export { messageQueueToString } from '../client/consumer/allocate.js';
export type { MessageQueue };

/** Runs `fn` with a started pull consumer on the admin's name servers, shut down afterwards. */
export async function withToolsConsumer<T>(admin: AdminExt, group: string | undefined, fn: (c: PullConsumer) => Promise<T>): Promise<T> {
  const c = new PullConsumer({
    consumerGroup: group ?? MixAll.TOOLS_CONSUMER_GROUP,
    namesrvAddr: admin.nameServerAddressList,
    instanceName: `tools-${Date.now()}`,
    ...(admin.config.rpcHook ? { rpcHook: admin.config.rpcHook } : {}),
  });
  await c.start();
  try {
    return await fn(c);
  } finally {
    await c.shutdown();
  }
}

/** The message at a queue offset; none there fails with QUERY_NOT_FOUND, naming the queue's offsets. */
export async function messageAtOffset(admin: AdminExt, mq: MessageQueue, offset: number): Promise<MessageExt> {
  const r = await withToolsConsumer(admin, undefined, (c) => c.pull(mq, '*', offset, 1));
  const msg = r.pullStatus === PullStatus.FOUND ? r.msgFoundList[0] : undefined;
  if (!msg) {
    throw new MQClientError(
      ResponseCode.QUERY_NOT_FOUND,
      `no message at offset ${offset} of ${mq.topic} queue ${mq.queueId} on ${mq.brokerName} (${r.pullStatus}, queue offsets ${r.minOffset}..${r.maxOffset})`,
    );
  }
  return msg;
}

export interface QueueRange {
  mq: MessageQueue;
  minOffset: number;
  maxOffset: number;
}

/** A queue's offsets, narrowed by -b / -e timestamps (epoch ms or yyyy-MM-dd#HH:mm:ss:SSS) when given. */
export async function queueRange(
  c: PullConsumer,
  mq: MessageQueue,
  begin?: string,
  end?: string,
  beginFlag = 'b',
  endFlag = 'e',
): Promise<QueueRange> {
  let minOffset = await c.minOffset(mq);
  let maxOffset = await c.maxOffset(mq);
  if (begin !== undefined) minOffset = await c.searchOffset(mq, parseTimestampArg(beginFlag, begin));
  if (end !== undefined) maxOffset = await c.searchOffset(mq, parseTimestampArg(endFlag, end));
  return { mq, minOffset, maxOffset };
}

export type PullEvent =
  | { kind: 'found'; messages: MessageExt[]; offset: number }
  | { kind: 'no-matched'; offset: number }
  | { kind: 'finished'; status: PullStatus; offset: number };

/**
 * Pulls `[from, to)` of a queue, `batch` at a time, reporting each pull; stops at the end of the
 * range, when the broker has nothing newer or the offset is illegal (and, with `stopOnNoMatch`,
 * at a pull that matched nothing, as printMsgByQueue does).
 */
export async function pullRange(
  c: PullConsumer,
  mq: MessageQueue,
  subExpression: string,
  from: number,
  to: number,
  batch: number,
  onEvent: (e: PullEvent) => void,
  stopOnNoMatch = false,
): Promise<void> {
  for (let offset = from; offset < to;) {
    const r: PullResult = await c.pull(mq, subExpression, offset, Math.max(1, Math.min(batch, to - offset)));
    offset = r.nextBeginOffset;
    if (r.pullStatus === PullStatus.FOUND) {
      onEvent({ kind: 'found', messages: r.msgFoundList, offset });
    } else if (r.pullStatus === PullStatus.NO_MATCHED_MSG) {
      onEvent({ kind: 'no-matched', offset });
      if (stopOnNoMatch) return;
    } else {
      onEvent({ kind: 'finished', status: r.pullStatus, offset });
      return;
    }
  }
}
