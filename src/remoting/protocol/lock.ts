// Queue locks of orderly consumers:
//   LOCK_BATCH_MQ (41)    body {"clientId":..,"consumerGroup":..,"mqSet":[MessageQueue..]}
//                         response body {"lockOKMQSet":[MessageQueue..]}
//   UNLOCK_BATCH_MQ (42)  body as LOCK_BATCH_MQ; response: no body

import { asObject, decodeBean, encodeBody, reqStr } from './bean.js';
import { type MessageQueue, messageQueueListFromJson, messageQueueToJson } from './message-queue.js';

export interface LockBatchRequestBody {
  consumerGroup: string;
  clientId: string;
  mqSet: MessageQueue[];
}

/** Also the UNLOCK_BATCH_MQ body (UnlockBatchRequestBody has the same fields). */
export function encodeLockBatchRequestBody(b: LockBatchRequestBody): Buffer {
  return encodeBody({ clientId: b.clientId, consumerGroup: b.consumerGroup, mqSet: b.mqSet.map(messageQueueToJson) });
}

export function decodeLockBatchRequestBody(body: Uint8Array): LockBatchRequestBody {
  const o = asObject(decodeBean(body, 'LockBatchRequestBody'), 'LockBatchRequestBody');
  return {
    consumerGroup: reqStr(o, 'consumerGroup', 'LockBatchRequestBody'),
    clientId: reqStr(o, 'clientId', 'LockBatchRequestBody'),
    mqSet: messageQueueListFromJson(o.mqSet),
  };
}

export const encodeUnlockBatchRequestBody = encodeLockBatchRequestBody;
export const decodeUnlockBatchRequestBody = decodeLockBatchRequestBody;

export function encodeLockBatchResponseBody(lockOKMQSet: readonly MessageQueue[]): Buffer {
  return encodeBody({ lockOKMQSet: lockOKMQSet.map(messageQueueToJson) });
}

export function decodeLockBatchResponseBody(body: Uint8Array): MessageQueue[] {
  return messageQueueListFromJson(decodeBean(body, 'LockBatchResponseBody').lockOKMQSet);
}
