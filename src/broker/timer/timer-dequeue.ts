// The delivering half of the timer (RocketMQ 5's TimerDequeueGetService and the services behind
// it), rebuilt around one event-loop timer. Java reads a slot once its whole time span has passed
// and delivers all of it then, up to a slot late. Here a slot is loaded two slots ahead of its start:
// its units are read from the timer log (newest first, through prevPos), their records fetched from
// the commit log, and each message is handed to the store at its own millisecond. Loaded messages
// wait in buckets by due ms, and a small heap of the distinct due ms (at most a few slots' worth of
// milliseconds, whatever the number of messages) tells the one timer when to wake next.
//
// Progress is one time, readMs: every slot before it is delivered. It moves past a slot only once
// the slot's time is over, its units are all loaded and every message is stored (or given up), so a
// restart that starts reading at the checkpointed readMs misses nothing (it may deliver again what
// the last second delivered: at least once, as in Java). A message taken into the wheel for a slot
// already loaded (it was sent just before its time) joins the buckets directly.

import type { MessageStoreConfig } from '../../common/config/message-store-config.js';
import { getLogger } from '../../common/logger.js';
import type { MessageStore } from '../../store/index.js';
import type { TimerLog, TimerUnit } from '../../store/timer/timer-log.js';
import type { TimerWheel } from '../../store/timer/timer-wheel.js';
import { deliveryInput, deliveryVerdict, TimerMagic } from './timer-deliver.js';

const log = getLogger('broker');

/** Messages held in memory (loaded, not yet stored) before loading more slots waits. */
const MAX_IN_MEMORY = 20_000;
/** Empty slots stepped over per turn while catching up after a stop. */
const MAX_SLOTS_PER_TURN = 50_000;
/**
 * How many slots ahead of their start slots are loaded. Two: a tick that comes up to a slot late
 * (a busy or oversubscribed machine) still finds the next slot's messages loaded and their records
 * read, so only the delivery itself waits for the event loop.
 */
const LOAD_AHEAD_SLOTS = 2;
/** Tries of a delivery the store refuses for a passing reason (Java: 3). */
const MAX_TRIES = 3;

interface Entry {
  unit: TimerUnit;
  slotMs: number;
  raw: Buffer | null;
}

interface SlotState {
  /** Messages loaded or added and not yet stored. */
  pending: number;
  /** Units still being read from the timer log. */
  loading: boolean;
}

export interface TimerDequeueDeps {
  store: MessageStore;
  wheel: TimerWheel;
  timerLog: TimerLog;
  cfg: MessageStoreConfig;
  precisionMs: number;
  now(): number;
}

export class TimerDequeue {
  /** Start of the first slot not yet wholly delivered. */
  readMs = 0;
  /** Start of the last slot loaded (readMs - precision when none is). */
  loadedMs = 0;
  /** Messages stored back to their topics (or rolled) since start. */
  delivered = 0;
  private readonly slots = new Map<number, SlotState>();
  private readonly buckets = new Map<number, Entry[]>();
  /** Distinct due ms of the buckets, a binary min-heap. */
  private readonly heap: number[] = [];
  private inMemory = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private timerAt = Infinity;
  private poked = false;
  private running = false;
  /** Stopping: only messages due before this ms are still delivered (the slot begun is finished). */
  private drainBefore = Infinity;
  private drained: (() => void) | null = null;
  /** Due ms of the latest message handed to the store. */
  private lastDeliveredMs = -Infinity;
  private busy = 0;
  private idle: (() => void) | null = null;
  private readonly P: number;
  /** A slot is loaded this long before its start. */
  private readonly ahead: number;

  constructor(private readonly d: TimerDequeueDeps) {
    this.P = d.precisionMs;
    this.ahead = (LOAD_AHEAD_SLOTS - 1) * d.precisionMs;
  }

  start(readMs: number): void {
    this.readMs = readMs;
    this.loadedMs = readMs - this.P;
    this.running = true;
    this.tick();
  }

  /**
   * Stops loading and delivering; resolves once work in flight is over. A slot partly delivered is
   * finished first (at most one slot's time, bounded by `drainMs`), so readMs moves past it and a
   * restart after a graceful stop does not deliver its messages again.
   */
  async stop(drainMs = 2000): Promise<void> {
    const begun = this.slotOf(this.lastDeliveredMs);
    if (this.running && Number.isFinite(begun) && this.readMs <= begun) {
      this.drainBefore = begun + this.P;
      let deadline: ReturnType<typeof setTimeout> | undefined;
      await new Promise<void>((r) => {
        this.drained = r;
        deadline = setTimeout(r, drainMs);
        this.tick();
      });
      clearTimeout(deadline);
      this.drained = null;
    }
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.busy > 0) await new Promise<void>((r) => (this.idle = r));
  }

  slotOf(ms: number): number {
    return Math.floor(ms / this.P) * this.P;
  }

  /** The time a unit due at `ms` is filed under: never a slot already delivered. */
  fileTime(ms: number): number {
    return ms < this.readMs ? this.readMs : ms;
  }

  /** A unit just taken into the wheel: when its slot is loaded already, it joins the buckets now. */
  onEnqueued(u: TimerUnit): void {
    const slotMs = this.slotOf(u.deliverMs);
    if (slotMs > this.loadedMs) return;
    let st = this.slots.get(slotMs);
    if (!st) {
      st = { pending: 0, loading: false };
      this.slots.set(slotMs, st);
    }
    const e = this.add(u, slotMs, st);
    if (e) this.prefetch([e]);
  }

  /** Messages loaded and not yet stored. */
  get waiting(): number {
    return this.inMemory;
  }

  private add(u: TimerUnit, slotMs: number, st: SlotState): Entry | null {
    // A delete marker (Java's recall) is not delivered; cancelling its target is not supported.
    if ((u.magic & TimerMagic.DELETE) !== 0 && (u.magic & TimerMagic.ROLL) === 0) return null;
    const e: Entry = { unit: u, slotMs, raw: null };
    st.pending++;
    this.inMemory++;
    const due = u.deliverMs;
    const bucket = this.buckets.get(due);
    if (bucket) bucket.push(e);
    else {
      this.buckets.set(due, [e]);
      this.heapPush(due);
    }
    if (due < this.timerAt) this.arm(due);
    return e;
  }

  private tick(): void {
    this.timer = null;
    this.timerAt = Infinity;
    if (!this.running) return;
    const now = this.d.now();
    if (!this.d.cfg.timerStopDequeue) {
      let steps = 0;
      while (
        this.drainBefore === Infinity && this.loadedMs <= now + this.ahead && this.inMemory < MAX_IN_MEMORY && steps++ < MAX_SLOTS_PER_TURN
      ) {
        this.load(this.loadedMs + this.P);
      }
      if (steps > MAX_SLOTS_PER_TURN) this.poke();
      while (this.heap.length > 0 && this.heap[0]! <= now && this.heap[0]! < this.drainBefore) {
        const ms = this.heapPop();
        const entries = this.buckets.get(ms)!;
        this.buckets.delete(ms);
        for (const e of entries) this.deliver(e);
      }
    }
    this.advanceRead(now);
    if (this.readMs >= this.drainBefore) {
      this.drained?.();
      return;
    }
    let next = this.heap.length > 0 ? this.heap[0]! : Infinity;
    if (this.inMemory < MAX_IN_MEMORY && this.drainBefore === Infinity) {
      next = Math.min(next, Math.max(this.loadedMs - this.ahead, now + 1));
    }
    if (this.readMs + this.P > now) next = Math.min(next, this.readMs + this.P);
    this.arm(next);
  }

  private arm(at: number): void {
    if (!this.running || at === Infinity || at >= this.timerAt) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => this.tick(), Math.max(0, at - this.d.now()));
  }

  /** A tick as soon as the current work is done (a slot finished, room for more). */
  private poke(): void {
    if (this.poked || !this.running) return;
    this.poked = true;
    setImmediate(() => {
      this.poked = false;
      if (this.timer) clearTimeout(this.timer);
      this.tick();
    });
  }

  private advanceRead(now: number): void {
    while (this.readMs <= this.loadedMs && now >= this.readMs + this.P) {
      const st = this.slots.get(this.readMs);
      if (st && (st.loading || st.pending > 0)) break;
      this.slots.delete(this.readMs);
      this.readMs += this.P;
    }
  }

  /** Loads slot `slotMs`: its units from the newest back, each put in its bucket. */
  private load(slotMs: number): void {
    this.loadedMs = slotMs;
    const slot = this.d.wheel.getSlot(slotMs);
    if (slot.timeMs < 0) return;
    const st: SlotState = { pending: 0, loading: true };
    this.slots.set(slotMs, st);
    this.busy++;
    void this.walk(slot.lastPos)
      .then((units) => {
        const added: Entry[] = [];
        for (let i = units.length - 1; i >= 0; i--) {
          const e = this.add(units[i]!, slotMs, st);
          if (e) added.push(e);
        }
        this.prefetch(added);
      })
      .catch((err) => log.error('reading a timer slot failed; its messages are skipped', { slotMs, err }))
      .finally(() => {
        st.loading = false;
        this.done();
        this.poke();
      });
  }

  private async walk(lastPos: number): Promise<TimerUnit[]> {
    const tl = this.d.timerLog;
    const units: TimerUnit[] = [];
    let pos = lastPos;
    while (pos >= 0) {
      let u = tl.unitInMemory(pos);
      if (u === undefined) u = await tl.readUnit(pos);
      if (!u) {
        log.warn('a timer slot links to a unit the timer log does not hold', { pos });
        break;
      }
      units.push(u);
      if (u.prevPos >= pos) break;
      pos = u.prevPos;
    }
    return units;
  }

  /** Reads the records of loaded messages ahead of their time, so delivery only stores them. */
  private prefetch(entries: readonly Entry[]): void {
    const store = this.d.store;
    for (const e of entries) {
      void store.selectOneMessageByOffset(e.unit.offsetPy, e.unit.sizePy).then((raw) => {
        e.raw ??= raw;
      }, () => undefined);
    }
  }

  private done(): void {
    if (--this.busy === 0 && this.idle) {
      this.idle();
      this.idle = null;
    }
  }

  private deliver(e: Entry): void {
    this.busy++;
    if (e.unit.deliverMs > this.lastDeliveredMs) this.lastDeliveredMs = e.unit.deliverMs;
    void this.store(e)
      .then((finished) => {
        if (!finished) return;
        const st = this.slots.get(e.slotMs);
        if (st) st.pending--;
        this.inMemory--;
        if (!st || st.pending === 0 || this.inMemory === MAX_IN_MEMORY - 1) this.poke();
      })
      .finally(() => this.done());
  }

  /** Stores one due message; false when it must be tried again after a restart (stopping). */
  private async store(e: Entry): Promise<boolean> {
    const { store, cfg } = this.d;
    const u = e.unit;
    for (let tries = 1;; tries++) {
      let why: unknown;
      try {
        const raw = e.raw ?? (await store.selectOneMessageByOffset(u.offsetPy, u.sizePy));
        if (!raw) {
          log.warn('a due timer message is no longer in the commit log; skipped', { offsetPy: u.offsetPy });
          return true;
        }
        e.raw = raw;
        const roll = (u.magic & TimerMagic.ROLL) !== 0;
        const input = deliveryInput(raw, u.enqueueTimeMs, roll, this.d.now());
        if (!input) return true;
        const r = await store.putMessage(input);
        const v = deliveryVerdict(r.status, cfg.timerSkipUnknownError);
        if (v === 'done') {
          this.delivered++;
          e.raw = null;
          return true;
        }
        if (v === 'drop') {
          log.warn('the store refused a due timer message; skipped', { topic: input.topic, status: r.status });
          return true;
        }
        why = r.status;
      } catch (err) {
        if (cfg.timerSkipUnknownError) {
          log.warn('delivering a timer message failed; skipped', { offsetPy: u.offsetPy, err });
          return true;
        }
        why = err;
      }
      if (!this.running) return false;
      if (!cfg.timerEnableRetryUntilSuccess && tries >= MAX_TRIES) {
        log.error('a due timer message could not be stored; given up', { offsetPy: u.offsetPy, why, tries });
        return true;
      }
      await new Promise((r) => setTimeout(r, (500 * this.P) / 1000));
    }
  }

  private heapPush(v: number): void {
    const h = this.heap;
    let i = h.length;
    h.push(v);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (h[p]! <= v) break;
      h[i] = h[p]!;
      i = p;
    }
    h[i] = v;
  }

  private heapPop(): number {
    const h = this.heap;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= h.length) break;
        const c = l + 1 < h.length && h[l + 1]! < h[l]! ? l + 1 : l;
        if (h[c]! >= last) break;
        h[i] = h[c]!;
        i = c;
      }
      h[i] = last;
    }
    return top;
  }
}
