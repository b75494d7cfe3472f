// One traced event of one message, as mqadmin queryMsgTraceById shows it (Java's TraceView): read
// from a message of the trace topic, keeping only the records about `msgId`. The client host is the
// address of whoever wrote the trace message (its born host, IP only, as Java prints it).

import { getLogger } from '../../common/logger.js';
import { parseSocketAddress } from '../../common/message/socket-address.js';
import type { MessageExt } from '../message/message-ext.js';
import { decodeTraceData } from './trace-data-encoder.js';

const log = getLogger('client');

export interface TraceView {
  msgId: string;
  tags: string | null;
  keys: string | null;
  storeHost: string;
  clientHost: string;
  costTime: number;
  /** The record's TraceType: Pub, SubBefore, SubAfter or EndTransaction. */
  msgType: string;
  offSetMsgId: string;
  timeStamp: number;
  topic: string;
  groupName: string;
  /** "success" or "failed". */
  status: string;
}

/** TraceView.decodeFromTraceTransData: the events about `msgId` in one trace message. */
export function decodeTraceViews(msgId: string, traceMessage: MessageExt): TraceView[] {
  const body = traceMessage.body.toString('utf8');
  const clientHost = parseSocketAddress(traceMessage.bornHost).host;
  const contexts = decodeTraceData(body, (record, err) => {
    log.warn('skipped a trace record that is not in the trace format', {
      traceMsgId: traceMessage.msgId,
      reason: err.message,
      record: record.slice(0, 200),
    });
  });
  const out: TraceView[] = [];
  for (const ctx of contexts) {
    const bean = ctx.traceBeans[0]!;
    if (bean.msgId !== msgId) continue;
    out.push({
      msgId: bean.msgId,
      tags: bean.tags,
      keys: bean.keys,
      storeHost: bean.storeHost,
      clientHost,
      costTime: ctx.costTime,
      msgType: ctx.traceType,
      offSetMsgId: bean.offsetMsgId,
      timeStamp: ctx.timeStamp,
      topic: bean.topic,
      groupName: ctx.groupName,
      status: ctx.isSuccess ? 'success' : 'failed',
    });
  }
  return out;
}
