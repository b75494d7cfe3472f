// What a put gives back (Java's PutMessageResult with its AppendMessageResult folded in), and the
// bookkeeping of a put waiting for its write or flush.

import { createMessageId } from '../common/message/message-id.js';
import { PutMessageStatus } from './status.js';

/** The message to store, as the broker has it after decoding a send request (MessageExtBrokerInner). */
export interface PutMessageInput {
  topic: string;
  queueId: number;
  flag: number;
  /** As sent: already compressed when the sysFlag says so. */
  body: Buffer;
  /** The encoded properties string, as received; the store does not re-encode it. */
  propertiesString: string;
  /** Ignored: the store derives the tag code from TAGS, as replaying the commit log would. */
  tagsCode?: number;
  sysFlag: number;
  bornTimestamp: number;
  /** Encoded born host: 4+4 bytes, or 16+4 for IPv6 (see encodeSocketAddress). */
  bornHost: Buffer;
  /** Encoded store host; defaults to the store's own (brokerIP1:listenPort). */
  storeHost?: Buffer;
  reconsumeTimes?: number;
  preparedTransactionOffset?: number;
  /**
   * Delay level to apply: above 0 the store moves the message to SCHEDULE_TOPIC_XXXX (queue
   * level - 1) and records REAL_TOPIC / REAL_QID, as CommitLog.asyncPutMessage does in 4.9.8.
   * Passed explicitly, not read from DELAY, because redelivered messages keep DELAY in their
   * properties string.
   */
  delayTimeLevel?: number;
  /** Whether a SYNC_FLUSH put waits for the disk; default from the WAIT property (true when absent). */
  waitStoreMsgOK?: boolean;
}

/** Java's PutMessageHook: a refusal, another message to store instead, or null to go on unchanged. */
export type PutMessageHook = (m: PutMessageInput) => PutMessageInput | PutMessageStatus | null;

export class PutMessageResult {
  status: PutMessageStatus;
  /** Physical offset of the (first) record. */
  wroteOffset = 0;
  /** Bytes taken in the commit log (all records of a batch). */
  wroteBytes = 0;
  /** Queue offset of the (first) message. */
  queueOffset = 0;
  storeTimestamp = 0;
  msgNum = 0;
  /** Physical offsets of every record of a batch. */
  offsets: number[] | null = null;
  storeHost: Buffer | null = null;

  constructor(status: PutMessageStatus) {
    this.status = status;
  }

  get isOk(): boolean {
    return this.status === PutMessageStatus.PUT_OK;
  }

  /** Java's name for the queue offset. */
  get logicsOffset(): number {
    return this.queueOffset;
  }

  /** Offset message id(s); comma-separated for a batch, as the send response carries them. */
  get msgId(): string {
    if (!this.storeHost || this.msgNum === 0) return '';
    if (this.offsets) return this.offsets.map((o) => createMessageId(this.storeHost!, o)).join(',');
    return createMessageId(this.storeHost, this.wroteOffset);
  }
}

/** Where a finished put reports its latency. */
export interface PutLatencySink {
  recordPutLatency(ms: number, ok: boolean): void;
  /** Puts accepted and not yet answered (the broker's send queue, for flow control). */
  putsInFlight: number;
}

const unresolved = (): void => undefined;

/**
 * A put whose records are encoded and waiting for the write (and, under SYNC_FLUSH, the fsync). It
 * is its own result, so a put costs one object besides its promise.
 */
export class PendingPut extends PutMessageResult {
  resolve: (r: PutMessageResult) => void = unresolved;
  /** Physical offset after the put's last record. */
  end = 0;
  /** Whether it waits for the fsync (SYNC_FLUSH with WAIT true). */
  waitFlush = false;
  /** Whether it waits for a slave's acknowledgement (SYNC_MASTER with WAIT true), after any flush. */
  waitReplica = false;
  /** Date.now() when the put arrived. */
  startedAt = 0;
  /** Monotonic time after which a SYNC_FLUSH put gives up waiting. */
  deadline = 0;
  sink: PutLatencySink | null = null;

  complete(status: PutMessageStatus, now = Date.now()): void {
    this.status = status;
    const sink = this.sink;
    if (sink !== null) {
      sink.putsInFlight--;
      sink.recordPutLatency(now - this.startedAt, status === PutMessageStatus.PUT_OK);
    }
    this.resolve(this);
  }
}
