// Dates as mqadmin prints and parses them, in the local time zone (Java uses the JVM's). The
// printed forms are common to the whole code base (src/common/time-format.ts); the timestamp
// options (-s / -b / -e) are read here: now | epoch millis | yyyy-MM-dd#HH:mm:ss:SSS.

import { ConfigError } from '../../common/errors.js';

export { formatDateTime, timeMillisToHumanString, timeMillisToHumanString2 } from '../../common/time-format.js';

const DATE_ARG = /^(\d{4})-(\d{1,2})-(\d{1,2})#(\d{1,2}):(\d{1,2}):(\d{1,2}):(\d{1,3})$/;

/**
 * A timestamp option: epoch milliseconds, or yyyy-MM-dd#HH:mm:ss:SSS in local time; `now` (where
 * allowed) is -1, which brokers read as "the newest offset".
 */
export function parseTimestampArg(flag: string, value: string, allowNow = false): number {
  const v = value.trim();
  if (allowNow && v === 'now') return -1;
  if (/^-?\d+$/.test(v)) return Number(v);
  const m = DATE_ARG.exec(v);
  if (m) {
    const [y, mo, d, h, mi, s, ms] = m.slice(1).map(Number) as [number, number, number, number, number, number, number];
    const t = new Date(y, mo - 1, d, h, mi, s, ms);
    if (t.getMonth() === mo - 1 && t.getDate() === d) return t.getTime();
  }
  const forms = allowNow ? 'now, currentTimeMillis or yyyy-MM-dd#HH:mm:ss:SSS' : 'currentTimeMillis or yyyy-MM-dd#HH:mm:ss:SSS';
  throw new ConfigError(`-${flag} must be ${forms}, not ${JSON.stringify(value)}`);
}
