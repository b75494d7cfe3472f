// The event-loop pause probe the benchmarks share.

import { nowMs } from '../src/common/runtime.js';

/**
 * Largest gap between 1 ms timer ticks: how long the event loop went unserved. On a busy machine
 * the OS also deschedules the process, so each gap is paired with the CPU time the process used
 * during it; `worstBusy` (the smaller of the two) is the longest stretch the loop was held by work.
 */
export class PauseProbe {
  worst = 0;
  worstBusy = 0;
  private last = nowMs();
  private lastCpu = 0;
  private timer: NodeJS.Timeout | null = null;
  private static cpuMs(): number {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  }
  start(): void {
    this.last = nowMs();
    this.lastCpu = PauseProbe.cpuMs();
    this.timer = setInterval(() => {
      const now = nowMs();
      const cpu = PauseProbe.cpuMs();
      const gap = now - this.last - 1;
      this.worst = Math.max(this.worst, gap);
      this.worstBusy = Math.max(this.worstBusy, Math.min(gap, cpu - this.lastCpu));
      this.last = now;
      this.lastCpu = cpu;
    }, 1);
  }
  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
