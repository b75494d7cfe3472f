// Message: what a producer sends (Java's Message). Topic, body, flag and properties; tags, keys,
// delay level, RocketMQ 5's timer delays and WAIT are properties under RocketMQ's reserved names.
// A new message carries WAIT=true, as Java's constructor sets it.

import {
  KEY_SEPARATOR,
  MessageConst,
  NAME_VALUE_SEPARATOR,
  PROPERTY_SEPARATOR,
  RESERVED_PROPERTY_NAMES,
} from '../../common/message/message-const.js';
import { illegalMessage } from '../errors.js';

export interface MessageInit {
  tags?: string;
  /** One key, or several (stored joined by a space). */
  keys?: string | readonly string[];
  flag?: number;
  /** Whether the broker should answer only once the message is stored (default true). */
  waitStoreMsgOK?: boolean;
  /** Delay level 1..18 of the broker's messageDelayLevel (0 = none). */
  delayTimeLevel?: number;
  /** Deliver at this epoch millisecond (RocketMQ 5's setDeliverTimeMs; TIMER_DELIVER_MS). */
  deliverTimeMs?: number;
  /** Deliver this many ms after the broker stores it (setDelayTimeMs; TIMER_DELAY_MS). */
  delayTimeMs?: number;
  /** Deliver this many seconds after the broker stores it (setDelayTimeSec; TIMER_DELAY_SEC). */
  delayTimeSec?: number;
  /** User properties (names RocketMQ reserves are refused). */
  properties?: Record<string, string> | ReadonlyMap<string, string>;
}

/**
 * A message to send: Java's `Message`. Topic and body, plus properties: tags (one per message,
 * what consumers' tag expressions match), keys (indexed by the broker: `mq admin queryMsgByKey`), a
 * delay level, and user properties (what SQL92 selectors test).
 *
 * ```ts
 * new Message('TopicTest', 'Hello', { tags: 'TagA', keys: 'order-1001', properties: { region: 'eu' } });
 * ```
 */
export class Message {
  /** The topic: letters, digits, `%`, `|`, `_` and `-`, at most 127 characters. */
  topic: string;
  /** The payload; a string is sent as UTF-8. Bodies from 4 KiB are sent and stored compressed. */
  body: Uint8Array;
  /** Not used by RocketMQ: an application's own number, stored with the message. */
  flag: number;
  /** Every property, system and user, in insertion order. */
  readonly properties: Map<string, string>;
  transactionId: string | undefined;

  constructor(topic: string, body: string | Uint8Array, init: MessageInit = {}) {
    this.topic = topic;
    this.body = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    this.flag = init.flag ?? 0;
    this.properties = new Map();
    this.transactionId = undefined;
    if (init.tags) this.properties.set(MessageConst.PROPERTY_TAGS, init.tags);
    if (init.keys !== undefined) this.keys = init.keys;
    this.properties.set(MessageConst.PROPERTY_WAIT_STORE_MSG_OK, String(init.waitStoreMsgOK ?? true));
    if (init.delayTimeLevel) this.delayTimeLevel = init.delayTimeLevel;
    if (init.deliverTimeMs !== undefined) this.deliverTimeMs = init.deliverTimeMs;
    if (init.delayTimeMs !== undefined) this.delayTimeMs = init.delayTimeMs;
    if (init.delayTimeSec !== undefined) this.delayTimeSec = init.delayTimeSec;
    if (init.properties) {
      const entries = init.properties instanceof Map ? init.properties.entries() : Object.entries(init.properties);
      for (const [k, v] of entries) this.putUserProperty(k, v);
    }
  }

  /** The tag (TAGS property), which consumers' tag expressions filter on. */
  get tags(): string | undefined {
    return this.properties.get(MessageConst.PROPERTY_TAGS);
  }

  set tags(v: string | undefined) {
    if (v) this.properties.set(MessageConst.PROPERTY_TAGS, v);
    else this.properties.delete(MessageConst.PROPERTY_TAGS);
  }

  /** The keys (KEYS property, space-separated), which the broker indexes for queries by key. */
  get keys(): string | undefined {
    return this.properties.get(MessageConst.PROPERTY_KEYS);
  }

  set keys(v: string | readonly string[] | undefined) {
    const s = typeof v === 'string' ? v : v?.join(KEY_SEPARATOR);
    if (s) this.properties.set(MessageConst.PROPERTY_KEYS, s);
    else this.properties.delete(MessageConst.PROPERTY_KEYS);
  }

  /**
   * Delivers the message later: a level of the broker's `messageDelayLevel`, by default 1s 5s 10s
   * 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h (level 1 is one second); 0 is none.
   */
  get delayTimeLevel(): number {
    const v = this.properties.get(MessageConst.PROPERTY_DELAY_TIME_LEVEL);
    return v === undefined ? 0 : Number.parseInt(v, 10) || 0;
  }

  set delayTimeLevel(level: number) {
    if (level > 0) this.properties.set(MessageConst.PROPERTY_DELAY_TIME_LEVEL, String(level));
    else this.properties.delete(MessageConst.PROPERTY_DELAY_TIME_LEVEL);
  }

  /**
   * Timer messages (RocketMQ 5 brokers, and ours): the broker keeps the message until this epoch
   * millisecond, at most timerMaxDelaySec (3 days) ahead. 0 when not set.
   */
  get deliverTimeMs(): number {
    return this.longProperty(MessageConst.PROPERTY_TIMER_DELIVER_MS);
  }

  set deliverTimeMs(ms: number) {
    this.properties.set(MessageConst.PROPERTY_TIMER_DELIVER_MS, String(Math.trunc(ms)));
  }

  /** The broker keeps the message this many milliseconds after storing it. 0 when not set. */
  get delayTimeMs(): number {
    return this.longProperty(MessageConst.PROPERTY_TIMER_DELAY_MS);
  }

  set delayTimeMs(ms: number) {
    this.properties.set(MessageConst.PROPERTY_TIMER_DELAY_MS, String(Math.trunc(ms)));
  }

  /** The broker keeps the message this many seconds after storing it. 0 when not set. */
  get delayTimeSec(): number {
    return this.longProperty(MessageConst.PROPERTY_TIMER_DELAY_SEC);
  }

  set delayTimeSec(sec: number) {
    this.properties.set(MessageConst.PROPERTY_TIMER_DELAY_SEC, String(Math.trunc(sec)));
  }

  private longProperty(name: string): number {
    const v = this.properties.get(name);
    return v === undefined ? 0 : Number.parseInt(v, 10) || 0;
  }

  get waitStoreMsgOK(): boolean {
    return this.properties.get(MessageConst.PROPERTY_WAIT_STORE_MSG_OK) !== 'false';
  }

  set waitStoreMsgOK(v: boolean) {
    this.properties.set(MessageConst.PROPERTY_WAIT_STORE_MSG_OK, String(v));
  }

  getProperty(name: string): string | undefined {
    return this.properties.get(name);
  }

  /** Sets a system property without the reserved-name check (client internals). */
  putProperty(name: string, value: string): void {
    this.properties.set(name, value);
  }

  clearProperty(name: string): void {
    this.properties.delete(name);
  }

  /** Message.putUserProperty: names RocketMQ reserves, and empty names or values, are refused. */
  putUserProperty(name: string, value: string): void {
    if (RESERVED_PROPERTY_NAMES.has(name)) throw illegalMessage(`The Property<${name}> is used by system, input another please`);
    if (!name || !value || name.trim() === '' || value.trim() === '') {
      throw illegalMessage('The name or value of property can not be null or blank string!');
    }
    if (
      name.includes(NAME_VALUE_SEPARATOR) || name.includes(PROPERTY_SEPARATOR) || value.includes(NAME_VALUE_SEPARATOR) ||
      value.includes(PROPERTY_SEPARATOR)
    ) {
      throw illegalMessage('Property names and values may not contain \\u0001 or \\u0002');
    }
    this.properties.set(name, value);
  }

  getUserProperty(name: string): string | undefined {
    return this.properties.get(name);
  }

  /** The UNIQ_KEY the producer gave this message (its msgId), once sent. */
  get uniqKey(): string | undefined {
    return this.properties.get(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX);
  }

  toString(): string {
    const props = [...this.properties].map(([k, v]) => `${k}=${v}`).join(', ');
    return `Message{topic='${this.topic}', flag=${this.flag}, properties={${props}}, body.length=${this.body.length}, transactionId='${
      this.transactionId ?? 'null'
    }'}`;
  }
}

/** The properties string of a message: name \u0001 value, joined by \u0002 (MessageDecoder.messageProperties2String). */
export function messagePropertiesToString(props: ReadonlyMap<string, string>): string {
  let out = '';
  for (const [k, v] of props) {
    if (out.length > 0) out += PROPERTY_SEPARATOR;
    out += k + NAME_VALUE_SEPARATOR + v;
  }
  return out;
}
