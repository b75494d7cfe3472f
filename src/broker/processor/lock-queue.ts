// LOCK_BATCH_MQ (41) and UNLOCK_BATCH_MQ (42): queue locks for orderly consumers (in Java's
// AdminBrokerProcessor), answered from the rebalance lock manager.

import { createResponse, type RemotingCommand } from '../../remoting/command.js';
import { ResponseCode } from '../../remoting/response-code.js';
import { decodeLockBatchRequestBody, decodeUnlockBatchRequestBody, encodeLockBatchResponseBody } from '../../remoting/protocol/lock.js';
import { RequestCode } from '../../remoting/request-code.js';
import type { Processor } from '../../remoting/server.js';
import type { BrokerContext } from '../broker-context.js';
import { requireBody } from './common.js';

export function lockQueueProcessors(b: BrokerContext): Array<[number, Processor]> {
  const lockBatch = (req: RemotingCommand): RemotingCommand => {
    const body = decodeLockBatchRequestBody(requireBody(req));
    const locked = b.rebalanceLockManager.tryLockBatch(body.consumerGroup, body.mqSet, body.clientId);
    return createResponse(req, ResponseCode.SUCCESS, null, null, encodeLockBatchResponseBody(locked));
  };

  const unlockBatch = (req: RemotingCommand): RemotingCommand => {
    const body = decodeUnlockBatchRequestBody(requireBody(req));
    b.rebalanceLockManager.unlockBatch(body.consumerGroup, body.mqSet, body.clientId);
    return createResponse(req, ResponseCode.SUCCESS);
  };

  return [
    [RequestCode.LOCK_BATCH_MQ, lockBatch],
    [RequestCode.UNLOCK_BATCH_MQ, unlockBatch],
  ];
}
