// Timer messages (RocketMQ 5's TimerMessageStore): messages due at an arbitrary millisecond, up to
// timerMaxDelaySec away. The put hook (timer-put-hook.ts) parks them in rmq_sys_wheel_timer queue
// 0; this service takes that queue into the wheel in order (the enqueue: one 52-byte timer-log unit
// appended and one wheel slot updated per message, O(1)), and TimerDequeue delivers each at its
// time. Messages further away than the roll window are filed at the window's end and put back into
// the queue then (rolled), as Java does.
//
// Persistence follows Java's. What a producer was told is stored is in the commit log and the
// queue; the timer log and the wheel are derived from the queue and written every
// timerFlushIntervalMs, then `config/timercheck` records how far they go. A restart replays the
// timer log written after the checkpoint into the wheel, resumes the queue after the message of the
// last unit found (so nothing is taken twice or skipped, even after kill -9), and resumes delivery
// at the checkpointed read time. The files are made when the first timer message arrives: a broker
// that never sees one has none and spends nothing on them.

import path from 'node:path';
import { type MessageStoreConfig, timerPrecisionMs } from '../../common/config/message-store-config.js';
import { getLogger } from '../../common/logger.js';
import { readInt64BE } from '../../common/message/int64.js';
import { javaHashCode } from '../../common/message/java-hash.js';
import { MessageConst, SystemTopic } from '../../common/message/message-const.js';
import { getProperty } from '../../common/message/properties.js';
import { RecordPos, recordPropertiesBounds } from '../../common/message/record-codec.js';
import type { MessageStore, PutMessageHook } from '../../store/index.js';
import { exists } from '../../store/file-io.js';
import { TimerCheckpoint } from '../../store/timer/timer-checkpoint.js';
import { lastUnitOffset, TimerLog, type TimerUnit } from '../../store/timer/timer-log.js';
import { TIMER_SLOTS_TOTAL, TimerWheel } from '../../store/timer/timer-wheel.js';
import { TimerMagic } from './timer-deliver.js';
import { TimerDequeue } from './timer-dequeue.js';
import { timerPutHook } from './timer-put-hook.js';

const log = getLogger('broker');
const TOPIC = SystemTopic.TIMER;
/** Slots kept clear between the roll window and the end of the wheel (TIMER_BLANK_SLOTS). */
const TIMER_BLANK_SLOTS = 60;
/** Queue units taken into the wheel per read. */
const ENQUEUE_BATCH = 256;
/** How often whole timer-log segments that hold only delivered units are deleted (Java: 30 s). */
const CLEAN_INTERVAL_MS = 30_000;

export interface TimerMessageServiceOptions {
  storeRoot: string;
  now?: () => number;
}

export class TimerMessageService {
  readonly precisionMs: number;
  readonly rollWindowSlots: number;
  /** Next offset of the timer queue to take into the wheel. */
  currQueueOffset = 0;
  /** Messages taken into the wheel since start. */
  enqueued = 0;
  private wheel: TimerWheel | null = null;
  private timerLog: TimerLog | null = null;
  private checkpoint: TimerCheckpoint | null = null;
  private dequeue: TimerDequeue | null = null;
  private state: 'new' | 'idle' | 'opening' | 'running' | 'stopping' | 'stopped' | 'failed' = 'new';
  private opening: Promise<void> | null = null;
  private enqueueRun: Promise<void> | null = null;
  private enqueueAgain = false;
  private flushing: Promise<void> | null = null;
  private readonly timers: Array<ReturnType<typeof setInterval>> = [];
  private readonly now: () => number;
  private rates = { at: 0, enq: 0, deq: 0, enqTps: 0, deqTps: 0 };

  constructor(
    private readonly store: MessageStore,
    private readonly cfg: MessageStoreConfig,
    private readonly opts: TimerMessageServiceOptions,
  ) {
    this.now = opts.now ?? Date.now;
    this.precisionMs = timerPrecisionMs(cfg);
    const w = cfg.timerRollWindowSlot;
    this.rollWindowSlots = w > TIMER_SLOTS_TOTAL - TIMER_BLANK_SLOTS || w < 2 ? TIMER_SLOTS_TOTAL - TIMER_BLANK_SLOTS : w;
  }

  /** Install on the store: turns puts with TIMER_* properties into timer messages. */
  readonly putHook: PutMessageHook = (m) =>
    timerPutHook(m, {
      cfg: this.cfg,
      now: this.now,
      isReject: (ms) => this.isReject(ms),
    });

  private get wheelFile(): string {
    return path.join(this.opts.storeRoot, 'timerwheel');
  }

  /** Opens the timer files when a previous run left any, or messages wait in the timer queue. */
  async start(): Promise<void> {
    if (this.state !== 'new') return;
    this.state = 'idle';
    if (this.store.getMaxOffsetInQueue(TOPIC, 0) > 0 || (await exists(this.wheelFile))) await this.activate();
  }

  /** The store's arrival hook for rmq_sys_wheel_timer. */
  onArrival(): void {
    if (this.state === 'idle') void this.activate();
    else if (this.state === 'running') this.kickEnqueue();
  }

  private activate(): Promise<void> {
    this.opening ??= this.open().catch((err) => {
      this.state = 'failed';
      log.error('the timer cannot start; timer messages wait in their queue until a restart', { err });
    });
    return this.opening;
  }

  private async open(): Promise<void> {
    this.state = 'opening';
    const root = this.opts.storeRoot;
    const checkpoint = (this.checkpoint = new TimerCheckpoint(path.join(root, 'config', 'timercheck')));
    await checkpoint.open();
    const wheel = (this.wheel = new TimerWheel(this.wheelFile, TIMER_SLOTS_TOTAL, this.precisionMs));
    await wheel.open();
    const timerLog = (this.timerLog = new TimerLog(path.join(root, 'timerlog'), this.cfg.mappedFileSizeTimerLog));
    await timerLog.load();
    let last: TimerUnit | null = null;
    let firstDue = Infinity;
    let replayed = 0;
    const end = await timerLog.recover(checkpoint.lastTimerLogFlushPos, (u) => {
      wheel.replay(u.deliverMs, u.pos, (u.magic & TimerMagic.DELETE) !== 0 ? -1 : 1);
      last = u;
      replayed++;
      if (u.deliverMs < firstDue) firstDue = u.deliverMs;
    });
    this.currQueueOffset = await this.recoverQueueOffset(last);
    const P = this.precisionMs;
    const now = this.now();
    const floorNow = Math.floor(now / P) * P;
    // Nothing can wait longer than a turn of the ring. A checkpoint never written (a kill -9 within
    // the first flush interval) starts at the earliest unit the log holds, else now: units filed
    // before the crash may be due already, and their slots must still be read.
    let readMs = checkpoint.lastReadTimeMs > 0
      ? Math.floor(checkpoint.lastReadTimeMs / P) * P
      : Math.min(floorNow, Math.floor(firstDue / P) * P);
    readMs = Math.max(readMs, floorNow - 2 * TIMER_SLOTS_TOTAL * P);
    this.dequeue = new TimerDequeue({ store: this.store, wheel, timerLog, cfg: this.cfg, precisionMs: P, now: this.now });
    log.info('timer recovered', {
      readMs,
      queueOffset: this.currQueueOffset,
      timerLogEnd: end,
      replayedUnits: replayed,
      precisionMs: P,
    });
    if (this.state !== 'opening') {
      await this.closeFiles();
      return;
    }
    this.state = 'running';
    this.dequeue.start(readMs);
    this.every(this.cfg.timerFlushIntervalMs, () => void this.persist());
    this.every(CLEAN_INTERVAL_MS, () => void this.cleanTimerLog());
    this.every(this.cfg.timerProgressLogIntervalMs, () => this.logProgress());
    this.kickEnqueue();
  }

  private every(ms: number, fn: () => void): void {
    const t = setInterval(fn, Math.max(10, ms));
    t.unref?.();
    this.timers.push(t);
  }

  /**
   * Where the queue resumes: after the message of the last unit in the timer log (Java's
   * reviseQueueOffset), else at the checkpoint's offset; always inside the queue.
   */
  private async recoverQueueOffset(last: TimerUnit | null): Promise<number> {
    let q = this.checkpoint!.lastTimerQueueOffset;
    if (last) {
      const raw = await this.store.selectOneMessageByOffset(last.offsetPy, last.sizePy).catch(() => null);
      if (raw && raw.length >= RecordPos.PHYSICAL_OFFSET) q = readInt64BE(raw, RecordPos.QUEUE_OFFSET) + 1;
    }
    const min = this.store.getMinOffsetInQueue(TOPIC, 0);
    const max = this.store.getMaxOffsetInQueue(TOPIC, 0);
    return Math.min(Math.max(q, min), max);
  }

  private kickEnqueue(): void {
    if (this.state !== 'running') return;
    if (this.enqueueRun) {
      this.enqueueAgain = true;
      return;
    }
    this.enqueueRun = this.enqueue()
      .catch((err) => log.error('taking timer messages into the wheel failed; retrying', { err }))
      .finally(() => {
        this.enqueueRun = null;
        if (this.enqueueAgain) {
          this.enqueueAgain = false;
          this.kickEnqueue();
        }
      });
  }

  /** Takes the timer queue into the wheel from currQueueOffset on (Java's enqueue and doEnqueue). */
  private async enqueue(): Promise<void> {
    const store = this.store;
    while (this.state === 'running' && !this.cfg.timerStopEnqueue && !this.timerLog!.failure) {
      const min = store.getMinOffsetInQueue(TOPIC, 0);
      if (this.currQueueOffset < min) {
        log.warn('timer queue offset below the queue, moved up', { offset: this.currQueueOffset, min });
        this.currQueueOffset = min;
      }
      const units = await store.queryConsumeQueue(TOPIC, 0, this.currQueueOffset, ENQUEUE_BATCH);
      if (units.length === 0) return;
      const raws = await Promise.all(units.map((u) => store.selectOneMessageByOffset(u.commitLogOffset, u.size).catch(() => null)));
      for (let i = 0; i < units.length; i++) {
        const u = units[i]!;
        if (this.state !== 'running') return;
        if (u.queueOffset !== this.currQueueOffset) break;
        this.enqueueOne(u.commitLogOffset, u.size, raws[i]!);
        this.currQueueOffset = u.queueOffset + 1;
      }
    }
  }

  private enqueueOne(offsetPy: number, sizePy: number, raw: Buffer | null): void {
    const b = raw ? recordPropertiesBounds(raw) : null;
    const props = b ? raw!.toString('utf8', b[0], b[1]) : '';
    const out = Number.parseInt(getProperty(props, MessageConst.PROPERTY_TIMER_OUT_MS) ?? '', 10);
    if (!Number.isFinite(out)) {
      log.error('a message in the timer queue has no TIMER_OUT_MS; skipped', { offsetPy, size: sizePy });
      return;
    }
    const realTopic = getProperty(props, MessageConst.PROPERTY_REAL_TOPIC);
    const isDelete = getProperty(props, MessageConst.PROPERTY_TIMER_DEL_UNIQKEY) !== undefined;
    this.doEnqueue(offsetPy, sizePy, out, realTopic, isDelete);
  }

  /** One unit and one slot update: files a message due at `deliverMs` in the wheel. */
  private doEnqueue(offsetPy: number, sizePy: number, deliverMs: number, realTopic: string | undefined, isDelete: boolean): void {
    const P = this.precisionMs;
    const now = this.now();
    const window = this.rollWindowSlots * P;
    let magic: number = TimerMagic.DEFAULT;
    let at = deliverMs;
    if (at - now >= window) {
      magic |= TimerMagic.ROLL;
      // Just beyond the window: the next turn starts at half the window, so it does not roll twice in a row.
      at = at - now - window < Math.floor(this.rollWindowSlots / 3) * P ? now + Math.floor(this.rollWindowSlots / 2) * P : now + window;
    }
    if (isDelete) magic |= TimerMagic.DELETE;
    const dq = this.dequeue!;
    at = dq.fileTime(at);
    const wheel = this.wheel!;
    const slot = wheel.getSlot(at);
    const hash = realTopic === undefined ? 0 : javaHashCode(realTopic);
    const pos = this.timerLog!.append(slot.lastPos, magic, now, at, offsetPy, sizePy, hash);
    wheel.putSlot(at, slot.firstPos === -1 ? pos : slot.firstPos, pos, isDelete ? slot.num - 1 : slot.num + 1, slot.magic);
    this.enqueued++;
    dq.onEnqueued({ pos, prevPos: slot.lastPos, magic, enqueueTimeMs: now, deliverMs: at, offsetPy, sizePy, realTopicHash: hash });
  }

  /** Java's isReject: refuses (at random near the limit) when a slot holds too many messages. */
  isReject(deliverMs: number): boolean {
    const limit = this.cfg.timerCongestNumEachSlot;
    if (!this.wheel || this.state !== 'running') return false;
    const n = this.wheel.getNum(deliverMs);
    if (n <= limit) return false;
    if (n >= limit * 2) return true;
    return Math.floor(Math.random() * 1000) > (1000 * (n - limit)) / (limit + 0.1);
  }

  /** Writes the timer log, the changed wheel pages and then the checkpoint that vouches for them. */
  persist(): Promise<void> {
    if (!this.wheel || !this.timerLog || !this.checkpoint || !this.dequeue) return Promise.resolve();
    if (this.flushing) return this.flushing;
    const wheel = this.wheel;
    const ck = this.checkpoint;
    const queueOffset = this.currQueueOffset;
    const readMs = this.dequeue.readMs;
    const pages = wheel.takeDirtyPages();
    const logDone = this.timerLog.flush();
    this.flushing = (async () => {
      try {
        const logEnd = await logDone;
        await wheel.writePages(pages);
        if (ck.lastReadTimeMs !== readMs || ck.lastTimerQueueOffset !== queueOffset) ck.nextVersion(this.now());
        ck.lastTimerLogFlushPos = logEnd;
        ck.lastReadTimeMs = readMs;
        ck.lastTimerQueueOffset = queueOffset;
        ck.masterTimerQueueOffset = queueOffset;
        await ck.flush();
      } catch (err) {
        wheel.markDirty(pages);
        log.error('writing the timer files failed', { err });
      } finally {
        this.flushing = null;
      }
    })();
    return this.flushing;
  }

  /** Deletes timer-log segments all of whose units were delivered (their latest possible time is read). */
  private async cleanTimerLog(): Promise<void> {
    const tl = this.timerLog;
    const dq = this.dequeue;
    if (!tl || !dq) return;
    const horizon = this.rollWindowSlots * this.precisionMs + this.precisionMs;
    let upTo = 0;
    for (const [base, end] of tl.segmentRanges().slice(0, -1)) {
      const last = await tl.readUnit(base + lastUnitOffset(end - base));
      if (!last || last.enqueueTimeMs + horizon >= dq.readMs) break;
      upTo = end;
    }
    if (upTo > 0) {
      const n = await tl.deleteBefore(upTo);
      if (n > 0) log.info('deleted delivered timer-log segments', { count: n, before: upTo });
    }
  }

  private logProgress(): void {
    const dq = this.dequeue;
    if (!dq) return;
    this.updateRates();
    log.info('timer progress', {
      readBehindMs: this.now() - dq.readMs,
      queueOffset: this.currQueueOffset,
      offsetBehind: this.store.getMaxOffsetInQueue(TOPIC, 0) - this.currQueueOffset,
      waiting: dq.waiting,
      enqueueTps: this.rates.enqTps,
      dequeueTps: this.rates.deqTps,
    });
  }

  private updateRates(): void {
    const now = this.now();
    const r = this.rates;
    const delivered = this.dequeue?.delivered ?? 0;
    if (r.at > 0 && now > r.at) {
      r.enqTps = ((this.enqueued - r.enq) * 1000) / (now - r.at);
      r.deqTps = ((delivered - r.deq) * 1000) / (now - r.at);
    }
    r.at = now;
    r.enq = this.enqueued;
    r.deq = delivered;
  }

  /** GET_BROKER_RUNTIME_INFO's timer keys, as Java 5's broker names them. */
  runtimeInfo(): Map<string, string> {
    const dq = this.dequeue;
    const running = this.state === 'running' && dq && this.wheel;
    if (running) this.updateRates();
    return new Map([
      ['timerReadBehind', String(running ? Math.max(0, Math.floor((this.now() - dq.readMs) / 1000)) : 0)],
      ['timerOffsetBehind', String(running ? this.store.getMaxOffsetInQueue(TOPIC, 0) - this.currQueueOffset : 0)],
      ['timerCongestNum', String(running ? this.wheel!.allNum(dq.readMs) : 0)],
      ['timerEnqueueTps', javaFloat(this.rates.enqTps)],
      ['timerDequeueTps', javaFloat(this.rates.deqTps)],
    ]);
  }

  /** Stops taking and delivering, writes the timer files and closes them. */
  async shutdown(): Promise<void> {
    const was = this.state;
    this.state = 'stopping';
    for (const t of this.timers) clearInterval(t);
    this.timers.length = 0;
    if (was === 'opening') await this.opening;
    if (was !== 'running') {
      this.state = 'stopped';
      return;
    }
    await this.dequeue?.stop();
    await this.enqueueRun;
    await this.flushing;
    await this.persist();
    await this.closeFiles();
    this.state = 'stopped';
  }

  private async closeFiles(): Promise<void> {
    await this.timerLog?.close();
    await this.wheel?.close();
    await this.checkpoint?.close();
  }
}

/** A float as Java's String.valueOf prints it ("0.0", "12.5"). */
function javaFloat(n: number): string {
  const r = Math.round(n * 10) / 10;
  return Number.isInteger(r) ? r.toFixed(1) : String(r);
}
