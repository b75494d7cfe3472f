// messageDelayLevel ("1s 5s 10s 30s 1m ...") as delays in milliseconds by level (level 1 first).

import { ConfigError } from '../common/errors.js';

const UNIT: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseDelayLevels(text: string): number[] {
  const out: number[] = [];
  for (const item of text.trim().split(/\s+/)) {
    const m = /^(\d+)([smhd])$/.exec(item);
    if (!m) throw new ConfigError(`bad value for messageDelayLevel: ${JSON.stringify(item)} (expected a number and s, m, h or d)`);
    out.push(Number(m[1]) * UNIT[m[2]!]!);
  }
  return out;
}
