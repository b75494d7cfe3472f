// How a put becomes a timer message (RocketMQ 5's HookUtils.handleScheduleMessage, checkIfTimerMessage
// and transformTimerMessage), run by the store before every single put. A message that is neither
// prepared nor rolled back and carries TIMER_DELAY_SEC, TIMER_DELAY_MS or TIMER_DELIVER_MS (read in
// that order) is due at now + seconds, now + ms, or the given epoch ms. Due later: it is parked in
// rmq_sys_wheel_timer queue 0 with TIMER_OUT_MS (the due ms), REAL_TOPIC and REAL_QID. Due now or
// before: it goes to its topic at once, as in Java. A delay level wins over the timer properties,
// which are then dropped. Refusals are the store statuses Java's processors answer with.
//
// Differences, on purpose: TIMER_OUT_MS is the exact due ms (Java floors it to the slot and
// delivers when the slot ends), and a negative value of any of the three properties is refused as
// illegal (Java delivers it at once).

import type { MessageStoreConfig } from '../../common/config/message-store-config.js';
import { MessageConst, SystemTopic } from '../../common/message/message-const.js';
import { getProperty, putProperty, removeProperty } from '../../common/message/properties.js';
import { MessageSysFlag, transactionType } from '../../common/message/sysflag.js';
import { type PutMessageInput, PutMessageStatus } from '../../store/index.js';

const C = MessageConst;
const JAVA_LONG = /^[+-]?\d{1,19}$/;

export interface TimerPutContext {
  cfg: MessageStoreConfig;
  now(): number;
  /** Java's isReject: flow control of one slot (timerCongestNumEachSlot). */
  isReject(deliverMs: number): boolean;
}

/** Long.parseLong as far as a delay goes: null when Java would throw. */
function parseLong(s: string): number | null {
  return JAVA_LONG.test(s) ? Number(s) : null;
}

/**
 * The put as it must be stored (a new input), a status refusing it, or null when it is not a timer
 * message and goes on unchanged.
 */
export function timerPutHook(m: PutMessageInput, ctx: TimerPutContext): PutMessageInput | PutMessageStatus | null {
  let props = m.propertiesString;
  if (props.indexOf('TIMER_') < 0) return null;
  const tran = transactionType(m.sysFlag);
  if (tran !== MessageSysFlag.TRANSACTION_NOT_TYPE && tran !== MessageSysFlag.TRANSACTION_COMMIT_TYPE) return null;
  if (m.topic === SystemTopic.TIMER) return null;
  const sec = getProperty(props, C.PROPERTY_TIMER_DELAY_SEC);
  const ms = getProperty(props, C.PROPERTY_TIMER_DELAY_MS);
  const at = getProperty(props, C.PROPERTY_TIMER_DELIVER_MS);
  if ((m.delayTimeLevel ?? 0) > 0) {
    if (sec === undefined && ms === undefined && at === undefined) return null;
    for (const name of [C.PROPERTY_TIMER_DELIVER_MS, C.PROPERTY_TIMER_DELAY_SEC, C.PROPERTY_TIMER_DELAY_MS]) {
      props = removeProperty(props, name);
    }
    return { ...m, propertiesString: props };
  }
  if (getProperty(props, C.PROPERTY_TIMER_OUT_MS) !== undefined) return null;
  if (sec === undefined && ms === undefined && at === undefined) return null;
  if (!ctx.cfg.timerWheelEnable) return PutMessageStatus.WHEEL_TIMER_NOT_ENABLE;
  const value = parseLong(sec ?? ms ?? at!);
  if (value === null || value < 0) return PutMessageStatus.WHEEL_TIMER_MSG_ILLEGAL;
  const now = ctx.now();
  const deliverMs = sec !== undefined ? now + value * 1000 : ms !== undefined ? now + value : value;
  if (deliverMs <= now) {
    return getProperty(props, C.PROPERTY_TIMER_DEL_UNIQKEY) !== undefined ? PutMessageStatus.WHEEL_TIMER_MSG_ILLEGAL : null;
  }
  if (deliverMs - now > ctx.cfg.timerMaxDelaySec * 1000) return PutMessageStatus.WHEEL_TIMER_MSG_ILLEGAL;
  if (ctx.isReject(deliverMs)) return PutMessageStatus.WHEEL_TIMER_FLOW_CONTROL;
  props = putProperty(props, C.PROPERTY_TIMER_OUT_MS, String(deliverMs));
  props = putProperty(props, C.PROPERTY_REAL_TOPIC, m.topic);
  props = putProperty(props, C.PROPERTY_REAL_QUEUE_ID, String(m.queueId));
  return { ...m, topic: SystemTopic.TIMER, queueId: 0, propertiesString: props };
}
