// Dates as mqadmin prints and parses them, in the local time zone (Java uses the JVM's):
//   timeMillisToHumanString2   yyyy-MM-dd HH:mm:ss,SSS   (message timestamps, topicStatus)
//   formatDateTime             yyyy-MM-dd HH:mm:ss       (consumerProgress #LastTime)
//   timeMillisToHumanString    yyyyMMddHHmmssSSS         (consumerStatus queue times)
//   parseTimestampArg          now | epoch millis | yyyy-MM-dd#HH:mm:ss:SSS  (-s / -b / -e options)

import { ConfigError } from '../../common/errors.js';

const p = (n: number, w = 2) => String(n).padStart(w, '0');

export function formatDateTime(ms: number): string {
  const d = new Date(ms);
  return `${p(d.getFullYear(), 4)}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** UtilAll.timeMillisToHumanString: yyyyMMddHHmmssSSS (process-queue times in consumerStatus). */
export function timeMillisToHumanString(ms: number): string {
  const d = new Date(ms);
  return `${p(d.getFullYear(), 4)}${p(d.getMonth() + 1)}${p(d.getDate())}${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}${p(d.getMilliseconds(), 3)}`;
}

export function timeMillisToHumanString2(ms: number): string {
  return `${formatDateTime(ms)},${p(new Date(ms).getMilliseconds(), 3)}`;
}

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
