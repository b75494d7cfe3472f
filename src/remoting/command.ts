// RemotingCommand: the unit of the RocketMQ remoting protocol. A request carries a request code,
// a response carries a response code and the opaque of its request. `flag` bit 0 marks a
// response and bit 1 a oneway request. extFields are strings on the wire; typed headers map them.

import { CURRENT_VERSION } from '../common/mq-version.js';

export const SerializeType = { JSON: 0, ROCKETMQ: 1 } as const;
export type SerializeTypeValue = (typeof SerializeType)[keyof typeof SerializeType];

export const FLAG_RESPONSE = 1;
export const FLAG_ONEWAY = 2;

/** Remoting version we announce: the ordinal of V4_9_8 in MQVersion, as Java 4.9.8 clients send. */
export { CURRENT_VERSION };

export interface RemotingCommand {
  code: number;
  /** LanguageCode name, e.g. "JAVA". */
  language: string;
  version: number;
  opaque: number;
  flag: number;
  remark?: string | null;
  extFields?: Record<string, string> | null;
  body?: Uint8Array | null;
  /**
   * A body given in pieces (a pull response's stored messages), sent back to back without being
   * joined first. When set, it is the body and `body` is ignored.
   */
  bodyParts?: readonly Uint8Array[] | null;
  /** How the header travels; a response uses its request's type. */
  serializeType: SerializeTypeValue;
  /** Set on a request held for long polling (Java's isSuspended); the rpc latency metric labels it. */
  suspended?: boolean;
}

let opaqueCounter = 0;

/** Opaques number a process's requests; they wrap at int32 like Java's AtomicInteger. */
export function nextOpaque(): number {
  opaqueCounter = (opaqueCounter + 1) | 0;
  return opaqueCounter;
}

/** Serialize type chosen by `ROCKETMQ_SERIALIZE_TYPE` / `rocketmq.serialize.type`, JSON by default as in Java. */
export function defaultSerializeType(): SerializeTypeValue {
  const v = process.env.ROCKETMQ_SERIALIZE_TYPE ?? process.env['rocketmq.serialize.type'];
  return v && v.toUpperCase() === 'ROCKETMQ' ? SerializeType.ROCKETMQ : SerializeType.JSON;
}

export const LOCAL_LANGUAGE = 'OTHER';

export function createRequest(
  code: number,
  extFields?: Record<string, string> | null,
  body?: Uint8Array | null,
  serializeType: SerializeTypeValue = defaultSerializeType(),
): RemotingCommand {
  return {
    code,
    language: LOCAL_LANGUAGE,
    version: CURRENT_VERSION,
    opaque: nextOpaque(),
    flag: 0,
    remark: null,
    extFields: extFields ?? null,
    body: body ?? null,
    serializeType,
  };
}

/** A response to `request`: same opaque and serialize type, response flag set. */
export function createResponse(
  request: RemotingCommand,
  code: number,
  remark?: string | null,
  extFields?: Record<string, string> | null,
  body?: Uint8Array | null,
): RemotingCommand {
  return {
    code,
    language: LOCAL_LANGUAGE,
    version: CURRENT_VERSION,
    opaque: request.opaque,
    flag: FLAG_RESPONSE,
    remark: remark ?? null,
    extFields: extFields ?? null,
    body: body ?? null,
    serializeType: request.serializeType,
  };
}

export function isResponse(cmd: RemotingCommand): boolean {
  return (cmd.flag & FLAG_RESPONSE) !== 0;
}

export function isOneway(cmd: RemotingCommand): boolean {
  return (cmd.flag & FLAG_ONEWAY) !== 0;
}

export function markOneway(cmd: RemotingCommand): RemotingCommand {
  cmd.flag |= FLAG_ONEWAY;
  return cmd;
}
