// A stored message as decoded from a commit-log record (Java's MessageExt), with the property
// look-ups clients and the broker use most.

import { MessageConst } from './message-const.js';
import { formatSocketAddress, type SocketAddress } from './socket-address.js';

export interface MessageExtFields {
  topic: string;
  flag: number;
  /** Decompressed when the record was decoded with `decompress` (the default) and the sysFlag says compressed. */
  body: Buffer;
  propertiesString: string;
  queueId: number;
  storeSize: number;
  queueOffset: number;
  sysFlag: number;
  bornTimestamp: number;
  bornHost: SocketAddress;
  /** The encoded born host field: 8 or 20 bytes. */
  bornHostBytes: Buffer;
  storeTimestamp: number;
  storeHost: SocketAddress;
  /** The encoded store host field: 8 or 20 bytes. */
  storeHostBytes: Buffer;
  commitLogOffset: number;
  bodyCRC: number;
  reconsumeTimes: number;
  preparedTransactionOffset: number;
  /** The offset message id: store host and commit-log offset. */
  msgId: string;
  /** 1 for magic 0xDAA320A7 (1-byte topic length), 2 for 0xDAA320AB (2-byte topic length). */
  version: 1 | 2;
}

export class MessageExt implements MessageExtFields {
  topic!: string;
  flag!: number;
  body!: Buffer;
  propertiesString!: string;
  /** Decoded as Java does: a repeated name keeps its last value. */
  properties!: Map<string, string>;
  queueId!: number;
  storeSize!: number;
  queueOffset!: number;
  sysFlag!: number;
  bornTimestamp!: number;
  bornHost!: SocketAddress;
  bornHostBytes!: Buffer;
  storeTimestamp!: number;
  storeHost!: SocketAddress;
  storeHostBytes!: Buffer;
  commitLogOffset!: number;
  bodyCRC!: number;
  reconsumeTimes!: number;
  preparedTransactionOffset!: number;
  msgId!: string;
  version!: 1 | 2;

  constructor(fields: MessageExtFields & { properties: Map<string, string> }) {
    Object.assign(this, fields);
  }

  getProperty(name: string): string | undefined {
    return this.properties.get(name);
  }

  get tags(): string | undefined {
    return this.properties.get(MessageConst.PROPERTY_TAGS);
  }

  get keys(): string | undefined {
    return this.properties.get(MessageConst.PROPERTY_KEYS);
  }

  get uniqKey(): string | undefined {
    return this.properties.get(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX);
  }

  get offsetMsgId(): string {
    return this.msgId;
  }

  /** The id a Java client shows as msgId: the unique key when there is one, else the offset id. */
  get clientMsgId(): string {
    return this.uniqKey ?? this.msgId;
  }

  get delayTimeLevel(): number {
    const v = this.properties.get(MessageConst.PROPERTY_DELAY_TIME_LEVEL);
    return v === undefined ? 0 : Number.parseInt(v, 10) || 0;
  }

  get bornHostString(): string {
    return formatSocketAddress(this.bornHost);
  }

  get storeHostString(): string {
    return formatSocketAddress(this.storeHost);
  }
}
