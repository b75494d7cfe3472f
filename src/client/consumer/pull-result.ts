// PullResult: the answer to a PULL_MESSAGE, as MQClientAPIImpl.processPullResponse maps it:
// SUCCESS -> FOUND, PULL_NOT_FOUND -> NO_NEW_MSG, PULL_RETRY_IMMEDIATELY -> NO_MATCHED_MSG,
// PULL_OFFSET_MOVED -> OFFSET_ILLEGAL; other codes are MQBrokerError. Messages are decoded lazily
// from the body (message/decode.ts), and re-filtered by tag as PullAPIWrapper.processPullResult does.

import type { RemotingCommand } from '../../remoting/command.js';
import { MQBrokerError, RemotingCommandError } from '../../remoting/errors.js';
import type { MessageQueue } from '../../remoting/protocol/message-queue.js';
import type { SubscriptionData } from '../../remoting/protocol/subscription.js';
import { ResponseCode } from '../../remoting/response-code.js';
import { decodeMessageExts } from '../message/decode.js';
import type { MessageExt } from '../message/message-ext.js';

export const PullStatus = {
  FOUND: 'FOUND',
  NO_NEW_MSG: 'NO_NEW_MSG',
  NO_MATCHED_MSG: 'NO_MATCHED_MSG',
  OFFSET_ILLEGAL: 'OFFSET_ILLEGAL',
} as const;
export type PullStatus = (typeof PullStatus)[keyof typeof PullStatus];

export interface PullResult {
  pullStatus: PullStatus;
  nextBeginOffset: number;
  minOffset: number;
  maxOffset: number;
  /** Messages found (FOUND only), after the client-side tag check. */
  msgFoundList: MessageExt[];
  /** Which broker of the set the broker suggests pulling from next (0 = master). */
  suggestWhichBrokerId: number;
}

/** The raw answer before decoding: status, offsets and the body of stored records. */
export interface RawPullResult extends Omit<PullResult, 'msgFoundList'> {
  body: Buffer | undefined;
}

function statusOf(code: number): PullStatus | undefined {
  switch (code) {
    case ResponseCode.SUCCESS:
      return PullStatus.FOUND;
    case ResponseCode.PULL_NOT_FOUND:
      return PullStatus.NO_NEW_MSG;
    case ResponseCode.PULL_RETRY_IMMEDIATELY:
      return PullStatus.NO_MATCHED_MSG;
    case ResponseCode.PULL_OFFSET_MOVED:
      return PullStatus.OFFSET_ILLEGAL;
    default:
      return undefined;
  }
}

function num(ext: Record<string, string>, name: string): number {
  const v = ext[name];
  const n = v === undefined ? NaN : Number(v);
  if (!Number.isFinite(n)) throw new RemotingCommandError(`the custom field <${name}> is null`);
  return n;
}

export function processPullResponse(response: RemotingCommand, addr: string): RawPullResult {
  const status = statusOf(response.code);
  if (status === undefined) throw new MQBrokerError(response.code, response.remark, addr);
  const ext = response.extFields ?? {};
  const body = response.body;
  return {
    pullStatus: status,
    nextBeginOffset: num(ext, 'nextBeginOffset'),
    minOffset: num(ext, 'minOffset'),
    maxOffset: num(ext, 'maxOffset'),
    suggestWhichBrokerId: ext.suggestWhichBrokerId === undefined ? 0 : Number(ext.suggestWhichBrokerId),
    body: body ? (Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength)) : undefined,
  };
}

/**
 * PullAPIWrapper.processPullResult: decodes the found messages and keeps those whose tag the
 * subscription names (the broker filtered by tag hash code only).
 */
export function decodePullResult(raw: RawPullResult, mq: MessageQueue, subscription: SubscriptionData | undefined): PullResult {
  let msgs: MessageExt[] = [];
  if (raw.pullStatus === PullStatus.FOUND && raw.body) {
    msgs = decodeMessageExts(raw.body, { brokerName: mq.brokerName, minOffset: raw.minOffset, maxOffset: raw.maxOffset });
    const tags = subscription?.tagsSet;
    if (tags && tags.size > 0 && !subscription!.classFilterMode) {
      msgs = msgs.filter((m) => {
        const t = m.tags;
        return t !== undefined && tags.has(t);
      });
    }
  }
  return {
    pullStatus: raw.pullStatus,
    nextBeginOffset: raw.nextBeginOffset,
    minOffset: raw.minOffset,
    maxOffset: raw.maxOffset,
    suggestWhichBrokerId: raw.suggestWhichBrokerId,
    msgFoundList: msgs,
  };
}
