// MessageExt as a consumer receives it: a view over one stored record inside a PULL (or
// QUERY / VIEW) body, decoded lazily. Only the fields the consume path always needs are read up
// front (size, queue offset, sysFlag, body bounds); the body is a zero-copy view (decompressed on
// first use), and properties, hosts and ids are decoded when first asked for.
//   record = totalSize i32 | magic i32 | bodyCRC i32 | queueId i32 | flag i32 | queueOffset i64
//            | physicalOffset i64 | sysFlag i32 | bornTimestamp i64 | bornHost (8|20)
//            | storeTimestamp i64 | storeHost (8|20) | reconsumeTimes i32 | preparedTxOffset i64
//            | bodyLength i32 | body | topicLength (i8 | i16 for magic v2) | topic | propsLength i16 | props

import { bodyForSysFlag } from '../../common/message/compression.js';
import { readInt64BE } from '../../common/message/int64.js';
import { MessageConst } from '../../common/message/message-const.js';
import { createMessageId } from '../../common/message/message-id.js';
import { decodeProperties, getProperty } from '../../common/message/properties.js';
import { decodeSocketAddress, formatSocketAddress } from '../../common/message/socket-address.js';
import { isCompressed } from '../../common/message/sysflag.js';
import { bornHostLength, MESSAGE_MAGIC_CODE, RecordPos, storeHostLength, storeTimestampPos } from '../../common/message/record-codec.js';

/** What the messages of one pull share: the queue's broker and the queue's offsets at pull time. */
export interface PullBatchInfo {
  brokerName: string;
  minOffset: number;
  maxOffset: number;
}

/**
 * A message as stored and received: Java's `MessageExt`, what listeners, poll() and queries get.
 * Besides the {@link Message} fields it has where it is stored (`queueId`, `queueOffset`,
 * `commitLogOffset`), its ids (`msgId`, the producer's unique id; `offsetMsgId`, the store's),
 * when and where it was born and stored, and how often it was redelivered (`reconsumeTimes`).
 * The body is a view into the received buffer: call {@link detach} to keep a message after the
 * listener returns without keeping the whole pulled batch alive.
 */
export class MessageExt {
  // Fields are `declare`d and set once in the constructor: one shape, no define-then-assign per message.
  /** The buffer holding the record, and where the record starts. */
  declare readonly buffer: Buffer;
  declare readonly pos: number;
  declare readonly storeSize: number;
  declare readonly queueOffset: number;
  declare readonly sysFlag: number;
  /** Broker the message was pulled from. */
  declare brokerName: string;
  declare reconsumeTimes: number;
  /** When the consumer handed the message to its listener (Java's CONSUME_START_TIME), 0 before. */
  declare consumeStartTimestamp: number;
  declare private readonly bodyPos: number;
  declare private readonly bodyLen: number;
  declare private readonly batch: PullBatchInfo | undefined;
  declare private topicOverride: string | undefined;
  declare private propsText: string | undefined;
  declare private propsMap: Map<string, string> | undefined;
  declare private bodyCache: Buffer | undefined;
  declare private msgIdCache: string | undefined;

  /** Use `decodeMessageExt` / `decodeMessageExts`; the record must already be bounds-checked. */
  constructor(buffer: Buffer, pos: number, storeSize: number, sysFlag: number, bodyPos: number, bodyLen: number, batch?: PullBatchInfo) {
    this.buffer = buffer;
    this.pos = pos;
    this.storeSize = storeSize;
    this.sysFlag = sysFlag;
    this.queueOffset = readInt64BE(buffer, pos + RecordPos.QUEUE_OFFSET);
    this.bodyPos = bodyPos;
    this.bodyLen = bodyLen;
    this.batch = batch;
    this.brokerName = batch?.brokerName ?? '';
    this.reconsumeTimes = buffer.readInt32BE(bodyPos - 16);
    this.consumeStartTimestamp = 0;
    this.topicOverride = undefined;
    this.propsText = undefined;
    this.propsMap = undefined;
    this.bodyCache = undefined;
    this.msgIdCache = undefined;
  }

  get queueId(): number {
    return this.buffer.readInt32BE(this.pos + RecordPos.QUEUE_ID);
  }

  get flag(): number {
    return this.buffer.readInt32BE(this.pos + RecordPos.FLAG);
  }

  get bodyCRC(): number {
    return this.buffer.readInt32BE(this.pos + RecordPos.BODY_CRC);
  }

  get commitLogOffset(): number {
    return readInt64BE(this.buffer, this.pos + RecordPos.PHYSICAL_OFFSET);
  }

  get bornTimestamp(): number {
    return readInt64BE(this.buffer, this.pos + RecordPos.BORN_TIMESTAMP);
  }

  private get storeHostPos(): number {
    return this.pos + storeTimestampPos(this.sysFlag) + 8;
  }

  private get storeHostLen(): number {
    return storeHostLength(this.sysFlag);
  }

  /** "ip:port" (IPv6 in brackets). */
  get bornHost(): string {
    return formatSocketAddress(decodeSocketAddress(this.buffer, this.pos + RecordPos.BORN_HOST, bornHostLength(this.sysFlag) === 20));
  }

  get storeTimestamp(): number {
    return readInt64BE(this.buffer, this.pos + storeTimestampPos(this.sysFlag));
  }

  get storeHost(): string {
    return formatSocketAddress(decodeSocketAddress(this.buffer, this.storeHostPos, this.storeHostLen === 20));
  }

  get preparedTransactionOffset(): number {
    return readInt64BE(this.buffer, this.bodyPos - 12);
  }

  /** Length of the body as stored (compressed when the sysFlag says so). */
  get storedBodyLength(): number {
    return this.bodyLen;
  }

  /** The body: a view into the pull buffer, or the decompressed bytes. */
  get body(): Buffer {
    if (this.bodyCache === undefined) {
      const raw = this.buffer.subarray(this.bodyPos, this.bodyPos + this.bodyLen);
      this.bodyCache = isCompressed(this.sysFlag) ? bodyForSysFlag(raw, this.sysFlag) : raw;
    }
    return this.bodyCache;
  }

  private get topicPos(): number {
    return this.bodyPos + this.bodyLen;
  }

  private get isV1(): boolean {
    return this.buffer.readInt32BE(this.pos + RecordPos.MAGIC) === MESSAGE_MAGIC_CODE;
  }

  /** The stored topic, or what the consumer reset it to (retry messages show their real topic). */
  get topic(): string {
    if (this.topicOverride !== undefined) return this.topicOverride;
    const p = this.topicPos;
    const v1 = this.isV1;
    const len = v1 ? this.buffer.readInt8(p) : this.buffer.readInt16BE(p);
    const start = p + (v1 ? 1 : 2);
    this.topicOverride = this.buffer.toString('utf8', start, start + len);
    return this.topicOverride;
  }

  set topic(v: string) {
    this.topicOverride = v;
  }

  /** The raw properties string (name \u0001 value, joined by \u0002). */
  get propertiesString(): string {
    if (this.propsText === undefined) {
      const p = this.topicPos;
      const v1 = this.isV1;
      const topicLen = v1 ? this.buffer.readInt8(p) : this.buffer.readInt16BE(p);
      const lenPos = p + (v1 ? 1 : 2) + topicLen;
      const propLen = this.buffer.readInt16BE(lenPos);
      this.propsText = propLen > 0 ? this.buffer.toString('utf8', lenPos + 2, lenPos + 2 + propLen) : '';
    }
    return this.propsText;
  }

  /** Every property; includes MIN_OFFSET and MAX_OFFSET of the pull, as Java's consumer adds them. */
  get properties(): Map<string, string> {
    if (this.propsMap === undefined) {
      this.propsMap = decodeProperties(this.propertiesString);
      if (this.batch) {
        this.propsMap.set(MessageConst.PROPERTY_MIN_OFFSET, String(this.batch.minOffset));
        this.propsMap.set(MessageConst.PROPERTY_MAX_OFFSET, String(this.batch.maxOffset));
      }
    }
    return this.propsMap;
  }

  getProperty(name: string): string | undefined {
    if (this.propsMap !== undefined) return this.propsMap.get(name);
    if (this.batch) {
      if (name === MessageConst.PROPERTY_MIN_OFFSET) return String(this.batch.minOffset);
      if (name === MessageConst.PROPERTY_MAX_OFFSET) return String(this.batch.maxOffset);
    }
    return getProperty(this.propertiesString, name);
  }

  /** Sets a property on this received copy (the stored record is not changed). */
  putProperty(name: string, value: string): void {
    this.properties.set(name, value);
  }

  getUserProperty(name: string): string | undefined {
    return this.getProperty(name);
  }

  get tags(): string | undefined {
    return this.getProperty(MessageConst.PROPERTY_TAGS);
  }

  get keys(): string | undefined {
    return this.getProperty(MessageConst.PROPERTY_KEYS);
  }

  get delayTimeLevel(): number {
    const v = this.getProperty(MessageConst.PROPERTY_DELAY_TIME_LEVEL);
    return v === undefined ? 0 : Number.parseInt(v, 10) || 0;
  }

  /** The id a producer got back for this message: UNIQ_KEY, else the offset id (MessageClientExt.getMsgId). */
  get msgId(): string {
    return this.getProperty(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX) ?? this.offsetMsgId;
  }

  /** Store host and commit-log offset: where the broker finds this message. */
  get offsetMsgId(): string {
    if (this.msgIdCache === undefined) {
      const p = this.storeHostPos;
      this.msgIdCache = createMessageId(this.buffer.subarray(p, p + this.storeHostLen), this.commitLogOffset);
    }
    return this.msgIdCache;
  }

  /** The message with its stored bytes copied out, so it does not pin the pull buffer. */
  detach(): MessageExt {
    const copy = Buffer.from(this.buffer.subarray(this.pos, this.pos + this.storeSize));
    const m = new MessageExt(copy, 0, this.storeSize, this.sysFlag, this.bodyPos - this.pos, this.bodyLen, this.batch);
    m.brokerName = this.brokerName;
    m.reconsumeTimes = this.reconsumeTimes;
    if (this.topicOverride !== undefined) m.topic = this.topicOverride;
    return m;
  }

  /** The readable fields, for logs and `--json` output. */
  toJSON(): Record<string, unknown> {
    return {
      topic: this.topic,
      brokerName: this.brokerName,
      queueId: this.queueId,
      queueOffset: this.queueOffset,
      msgId: this.msgId,
      offsetMsgId: this.offsetMsgId,
      tags: this.tags,
      keys: this.keys,
      reconsumeTimes: this.reconsumeTimes,
      bornTimestamp: this.bornTimestamp,
      bornHost: this.bornHost,
      storeTimestamp: this.storeTimestamp,
      storeHost: this.storeHost,
      commitLogOffset: this.commitLogOffset,
      sysFlag: this.sysFlag,
      storeSize: this.storeSize,
      properties: Object.fromEntries(this.properties),
      body: this.body.toString('utf8'),
    };
  }

  /** MessageExt.toString, with the body length instead of every byte. */
  toString(): string {
    const props = [...this.properties].map(([k, v]) => `${k}=${v}`).join(', ');
    return `MessageExt [brokerName=${this.brokerName}, queueId=${this.queueId}, storeSize=${this.storeSize}, queueOffset=${this.queueOffset}, ` +
      `sysFlag=${this.sysFlag}, bornTimestamp=${this.bornTimestamp}, bornHost=${this.bornHost}, storeTimestamp=${this.storeTimestamp}, ` +
      `storeHost=${this.storeHost}, msgId=${this.offsetMsgId}, commitLogOffset=${this.commitLogOffset}, bodyCRC=${this.bodyCRC}, ` +
      `reconsumeTimes=${this.reconsumeTimes}, preparedTransactionOffset=${this.preparedTransactionOffset}, ` +
      `toString()=Message{topic='${this.topic}', flag=${this.flag}, properties={${props}}, body.length=${this.body.length}}]`;
  }
}
