// Dates written as RocketMQ's Java code writes them (UtilAll.formatDate and the
// timeMillisToHumanString family), in the local time zone as the JVM uses its default zone.
// Patterns take SimpleDateFormat's letters yyyy MM dd HH mm ss SSS, each at its full width; any
// other character stands for itself:
//   timeMillisToHumanString    yyyyMMddHHmmssSSS         index file names, process-queue times
//   timeMillisToHumanString2   yyyy-MM-dd HH:mm:ss,SSS   message timestamps, broker remarks, benchmarks
//   timeMillisToHumanString3   yyyyMMddHHmmss            a push consumer's consumeTimestamp
//   formatDateTime             yyyy-MM-dd HH:mm:ss       mqadmin's last-consume times

/** UtilAll.YYYY_MM_DD_HH_MM_SS. */
export const YYYY_MM_DD_HH_MM_SS = 'yyyy-MM-dd HH:mm:ss';
/** UtilAll.YYYY_MM_DD_HH_MM_SS_SSS (ConsumeTimeSpan's *Str fields, mqadmin's timestamp options). */
export const YYYY_MM_DD_HH_MM_SS_SSS = 'yyyy-MM-dd#HH:mm:ss:SSS';
/** UtilAll.YYYYMMDDHHMMSS. */
export const YYYYMMDDHHMMSS = 'yyyyMMddHHmmss';

const FIELD = /yyyy|MM|dd|HH|mm|ss|SSS/g;
type Field = 'yyyy' | 'MM' | 'dd' | 'HH' | 'mm' | 'ss' | 'SSS';

function fieldOf(d: Date, f: Field): number {
  switch (f) {
    case 'yyyy':
      return d.getFullYear();
    case 'MM':
      return d.getMonth() + 1;
    case 'dd':
      return d.getDate();
    case 'HH':
      return d.getHours();
    case 'mm':
      return d.getMinutes();
    case 'ss':
      return d.getSeconds();
    case 'SSS':
      return d.getMilliseconds();
  }
}

/** UtilAll.formatDate(new Date(ms), pattern). */
export function formatDate(ms: number, pattern: string): string {
  const d = new Date(ms);
  return pattern.replace(FIELD, (f) => String(fieldOf(d, f as Field)).padStart(f.length, '0'));
}

const parsers = new Map<string, { re: RegExp; fields: Field[] }>();

/**
 * The epoch milliseconds of `text` written in `pattern` (every field at its full width), NaN when it
 * does not match. Out-of-range fields roll over, as a lenient SimpleDateFormat's do.
 */
export function parseDate(text: string, pattern: string): number {
  let p = parsers.get(pattern);
  if (!p) {
    const fields: Field[] = [];
    const source = pattern.split(FIELD).map((lit) => lit.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    const tokens = pattern.match(FIELD) ?? [];
    let re = source[0]!;
    tokens.forEach((f, i) => {
      fields.push(f as Field);
      re += `(\\d{${f.length}})${source[i + 1]}`;
    });
    p = { re: new RegExp(`^${re}$`), fields };
    parsers.set(pattern, p);
  }
  const m = p.re.exec(text);
  if (!m) return Number.NaN;
  const v: Record<Field, number> = { yyyy: 1970, MM: 1, dd: 1, HH: 0, mm: 0, ss: 0, SSS: 0 };
  p.fields.forEach((f, i) => (v[f] = Number(m[i + 1])));
  return new Date(v.yyyy, v.MM - 1, v.dd, v.HH, v.mm, v.ss, v.SSS).getTime();
}

/** UtilAll.timeMillisToHumanString. */
export function timeMillisToHumanString(ms: number): string {
  return formatDate(ms, 'yyyyMMddHHmmssSSS');
}

/** UtilAll.timeMillisToHumanString2. */
export function timeMillisToHumanString2(ms: number): string {
  return formatDate(ms, 'yyyy-MM-dd HH:mm:ss,SSS');
}

/** UtilAll.timeMillisToHumanString3. */
export function timeMillisToHumanString3(ms: number): string {
  return formatDate(ms, YYYYMMDDHHMMSS);
}

export function formatDateTime(ms: number): string {
  return formatDate(ms, YYYY_MM_DD_HH_MM_SS);
}
