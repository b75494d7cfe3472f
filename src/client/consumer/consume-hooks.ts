// Hooks around a push consumer's listener calls (Java's ConsumeMessageHook and its context), which
// message tracing plugs into: before the listener gets a batch, and after it answered, with whether
// it succeeded, its status, and how it ended (ConsumeReturnType, in props under
// ConsumeContextType). A hook that throws is logged and never disturbs consumption.

import type { MessageQueue } from '../../remoting/protocol/message-queue.js';
import type { MessageExt } from '../message/message-ext.js';
import { runHooks } from '../hook-runner.js';
import { MixAll } from '../mix-all.js';

/** How a listener call ended; the trace format writes the ordinal (index here). */
export const ConsumeReturnType = ['SUCCESS', 'TIME_OUT', 'EXCEPTION', 'RETURNNULL', 'FAILED'] as const;
export type ConsumeReturnType = (typeof ConsumeReturnType)[number];

export interface ConsumeMessageContext {
  consumerGroup: string;
  mq: MessageQueue;
  msgList: readonly MessageExt[];
  /** Whether the listener consumed the batch (set before the after-hooks run). */
  success: boolean;
  /** The listener's status, as a name (set before the after-hooks run). */
  status?: string;
  /** ConsumeContextType -> ConsumeReturnType name. */
  props: Map<string, string>;
  /** What a before-hook wants to find again in its after-hook. */
  mqTraceContext?: unknown;
}

export interface ConsumeMessageHook {
  readonly hookName: string;
  consumeMessageBefore(ctx: ConsumeMessageContext): void;
  consumeMessageAfter(ctx: ConsumeMessageContext): void;
}

export function newConsumeMessageContext(consumerGroup: string, mq: MessageQueue, msgList: readonly MessageExt[]): ConsumeMessageContext {
  return { consumerGroup, mq, msgList, success: false, props: new Map() };
}

/**
 * The ConsumeReturnType of a listener call: no status (EXCEPTION when it threw, else RETURNNULL),
 * TIME_OUT past consumeTimeout minutes, FAILED for the retry status, SUCCESS otherwise.
 */
export function consumeReturnType(
  status: string | undefined,
  threw: boolean,
  consumeRT: number,
  consumeTimeoutMinutes: number,
  failedStatus: string,
): ConsumeReturnType {
  if (status === undefined || status === null) return threw ? 'EXCEPTION' : 'RETURNNULL';
  if (consumeRT >= consumeTimeoutMinutes * 60_000) return 'TIME_OUT';
  if (status === failedStatus) return 'FAILED';
  return 'SUCCESS';
}

export function executeConsumeHookBefore(hooks: readonly ConsumeMessageHook[], ctx: ConsumeMessageContext): void {
  runHooks(hooks, 'consumeMessageBefore', (h) => h.consumeMessageBefore(ctx));
}

/** Records how the call ended in `ctx`, then runs the after-hooks. */
export function executeConsumeHookAfter(
  hooks: readonly ConsumeMessageHook[],
  ctx: ConsumeMessageContext,
  returnType: ConsumeReturnType,
  status: string,
  success: boolean,
): void {
  ctx.props.set(MixAll.CONSUME_CONTEXT_TYPE, returnType);
  ctx.status = status;
  ctx.success = success;
  runHooks(hooks, 'consumeMessageAfter', (h) => h.consumeMessageAfter(ctx));
}
