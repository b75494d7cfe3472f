// CONSUME_MESSAGE_DIRECTLY (309): mqadmin asks a consumer client (through the broker) to consume
// one stored message now and report how it went.
//   request   consumerGroup clientId? msgId? brokerName?; body (broker -> client): the stored message
//   response  body ConsumeMessageDirectlyResult
//             {"autoCommit":b,"consumeResult":"CR_SUCCESS|..","order":b,"remark":..,"spentTimeMills":ms}

import { defineHeader, h, type HeaderType } from '../header.js';
import { b, type BeanType, defineBean } from './bean.js';

export const ConsumeMessageDirectlyResultRequestHeader = defineHeader('ConsumeMessageDirectlyResultRequestHeader', {
  consumerGroup: h.str(),
  clientId: h.optStr(),
  msgId: h.optStr(),
  brokerName: h.optStr(),
});
export type ConsumeMessageDirectlyRequest = HeaderType<typeof ConsumeMessageDirectlyResultRequestHeader>;

export const CMResult = {
  CR_SUCCESS: 'CR_SUCCESS',
  CR_LATER: 'CR_LATER',
  CR_ROLLBACK: 'CR_ROLLBACK',
  CR_COMMIT: 'CR_COMMIT',
  CR_THROW_EXCEPTION: 'CR_THROW_EXCEPTION',
  CR_RETURN_NULL: 'CR_RETURN_NULL',
} as const;
export type CMResult = (typeof CMResult)[keyof typeof CMResult];

export const ConsumeMessageDirectlyResultBean = defineBean('ConsumeMessageDirectlyResult', {
  order: b.bool(false),
  autoCommit: b.bool(true),
  consumeResult: b.enumOf(Object.values(CMResult)),
  remark: b.optStr(),
  spentTimeMills: b.num(),
});
export type ConsumeMessageDirectlyResult = BeanType<typeof ConsumeMessageDirectlyResultBean>;

export const encodeConsumeMessageDirectlyResult = ConsumeMessageDirectlyResultBean.encode;
export const decodeConsumeMessageDirectlyResult = ConsumeMessageDirectlyResultBean.decode;
