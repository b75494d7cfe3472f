// At most one log line per kind of event and interval: a client that sends bad frames or unknown
// codes in a loop must not become as many log lines (disk, CPU, a full terminal). The next line
// that is let through says how many were left out.

export class LogLimit {
  private readonly last = new Map<string, { at: number; skipped: number }>();

  constructor(private readonly intervalMs = 1000) {}

  /** -1 when a line about `kind` must be left out now, else how many were left out before it. */
  take(kind: string, now = Date.now()): number {
    const e = this.last.get(kind);
    if (e === undefined) {
      this.last.set(kind, { at: now, skipped: 0 });
      return 0;
    }
    if (now - e.at < this.intervalMs) {
      e.skipped++;
      return -1;
    }
    const skipped = e.skipped;
    e.at = now;
    e.skipped = 0;
    return skipped;
  }
}
