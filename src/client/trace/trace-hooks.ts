// The hooks that turn sends, listener calls and transaction ends into trace events (Java's
// SendMessageTraceHookImpl, ConsumeMessageTraceHookImpl and EndTransactionTraceHookImpl).
//   Pub             after a send the broker answered with TRACE_ON not false; nothing for a failed
//                   send, a oneway one, or one to the trace topic itself
//   SubBefore       before the listener runs, one bean per message whose TRACE_ON is not false
//   SubAfter        after it, the same beans with the outcome and the cost per message
//   EndTransaction  after a transaction was committed, rolled back or left unknown
// Groups and topics are written without any namespace, as Java's hooks write them.

import { MessageConst } from '../../common/message/message-const.js';
import type { ClientConfig } from '../client-config.js';
import { type ConsumeMessageContext, type ConsumeMessageHook, ConsumeReturnType } from '../consumer/consume-hooks.js';
import { MixAll } from '../mix-all.js';
import { withoutAnyNamespace } from '../namespace.js';
import {
  type EndTransactionContext,
  type EndTransactionHook,
  MessageType,
  type SendMessageContext,
  type SendMessageHook,
  type TransactionMessage,
} from '../producer/send-hooks.js';
import { SendStatus } from '../producer/send-result.js';
import { AsyncTraceDispatcher, type TraceProducerFactory } from './async-trace-dispatcher.js';
import { newTraceBean, newTraceContext, type TraceBean, type TraceContext, TraceType } from './trace-context.js';

/** The bean of a message a producer sent to `brokerAddr` (its null tags and keys kept null, as Java's). */
function sentBean(msg: TransactionMessage, brokerAddr: string, fields: Partial<TraceBean>): TraceBean {
  return newTraceBean({
    topic: withoutAnyNamespace(msg.topic),
    tags: msg.tags ?? null,
    keys: msg.keys ?? null,
    storeHost: brokerAddr,
    ...fields,
  });
}

export class SendMessageTraceHook implements SendMessageHook {
  readonly hookName = 'SendMessageTraceHook';

  constructor(private readonly dispatcher: AsyncTraceDispatcher) {}

  sendMessageBefore(ctx: SendMessageContext): void {
    const msg = ctx.message;
    if (msg.topic.startsWith(this.dispatcher.traceTopicName)) return;
    const bean = sentBean(msg, ctx.brokerAddr, { bodyLength: ctx.bodyLength, msgType: ctx.msgType });
    ctx.mqTraceContext = newTraceContext(TraceType.Pub, { groupName: withoutAnyNamespace(ctx.producerGroup), traceBeans: [bean] });
  }

  sendMessageAfter(ctx: SendMessageContext): void {
    const tc = ctx.mqTraceContext as TraceContext | undefined;
    const r = ctx.sendResult;
    if (ctx.message.topic.startsWith(this.dispatcher.traceTopicName) || !tc || !r || !r.traceOn) return;
    const bean = tc.traceBeans[0]!;
    const costTime = Math.trunc((Date.now() - tc.timeStamp) / tc.traceBeans.length);
    tc.costTime = costTime;
    tc.isSuccess = r.sendStatus === SendStatus.SEND_OK;
    tc.regionId = r.regionId;
    bean.msgId = r.msgId;
    bean.offsetMsgId = r.offsetMsgId;
    bean.storeTime = tc.timeStamp + Math.trunc(costTime / 2);
    this.dispatcher.append(tc);
  }
}

export class ConsumeMessageTraceHook implements ConsumeMessageHook {
  readonly hookName = 'ConsumeMessageTraceHook';

  constructor(private readonly dispatcher: AsyncTraceDispatcher) {}

  consumeMessageBefore(ctx: ConsumeMessageContext): void {
    if (ctx.msgList.length === 0) return;
    const tc = newTraceContext(TraceType.SubBefore, { groupName: withoutAnyNamespace(ctx.consumerGroup) });
    ctx.mqTraceContext = tc;
    for (const msg of ctx.msgList) {
      if (msg.getProperty(MessageConst.PROPERTY_TRACE_SWITCH) === 'false') continue;
      tc.regionId = msg.getProperty(MessageConst.PROPERTY_MSG_REGION) ?? null;
      tc.traceBeans.push(newTraceBean({
        topic: withoutAnyNamespace(msg.topic),
        msgId: msg.msgId,
        tags: msg.tags ?? null,
        keys: msg.keys ?? null,
        storeTime: msg.storeTimestamp,
        bodyLength: msg.storeSize,
        retryTimes: msg.reconsumeTimes,
      }));
    }
    if (tc.traceBeans.length > 0) {
      tc.timeStamp = Date.now();
      this.dispatcher.append(tc);
    }
  }

  consumeMessageAfter(ctx: ConsumeMessageContext): void {
    const before = ctx.mqTraceContext as TraceContext | undefined;
    if (ctx.msgList.length === 0 || !before || before.traceBeans.length === 0) return;
    const returnType = ctx.props.get(MixAll.CONSUME_CONTEXT_TYPE);
    const code = returnType === undefined ? -1 : ConsumeReturnType.indexOf(returnType as ConsumeReturnType);
    const after = newTraceContext(TraceType.SubAfter, {
      regionId: before.regionId,
      groupName: before.groupName,
      requestId: before.requestId,
      isSuccess: ctx.success,
      costTime: Math.trunc((Date.now() - before.timeStamp) / ctx.msgList.length),
      traceBeans: before.traceBeans,
      contextCode: code < 0 ? 0 : code,
    });
    this.dispatcher.append(after);
  }
}

/** What a consumer offers its tracing. */
export interface TracedConsumer {
  readonly groupName: string;
  readonly config: ClientConfig;
  registerConsumeMessageHook(hook: ConsumeMessageHook): void;
}

/**
 * A consumer's trace dispatcher when `enableMsgTrace` is on, its hook registered on `consumer`
 * (the consumers' constructors in Java); undefined otherwise.
 */
export function consumerTracing(
  consumer: TracedConsumer,
  opts: { enableMsgTrace?: boolean; customizedTraceTopic?: string },
  factory: TraceProducerFactory,
): AsyncTraceDispatcher | undefined {
  if (!opts.enableMsgTrace) return undefined;
  const d = new AsyncTraceDispatcher(consumer.groupName, 'CONSUME', opts.customizedTraceTopic, consumer.config, factory);
  consumer.registerConsumeMessageHook(new ConsumeMessageTraceHook(d));
  return d;
}

export class EndTransactionTraceHook implements EndTransactionHook {
  readonly hookName = 'EndTransactionTraceHook';

  /** `clientId` names the traced producer's client (the bean's clientHost). */
  constructor(private readonly dispatcher: AsyncTraceDispatcher, private readonly clientId: () => string) {}

  endTransaction(ctx: EndTransactionContext): void {
    const msg = ctx.message;
    if (msg.topic.startsWith(this.dispatcher.traceTopicName)) return;
    const bean = sentBean(msg, ctx.brokerAddr, {
      msgType: MessageType.Trans_msg_Commit,
      clientHost: this.clientId(),
      msgId: ctx.msgId,
      transactionState: ctx.transactionState,
      transactionId: ctx.transactionId ?? null,
      fromTransactionCheck: ctx.fromTransactionCheck,
    });
    const region = msg.getProperty(MessageConst.PROPERTY_MSG_REGION);
    const tc = newTraceContext(TraceType.EndTransaction, {
      groupName: withoutAnyNamespace(ctx.producerGroup),
      regionId: region ? region : MixAll.DEFAULT_TRACE_REGION_ID,
      traceBeans: [bean],
    });
    this.dispatcher.append(tc);
  }
}
