// Delivery of delayed messages (Java's ScheduleMessageService). The store parks a message with a
// delay level in SCHEDULE_TOPIC_XXXX, queue level - 1, with its delivery time as the unit's tag
// code. Each level has one timer, armed for its next due message, never a polling loop: when a level
// has caught up it sleeps until the store reports a new arrival in its queue. A due message goes to
// its REAL_TOPIC / REAL_QID with its properties string unchanged (so DELAY stays, as Java's copies
// show) but without a delay level. Progress per level ("next offset to deliver") is delayOffset.json.
// A message the store refuses for good (an illegal real topic, oversized) is skipped with one error
// line; other refusals (a full disk, a busy store) hold the level and are retried every 100 ms.

import path from 'node:path';
import { getLogger } from '../../common/logger.js';
import { MessageConst, SystemTopic } from '../../common/message/message-const.js';
import { decodeMessage } from '../../common/message/record-codec.js';
import { stringifyFastjson } from '../../remoting/fastjson.js';
import { decodeDelayOffsetTable, delayOffsetTableToJson } from '../../remoting/protocol/consumer-offset.js';
import { type MessageStore, type PutMessageResult, PutMessageStatus } from '../../store/index.js';
import { ConfigFile } from '../persist/config-file.js';
import { reputInput } from '../reput-input.js';

const log = getLogger('broker');

/** Retry pause after a failed delivery (Java's DELAY_FOR_A_WHILE). */
const RETRY_AFTER_MS = 100;
/** Consume-queue units read per pass. */
const BATCH = 32;
/** Store verdicts on the message itself: trying again cannot change them. */
const NEVER_DELIVERABLE: ReadonlySet<string> = new Set([PutMessageStatus.MESSAGE_ILLEGAL, PutMessageStatus.PROPERTIES_SIZE_EXCEEDED]);

export interface ScheduleMessageServiceOptions {
  storeRoot: string;
  /** Delay of each level in ms, level 1 first (messageDelayLevel). */
  delayLevels: readonly number[];
  /** How often progress is written (flushDelayOffsetInterval). */
  flushIntervalMs: number;
  now?: () => number;
  /** Told of each delivered message (the broker's statistics, as Java's onSuccess with enableScheduleMessageStats). */
  onDelivered?: (level: number, topic: string, r: PutMessageResult) => void;
}

interface LevelState {
  timer: ReturnType<typeof setTimeout> | null;
  dueAt: number;
  running: Promise<void> | null;
  again: boolean;
}

export class ScheduleMessageService {
  readonly offsetTable = new Map<number, number>();
  readonly configFile: ConfigFile;
  private readonly levels = new Map<number, LevelState>();
  /** Level -> queue offset of the message whose delivery is being retried (logged once). */
  private readonly failing = new Map<number, number>();
  private readonly now: () => number;
  private flushTimer: ReturnType<typeof setInterval> | null = null;
  private started = false;

  constructor(private readonly store: MessageStore, private readonly opts: ScheduleMessageServiceOptions) {
    this.now = opts.now ?? Date.now;
    this.configFile = new ConfigFile(path.join(opts.storeRoot, 'config', 'delayOffset.json'), () => this.encode(true));
  }

  get maxDelayLevel(): number {
    return this.opts.delayLevels.length;
  }

  /** The table as JSON, pretty as on disk or compact as GET_ALL_DELAY_OFFSET sends it. */
  encode(pretty = false): string {
    return stringifyFastjson(delayOffsetTableToJson(this.offsetTable), { pretty });
  }

  /** Reads delayOffset.json and pulls each offset back inside its queue (Java's correctDelayOffset). */
  load(): void {
    const text = this.configFile.loadText();
    if (text !== null) { for (const [level, offset] of decodeDelayOffsetTable(text)) this.offsetTable.set(level, offset); }
    for (const [level, offset] of this.offsetTable) {
      const qid = level - 1;
      const min = this.store.getMinOffsetInQueue(SystemTopic.SCHEDULE, qid);
      const max = this.store.getMaxOffsetInQueue(SystemTopic.SCHEDULE, qid);
      if (min < 0) continue;
      const fixed = Math.min(Math.max(offset, min), max);
      if (fixed !== offset) {
        log.error('delay offset outside its queue, corrected', { level, offset, fixed, min, max });
        this.offsetTable.set(level, fixed);
      }
    }
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.load();
    for (let level = 1; level <= this.maxDelayLevel; level++) {
      this.levels.set(level, { timer: null, dueAt: Infinity, running: null, again: false });
      this.run(level);
    }
    this.flushTimer = setInterval(() => this.configFile.persist(), this.opts.flushIntervalMs);
    this.flushTimer.unref?.();
  }

  async shutdown(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    if (this.flushTimer) clearInterval(this.flushTimer);
    this.flushTimer = null;
    for (const s of this.levels.values()) {
      if (s.timer) clearTimeout(s.timer);
      s.timer = null;
    }
    await Promise.all([...this.levels.values()].map((s) => s.running));
    await this.configFile.persistNow();
  }

  /** The store's arrival hook for SCHEDULE_TOPIC_XXXX: `deliverAt` is the unit's tag code. */
  onScheduledArrival(queueId: number, deliverAt: number): void {
    const level = queueId + 1;
    const s = this.levels.get(level);
    if (!s || !this.started) return;
    if (s.running) {
      s.again = true;
      return;
    }
    const at = this.correctDeliverTimestamp(level, this.now(), deliverAt);
    if (at < s.dueAt) this.arm(level, at);
  }

  private arm(level: number, at: number): void {
    const s = this.levels.get(level);
    if (!s || !this.started) return;
    if (s.timer) clearTimeout(s.timer);
    s.dueAt = at;
    s.timer = setTimeout(() => {
      s.timer = null;
      s.dueAt = Infinity;
      this.run(level);
    }, Math.max(0, at - this.now()));
    s.timer.unref?.();
  }

  private run(level: number): void {
    const s = this.levels.get(level);
    if (!s || !this.started) return;
    if (s.running) {
      s.again = true;
      return;
    }
    s.running = this.deliver(level)
      .catch((err) => {
        log.error('delivering delayed messages failed', { level, err });
        if (this.started) this.arm(level, this.now() + 10_000);
      })
      .finally(() => {
        s.running = null;
        if (s.again && this.started) {
          s.again = false;
          if (!s.timer) this.run(level);
        }
      });
  }

  /** A delivery time too far ahead (the clock went back) means now (Java's correctDeliverTimestamp). */
  private correctDeliverTimestamp(level: number, now: number, deliverAt: number): number {
    return deliverAt > now + this.opts.delayLevels[level - 1]! ? now : deliverAt;
  }

  /** Delivers the due messages of one level, then arms its timer for the next one, if any. */
  private async deliver(level: number): Promise<void> {
    const qid = level - 1;
    for (;;) {
      if (!this.started) return;
      let offset = this.offsetTable.get(level) ?? 0;
      const min = this.store.getMinOffsetInQueue(SystemTopic.SCHEDULE, qid);
      if (min > offset) {
        log.error('delay offset below its queue, moved up', { level, offset, min });
        offset = min;
        this.offsetTable.set(level, offset);
      }
      const units = await this.store.queryConsumeQueue(SystemTopic.SCHEDULE, qid, offset, BATCH);
      if (units.length === 0) return;
      for (const u of units) {
        if (!this.started) return;
        const now = this.now();
        const at = this.correctDeliverTimestamp(level, now, u.tagsCode);
        if (at > now) {
          this.arm(level, at);
          return;
        }
        const ok = await this.deliverOne(level, u.queueOffset, u.commitLogOffset, u.size);
        if (!ok) {
          this.arm(level, this.now() + RETRY_AFTER_MS);
          return;
        }
        this.failing.delete(level);
        this.offsetTable.set(level, u.queueOffset + 1);
      }
    }
  }

  /**
   * Puts one parked message back to its real topic; false when it should be tried again. A message
   * the store refuses for what it is (not for the store's state) is skipped: retrying it would hold
   * up every later message of its level, for ever and across restarts.
   */
  private async deliverOne(level: number, queueOffset: number, commitLogOffset: number, size: number): Promise<boolean> {
    const raw = await this.store.selectOneMessageByOffset(commitLogOffset, size);
    if (!raw) return true;
    let m;
    try {
      m = decodeMessage(raw, 0, { decompress: false });
    } catch (err) {
      log.error('cannot decode a delayed message; skipped', { commitLogOffset, err });
      return true;
    }
    const topic = m.properties.get(MessageConst.PROPERTY_REAL_TOPIC);
    const queueId = Number.parseInt(m.properties.get(MessageConst.PROPERTY_REAL_QUEUE_ID) ?? '', 10);
    if (!topic || !Number.isInteger(queueId) || topic === SystemTopic.TRANS_HALF) {
      log.error('delayed message without a deliverable real topic; discarded', { msgId: m.msgId, topic });
      return true;
    }
    const input = reputInput(m, topic, queueId, m.propertiesString);
    const r = await this.store.putMessage(input);
    if (r.isOk) {
      this.opts.onDelivered?.(level, topic, r);
      return true;
    }
    if (NEVER_DELIVERABLE.has(r.status)) {
      log.error('the store refuses this delayed message for good; skipped', {
        level,
        queueOffset,
        msgId: m.msgId,
        topic,
        status: r.status,
      });
      return true;
    }
    // Retried every RETRY_AFTER_MS until the store takes it (a full disk, a busy page cache): said once.
    if (this.failing.get(level) !== queueOffset) {
      this.failing.set(level, queueOffset);
      log.warn('delivering a delayed message failed, will retry', { level, queueOffset, msgId: m.msgId, topic, status: r.status });
    }
    return false;
  }

  /** "scheduleMessageOffset_<level>" -> "<delivered>,<max>" for GET_BROKER_RUNTIME_INFO. */
  runningStats(): Map<string, string> {
    const out = new Map<string, string>();
    for (const [level, offset] of this.offsetTable) {
      out.set(`scheduleMessageOffset_${level}`, `${offset},${this.store.getMaxOffsetInQueue(SystemTopic.SCHEDULE, level - 1)}`);
    }
    return out;
  }
}
