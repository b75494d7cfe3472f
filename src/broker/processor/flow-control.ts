// Load shedding with SYSTEM_BUSY, as Java's broker does it, so producers back off and try another
// broker rather than wait. Java's send queue is its send thread pool's; here it is the puts the
// store has accepted and not answered yet, and requests wait "in a queue" while their connection is
// paused (too many in progress, or replies unread). Remarks are Java's:
//   [REJECTREQUEST]      a send while the page cache is busy (a write stuck osPageCacheBusyTimeOutMills)
//   [OVERLOAD]           a send while sendThreadPoolQueueCapacity puts are in flight
//   [PCBUSY_CLEAN_QUEUE] a queued send, the page cache busy by its turn
//   [TIMEOUT_CLEAN_QUEUE] a queued request that waited its queue's waitTimeMills* (brokerFastFailureEnable)

import { createResponse, type RemotingCommand } from '../../remoting/command.js';
import type { Connection } from '../../remoting/connection.js';
import { RequestCode } from '../../remoting/request-code.js';
import { ResponseCode } from '../../remoting/response-code.js';
import type { HeldRequestCheck, Processor } from '../../remoting/server.js';
import type { BrokerContext } from '../broker-context.js';

const SEND_CODES: ReadonlySet<number> = new Set([
  RequestCode.SEND_MESSAGE,
  RequestCode.SEND_MESSAGE_V2,
  RequestCode.SEND_BATCH_MESSAGE,
  RequestCode.CONSUMER_SEND_MSG_BACK,
]);

/** A send processor that first answers SYSTEM_BUSY when the store cannot take more (Java's rejectRequest and pool bound). */
export function withSendFlowControl(b: BrokerContext, handler: Processor): Processor {
  return (req: RemotingCommand, conn: Connection) => {
    const store = b.store;
    if (store.isOSPageCacheBusy()) {
      return createResponse(req, ResponseCode.SYSTEM_BUSY, '[REJECTREQUEST]system busy, start flow control for a while');
    }
    if (store.putsInFlight >= b.brokerConfig.sendThreadPoolQueueCapacity) {
      return createResponse(req, ResponseCode.SYSTEM_BUSY, '[OVERLOAD]system busy, start flow control for a while');
    }
    const r = handler(req, conn);
    // Java's send threads hand a put to the store and take the next request at once: a put waiting
    // for the store is bounded by sendThreadPoolQueueCapacity above, not by its connection's
    // requests in progress, so a producer pipelining many sends is not paused (and then shed) for it.
    if (r instanceof Promise) conn.park(req);
    return r;
  };
}

/** How long a request may wait in its queue before it is shed (BrokerConfig's waitTimeMills*), or -1. */
function maxWaitMs(b: BrokerContext, code: number): number {
  const c = b.brokerConfig;
  if (SEND_CODES.has(code)) return c.waitTimeMillsInSendQueue;
  if (code === RequestCode.PULL_MESSAGE) return c.waitTimeMillsInPullQueue;
  if (code === RequestCode.HEART_BEAT) return c.waitTimeMillsInHeartbeatQueue;
  if (code === RequestCode.END_TRANSACTION) return c.waitTimeMillsInTransactionQueue;
  return -1;
}

/** Java's BrokerFastFailure over the requests a paused connection held back. */
export function brokerFastFailure(b: BrokerContext): HeldRequestCheck {
  return (req, heldMs, conn) => {
    if (!b.brokerConfig.brokerFastFailureEnable) return null;
    const send = SEND_CODES.has(req.code);
    const queued = send ? b.store.putsInFlight : conn.pendingRequests;
    if (send && b.store.isOSPageCacheBusy()) {
      return createResponse(
        req,
        ResponseCode.SYSTEM_BUSY,
        `[PCBUSY_CLEAN_QUEUE]broker busy, start flow control for a while, period in queue: ${heldMs}ms, size of queue: ${queued}`,
      );
    }
    const max = maxWaitMs(b, req.code);
    if (max < 0 || heldMs < max) return null;
    return createResponse(
      req,
      ResponseCode.SYSTEM_BUSY,
      `[TIMEOUT_CLEAN_QUEUE]broker busy, start flow control for a while, period in queue: ${heldMs}ms, size of queue: ${queued}`,
    );
  };
}
