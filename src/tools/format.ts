// Output lines of the quickstart tools, for people (Java's quickstart wording) and for scripts
// (`--json`: one JSON object per line).

import { setLogLevel } from '../common/logger.js';
import type { MessageExt } from '../client/message/message-ext.js';
import type { SendResult } from '../client/producer/send-result.js';

/** `SendResult [sendStatus=SEND_OK, msgId=..., ...]`, or its JSON. */
export function formatSendResult(r: SendResult, json: boolean): string {
  return json ? JSON.stringify(r.toJSON()) : r.toString();
}

/** A body as text when it is valid UTF-8 without control characters, else as base64. */
export function bodyText(body: Buffer): { text: string; encoding: 'utf8' | 'base64' } {
  const text = body.toString('utf8');
  // eslint-disable-next-line no-control-regex
  // deno-lint-ignore no-control-regex -- a body with control characters is shown as binary
  if (!text.includes('\uFFFD') && !/[\u0000-\u0008\u000e-\u001f]/.test(text)) return { text, encoding: 'utf8' };
  return { text: body.toString('base64'), encoding: 'base64' };
}

/** MessageExt.toString as Java prints it, with the body as text. */
export function describeMessage(m: MessageExt): string {
  const props = [...m.properties].map(([k, v]) => `${k}=${v}`).join(', ');
  const body = bodyText(m.body);
  return `MessageExt [brokerName=${m.brokerName}, queueId=${m.queueId}, storeSize=${m.storeSize}, queueOffset=${m.queueOffset}, ` +
    `sysFlag=${m.sysFlag}, bornTimestamp=${m.bornTimestamp}, bornHost=${m.bornHost}, storeTimestamp=${m.storeTimestamp}, ` +
    `storeHost=${m.storeHost}, msgId=${m.msgId}, commitLogOffset=${m.commitLogOffset}, bodyCRC=${m.bodyCRC}, ` +
    `reconsumeTimes=${m.reconsumeTimes}, preparedTransactionOffset=${m.preparedTransactionOffset}, ` +
    `toString()=Message{topic='${m.topic}', flag=${m.flag}, properties={${props}}, body=[${body.text}], transactionId='null'}]`;
}

/** One received message: `<thread> Receive New Messages: [MessageExt [...]]`, or its JSON. */
export function formatReceivedMessage(m: MessageExt, threadName: string, json: boolean): string {
  if (!json) return `${threadName} Receive New Messages: [${describeMessage(m)}]`;
  const body = bodyText(m.body);
  return JSON.stringify({
    topic: m.topic,
    brokerName: m.brokerName,
    queueId: m.queueId,
    queueOffset: m.queueOffset,
    msgId: m.msgId,
    offsetMsgId: m.offsetMsgId,
    tags: m.tags ?? null,
    keys: m.keys ?? null,
    reconsumeTimes: m.reconsumeTimes,
    bornTimestamp: m.bornTimestamp,
    bornHost: m.bornHost,
    storeTimestamp: m.storeTimestamp,
    storeHost: m.storeHost,
    properties: Object.fromEntries(m.properties),
    body: body.text,
    bodyEncoding: body.encoding,
  });
}

/**
 * The tools print results on stdout and one line per failure; client warnings (a retried pull, a
 * failed route refresh) would only clutter stderr, as Java's client writes them to its log file.
 * MQ_LOG_LEVEL still chooses.
 */
export function quietClientLogs(): void {
  if (!process.env.MQ_LOG_LEVEL) setLogLevel('error');
}
