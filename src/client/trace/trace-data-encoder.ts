// The message trace format (Java's TraceDataEncoder): records written back to back in the body of
// a message on the trace topic, fields separated by char 1 (C), each record ended by char 2 (F):
//   Pub            Pub C timeStamp C regionId C groupName C topic C msgId C tags C keys C storeHost
//                  C bodyLength C costTime C msgType C offsetMsgId C success F
//                  (readers also take 13 fields, without offsetMsgId, and a 15th: clientHost)
//   SubBefore      SubBefore C timeStamp C regionId C groupName C requestId C msgId C retryTimes C keys F
//   SubAfter       SubAfter C requestId C msgId C costTime C success C keys C contextCode C timeStamp
//                  C groupName F  (older writers stop after contextCode)
//   EndTransaction EndTransaction C timeStamp C regionId C groupName C topic C msgId C tags C keys
//                  C storeHost C msgType C transactionId C transactionState C fromTransactionCheck F
// msgType is a MessageType ordinal, success and fromTransactionCheck are true/false, null values
// are the text "null". SubBefore and SubAfter write one record per message. The trace message's
// KEYS are the msgIds and keys of the traced messages, so the broker's index finds them.
// Reading splits as Java's String.split does (trailing empty fields dropped); a record of an
// unknown type is skipped, as Java skips it, and so is a malformed one (Java's reader fails the
// whole message on it), which `onBadRecord` hears about.

import { KEY_SEPARATOR } from '../../common/message/message-const.js';
import { LocalTransactionState, MessageType } from '../producer/send-hooks.js';
import { newTraceBean, newTraceContext, type TraceBean, TraceConstants, type TraceContext, TraceType } from './trace-context.js';

const C = TraceConstants.CONTENT_SPLITOR;
const F = TraceConstants.FIELD_SPLITOR;
const MESSAGE_TYPE_COUNT = Object.keys(MessageType).length;

/** One encoded event: its records and the keys the trace message must carry for it (TraceTransferBean). */
export interface TraceTransferBean {
  transData: string;
  transKey: Set<string>;
}

/** Java's String.split(String.valueOf(ch)): trailing empty strings removed. */
function javaSplit(s: string, ch: string): string[] {
  const parts = s.split(ch);
  let n = parts.length;
  while (n > 0 && parts[n - 1] === '') n--;
  parts.length = n;
  return parts;
}

type Field = string | number | boolean | null;

/** The text Java's StringBuilder.append writes for a value that may be null. */
function text(v: Field): string {
  return v === null ? 'null' : String(v);
}

/** One record: its fields joined by C, ended by F. */
function record(fields: readonly Field[]): string {
  return fields.map(text).join(C) + F;
}

/** The fields Pub and EndTransaction records start with: the event, then the message as sent. */
function sentMessageFields(ctx: TraceContext, b: TraceBean): Field[] {
  return [ctx.traceType, ctx.timeStamp, ctx.regionId, ctx.groupName, b.topic, b.msgId, b.tags, b.keys, b.storeHost];
}

/** TraceDataEncoder.encoderFromContextBean. */
export function encodeTraceContext(ctx: TraceContext): TraceTransferBean {
  let data = '';
  switch (ctx.traceType) {
    case TraceType.Pub: {
      const b = ctx.traceBeans[0]!;
      data = record([
        ...sentMessageFields(ctx, b),
        b.bodyLength,
        ctx.costTime,
        b.msgType ?? MessageType.Normal_Msg,
        b.offsetMsgId,
        ctx.isSuccess,
      ]);
      break;
    }
    case TraceType.SubBefore:
      for (const b of ctx.traceBeans) {
        data += record([ctx.traceType, ctx.timeStamp, ctx.regionId, ctx.groupName, ctx.requestId, b.msgId, b.retryTimes, b.keys]);
      }
      break;
    case TraceType.SubAfter:
      for (const b of ctx.traceBeans) {
        data += record([
          ctx.traceType,
          ctx.requestId,
          b.msgId,
          ctx.costTime,
          ctx.isSuccess,
          b.keys,
          ctx.contextCode,
          ctx.timeStamp,
          ctx.groupName,
        ]);
      }
      break;
    case TraceType.EndTransaction: {
      const b = ctx.traceBeans[0]!;
      data = record([
        ...sentMessageFields(ctx, b),
        b.msgType ?? MessageType.Trans_msg_Commit,
        b.transactionId,
        b.transactionState,
        b.fromTransactionCheck,
      ]);
      break;
    }
  }
  const transKey = new Set<string>();
  for (const b of ctx.traceBeans) {
    transKey.add(b.msgId);
    if (b.keys !== null && b.keys.length > 0) { for (const k of javaSplit(b.keys, KEY_SEPARATOR)) transKey.add(k); }
  }
  return { transData: data, transKey };
}

/** A record that does not read as its type says. */
export class TraceFormatError extends Error {}

function field(line: readonly string[], i: number): string {
  const v = line[i];
  if (v === undefined) throw new TraceFormatError(`a ${line[0]} record has ${line.length} fields, field ${i} is missing`);
  return v;
}

/** Integer.parseInt / Long.parseLong: an optional sign and decimal digits, nothing else. */
function int(line: readonly string[], i: number): number {
  const v = field(line, i);
  if (!/^[+-]?\d+$/.test(v)) throw new TraceFormatError(`field ${i} of a ${line[0]} record is not a number: ${JSON.stringify(v)}`);
  return Number(v);
}

function bool(line: readonly string[], i: number): boolean {
  return field(line, i).toLowerCase() === 'true';
}

function msgType(line: readonly string[], i: number): MessageType {
  const n = int(line, i);
  if (n < 0 || n >= MESSAGE_TYPE_COUNT) throw new TraceFormatError(`field ${i} of a ${line[0]} record is not a message type: ${n}`);
  return n as MessageType;
}

const TRANSACTION_STATES: ReadonlySet<string> = new Set(Object.values(LocalTransactionState));

/** LocalTransactionState.valueOf: one of the three names. */
function transactionState(line: readonly string[], i: number): string {
  const v = field(line, i);
  if (!TRANSACTION_STATES.has(v)) throw new TraceFormatError(`field ${i} of a ${line[0]} record is not a transaction state: ${v}`);
  return v;
}

function decodeRecord(line: readonly string[]): TraceContext | undefined {
  switch (line[0]) {
    case TraceType.Pub: {
      const timeStamp = int(line, 1);
      const bean = newTraceBean({
        topic: field(line, 4),
        msgId: field(line, 5),
        tags: field(line, 6),
        keys: field(line, 7),
        storeHost: field(line, 8),
        bodyLength: int(line, 9),
        msgType: msgType(line, 11),
      });
      const ctx = newTraceContext(TraceType.Pub, {
        timeStamp,
        regionId: field(line, 2),
        groupName: field(line, 3),
        costTime: int(line, 10),
        traceBeans: [bean],
      });
      if (line.length === 13) {
        ctx.isSuccess = bool(line, 12);
      } else if (line.length >= 14) {
        bean.offsetMsgId = field(line, 12);
        ctx.isSuccess = bool(line, 13);
        if (line.length >= 15) bean.clientHost = field(line, 14);
      }
      return ctx;
    }
    case TraceType.SubBefore:
      return newTraceContext(TraceType.SubBefore, {
        timeStamp: int(line, 1),
        regionId: field(line, 2),
        groupName: field(line, 3),
        requestId: field(line, 4),
        traceBeans: [newTraceBean({ msgId: field(line, 5), retryTimes: int(line, 6), keys: field(line, 7) })],
      });
    case TraceType.SubAfter: {
      const ctx = newTraceContext(TraceType.SubAfter, {
        requestId: field(line, 1),
        traceBeans: [newTraceBean({ msgId: field(line, 2), keys: field(line, 5) })],
        costTime: int(line, 3),
        isSuccess: bool(line, 4),
      });
      if (line.length >= 7) ctx.contextCode = int(line, 6);
      if (line.length >= 9) {
        ctx.timeStamp = int(line, 7);
        ctx.groupName = field(line, 8);
      }
      return ctx;
    }
    case TraceType.EndTransaction:
      return newTraceContext(TraceType.EndTransaction, {
        timeStamp: int(line, 1),
        regionId: field(line, 2),
        groupName: field(line, 3),
        traceBeans: [
          newTraceBean({
            topic: field(line, 4),
            msgId: field(line, 5),
            tags: field(line, 6),
            keys: field(line, 7),
            storeHost: field(line, 8),
            msgType: msgType(line, 9),
            transactionId: field(line, 10),
            transactionState: transactionState(line, 11),
            fromTransactionCheck: bool(line, 12),
          }),
        ],
      });
    default:
      return undefined;
  }
}

/** TraceDataEncoder.decoderFromTraceDataString: every record of a trace message body that reads. */
export function decodeTraceData(data: string, onBadRecord?: (record: string, err: TraceFormatError) => void): TraceContext[] {
  const out: TraceContext[] = [];
  if (data.length === 0) return out;
  for (const record of javaSplit(data, F)) {
    try {
      const ctx = decodeRecord(javaSplit(record, C));
      if (ctx) out.push(ctx);
    } catch (err) {
      if (!(err instanceof TraceFormatError)) throw err;
      onBadRecord?.(record, err);
    }
  }
  return out;
}
