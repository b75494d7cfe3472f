// Transactional messages:
//   END_TRANSACTION (37)          producer -> broker, oneway: producerGroup tranStateTableOffset
//                                 commitLogOffset commitOrRollback fromTransactionCheck msgId
//                                 transactionId? bname?
//   CHECK_TRANSACTION_STATE (39)  broker -> producer, oneway: tranStateTableOffset commitLogOffset
//                                 msgId? transactionId? offsetMsgId? bname?; body: the half message
//                                 as stored, with its real topic and queue restored
//   RESUME_CHECK_HALF_MESSAGE (323) admin -> broker: msgId? (the offset message id of a half message,
//                                 or of its copy in TRANS_CHECK_MAX_TIME_TOPIC); no body either way
// commitOrRollback is a MessageSysFlag transaction type: 0 not a transaction (unknown), 8 commit, 12 rollback.

import { defineHeader, h, type HeaderType } from '../header.js';

/** commitOrRollback values: the transaction bits (2-3) of MessageSysFlag, as they travel in this header. */
export const TransactionType = {
  NOT_TYPE: 0,
  PREPARED: 0x1 << 2,
  COMMIT: 0x2 << 2,
  ROLLBACK: 0x3 << 2,
} as const;

export const EndTransactionRequestHeader = defineHeader('EndTransactionRequestHeader', {
  producerGroup: h.str(),
  tranStateTableOffset: h.long(),
  commitLogOffset: h.long(),
  commitOrRollback: h.int(),
  fromTransactionCheck: h.boolOr(false),
  msgId: h.str(),
  transactionId: h.optStr(),
  bname: h.optStr(),
});
export type EndTransactionRequest = HeaderType<typeof EndTransactionRequestHeader>;

export const CheckTransactionStateRequestHeader = defineHeader('CheckTransactionStateRequestHeader', {
  tranStateTableOffset: h.long(),
  commitLogOffset: h.long(),
  msgId: h.optStr(),
  transactionId: h.optStr(),
  offsetMsgId: h.optStr(),
  bname: h.optStr(),
});
export type CheckTransactionStateRequest = HeaderType<typeof CheckTransactionStateRequestHeader>;

/** Declared by Java for a two-way check reply; 4.9 clients answer with END_TRANSACTION instead. */
export const CheckTransactionStateResponseHeader = defineHeader('CheckTransactionStateResponseHeader', {
  producerGroup: h.str(),
  tranStateTableOffset: h.long(),
  commitLogOffset: h.long(),
  commitOrRollback: h.int(),
});

export const ResumeCheckHalfMessageRequestHeader = defineHeader('ResumeCheckHalfMessageRequestHeader', {
  msgId: h.optStr(),
});
