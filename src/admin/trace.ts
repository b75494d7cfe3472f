// Message traces (mqadmin queryMsgTraceById): the trace topic's messages whose KEYS carry the
// message id, read as trace records, keeping the events about that id. Java's 4.9.8 query, the
// index looked up from the epoch to now, at most 64 trace messages per broker.

import { MQClientError } from '../common/errors.js';
import { SystemTopic } from '../common/message/message-const.js';
import { decodeTraceViews, type TraceView } from '../client/trace/trace-view.js';
import { ResponseCode } from '../remoting/response-code.js';
import type { AdminExt } from './admin-ext.js';

/** The trace topic mqadmin reads when -t is not given. */
export const DEFAULT_TRACE_TOPIC = SystemTopic.TRACE;

/** QueryMsgTraceByIdSubCommand.queryTraceByMsgId: every traced event of `msgId`, in the order the brokers answered. */
export async function queryMsgTraceById(admin: AdminExt, traceTopic: string, msgId: string): Promise<TraceView[]> {
  const msgs = await admin.instance.admin.queryMessage(traceTopic, msgId, 64, 0, Date.now());
  if (msgs.length === 0) throw new MQClientError(ResponseCode.NO_MESSAGE, 'query message by key finished, but no message.');
  return msgs.flatMap((m) => decodeTraceViews(msgId, m));
}
