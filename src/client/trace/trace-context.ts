// What one message trace record holds (Java's TraceContext and TraceBean, TraceType and
// TraceConstants). A context is one event: a send (Pub), a consumer about to run its listener on
// some messages (SubBefore), the listener's outcome (SubAfter), or a transaction ended
// (EndTransaction); its beans are the messages concerned. Fields Java leaves null where a message
// has no value (tags, keys, region) are null here and written as the text "null", as Java writes
// them.

import { createUniqId } from '../../common/message/unique-id.js';
import { localClientIP } from '../client-config.js';
import type { MessageType } from '../producer/send-hooks.js';

export const TraceType = {
  Pub: 'Pub',
  SubBefore: 'SubBefore',
  SubAfter: 'SubAfter',
  EndTransaction: 'EndTransaction',
} as const;
export type TraceType = (typeof TraceType)[keyof typeof TraceType];

export const TraceConstants = {
  /** Trace producers' groups are `_INNER_TRACE_PRODUCER-<group>-<PRODUCE|CONSUME>-<n>`. */
  GROUP_NAME_PREFIX: '_INNER_TRACE_PRODUCER',
  /** Between the fields of a record (char 1). */
  CONTENT_SPLITOR: '\u0001',
  /** After each record (char 2). */
  FIELD_SPLITOR: '\u0002',
  /** Trace producers share one client instance per name server list: `<this>_<namesrv>`. */
  TRACE_INSTANCE_NAME: 'PID_CLIENT_INNER_TRACE_PRODUCER',
} as const;

/** The local address Java's TraceBean defaults its hosts to. */
let localAddress: string | undefined;
function localAddr(): string {
  return localAddress ??= localClientIP();
}

/** One message of a trace event (TraceBean). */
export interface TraceBean {
  topic: string;
  msgId: string;
  offsetMsgId: string;
  tags: string | null;
  keys: string | null;
  storeHost: string;
  clientHost: string;
  storeTime: number;
  retryTimes: number;
  bodyLength: number;
  /** MessageType ordinal; null where Java's bean has none (SubBefore, SubAfter). */
  msgType: MessageType | null;
  transactionState: string | null;
  transactionId: string | null;
  fromTransactionCheck: boolean;
}

export function newTraceBean(fields: Partial<TraceBean> = {}): TraceBean {
  return {
    topic: '',
    msgId: '',
    offsetMsgId: '',
    tags: '',
    keys: '',
    storeHost: localAddr(),
    clientHost: localAddr(),
    storeTime: 0,
    retryTimes: 0,
    bodyLength: 0,
    msgType: null,
    transactionState: null,
    transactionId: null,
    fromTransactionCheck: false,
    ...fields,
  };
}

/** One trace event (TraceContext). */
export interface TraceContext {
  traceType: TraceType;
  timeStamp: number;
  regionId: string | null;
  groupName: string;
  costTime: number;
  isSuccess: boolean;
  /** Ties a SubAfter to its SubBefore: a unique id made for the SubBefore. */
  requestId: string;
  /** ConsumeReturnType ordinal of a SubAfter. */
  contextCode: number;
  traceBeans: TraceBean[];
}

export function newTraceContext(traceType: TraceType, fields: Partial<TraceContext> = {}): TraceContext {
  return {
    traceType,
    timeStamp: Date.now(),
    regionId: '',
    groupName: '',
    costTime: 0,
    isSuccess: true,
    requestId: createUniqId(),
    contextCode: 0,
    traceBeans: [],
    ...fields,
  };
}
