// Values of the SQL92 evaluator with Java's types, and the Java conversions and comparisons its
// rules are written in: Integer is a JS number (int32), Long a bigint, Double a JavaDouble,
// Boolean a boolean, String a string, and null. Message properties are always strings; the
// numeric types come from literals and negation.

import { FilterEvaluationError, JavaClass, numberFormatMessage } from './errors.js';

export class JavaDouble {
  constructor(readonly value: number) {}
  toString(): string {
    return doubleToString(this.value);
  }
}

export type JValue = null | boolean | string | number | bigint | JavaDouble;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Thrown by the parsers below; the caller decides which Java exception it becomes. */
export class NumberFormatError extends Error {}

/** Integer.parseInt (ASCII digits only). */
export function parseJavaInt(s: string): number {
  const len = s.length;
  let i = 0;
  let neg = false;
  if (len > 0) {
    const c = s.charCodeAt(0);
    if (c === 45 || c === 43) {
      neg = c === 45;
      i = 1;
    }
  }
  if (i >= len) throw new NumberFormatError(numberFormatMessage(s));
  let n = 0;
  for (; i < len; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) throw new NumberFormatError(numberFormatMessage(s));
    n = n * 10 + d;
    if (n > 2147483648) throw new NumberFormatError(numberFormatMessage(s));
  }
  if (!neg && n === 2147483648) throw new NumberFormatError(numberFormatMessage(s));
  return neg ? -n | 0 : n;
}

/** Long.parseLong (ASCII digits only). */
export function parseJavaLong(s: string): bigint {
  if (!/^[+-]?[0-9]+$/.test(s)) throw new NumberFormatError(numberFormatMessage(s));
  const v = BigInt(s);
  if (v < INT64_MIN || v > INT64_MAX) throw new NumberFormatError(numberFormatMessage(s));
  return v;
}

const DECIMAL_FLOAT = /^[+-]?(?:NaN|Infinity|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?[fFdD]?)$/;
const HEX_FLOAT = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?[0-9]+)[fFdD]?$/;

/** Double.parseDouble: surrounding chars up to U+0020 trimmed, decimal or hexadecimal notation. */
export function parseJavaDouble(text: string): number {
  let a = 0;
  let b = text.length;
  while (a < b && text.charCodeAt(a) <= 32) a++;
  while (b > a && text.charCodeAt(b - 1) <= 32) b--;
  const s = text.substring(a, b);
  if (DECIMAL_FLOAT.test(s)) {
    const last = s.charCodeAt(s.length - 1) | 0x20;
    const body = last === 0x66 || last === 0x64 ? s.slice(0, -1) : s; // f or d suffix
    return body.endsWith('NaN') ? NaN : Number(body);
  }
  const h = HEX_FLOAT.exec(s);
  if (h && (h[2]!.length > 0 || (h[3] ?? '').length > 0)) {
    const frac = h[3] ?? '';
    const mantissa = Number(BigInt('0x' + (h[2]! + frac || '0')));
    const v = mantissa * 2 ** (Number(h[4]) - 4 * frac.length);
    return h[1] === '-' ? -v : v;
  }
  throw new NumberFormatError(s.length === 0 ? 'empty String' : numberFormatMessage(s));
}

/** Boolean.valueOf(String). */
export function parseJavaBoolean(s: string): boolean {
  return s.length === 4 && s.toLowerCase() === 'true';
}

/** Double.compare: NaN above everything, -0.0 below 0.0. */
export function compareDouble(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  const an = a !== a;
  const bn = b !== b;
  if (an || bn) return an === bn ? 0 : an ? 1 : -1;
  if (a === 0) {
    const na = Object.is(a, -0);
    const nb = Object.is(b, -0);
    return na === nb ? 0 : na ? -1 : 1;
  }
  return 0;
}

const cmp = <T extends number | bigint>(a: T, b: T): number => (a < b ? -1 : a > b ? 1 : 0);

/** Java's class of a value, for the conversion table; null has none. */
type JType = 'B' | 'I' | 'L' | 'D' | 'S';
function jtype(v: Exclude<JValue, null>): JType {
  switch (typeof v) {
    case 'string':
      return 'S';
    case 'number':
      return 'I';
    case 'bigint':
      return 'L';
    case 'boolean':
      return 'B';
    default:
      return 'D';
  }
}

/** Object.equals between two non-null values. */
export function javaEquals(a: Exclude<JValue, null>, b: Exclude<JValue, null>): boolean {
  // Double.equals compares bits: NaN equals NaN, 0.0 differs from -0.0 (which Object.is gives).
  if (a instanceof JavaDouble) return b instanceof JavaDouble && Object.is(a.value, b.value);
  return a === b;
}

function evalNumberFormat(err: unknown): never {
  if (err instanceof NumberFormatError) {
    throw new FilterEvaluationError(JavaClass.RUNTIME, `java.lang.NumberFormatException: ${err.message}`);
  }
  throw err;
}

/**
 * ComparisonExpression's comparison of two non-null values of any types (with string conversion
 * on, as SelectorParser always compiles): numbers widen to the wider type, a string next to a
 * number or boolean is parsed as that type, and other mixes compare as "less" (-1). A string that
 * does not parse throws, as does a Boolean on the left of a String (Java's ClassCastException).
 */
export function compareValues(lv: Exclude<JValue, null>, rv: Exclude<JValue, null>): number {
  const lt = jtype(lv);
  const rt = jtype(rv);
  try {
    if (lt === rt) {
      switch (lt) {
        case 'D':
          return compareDouble((lv as JavaDouble).value, (rv as JavaDouble).value);
        case 'B':
          return lv === rv ? 0 : lv ? 1 : -1;
        case 'S':
          return lv < rv ? -1 : lv > rv ? 1 : 0; // UTF-16 code units, as String.compareTo
        default:
          return cmp(lv as number, rv as number);
      }
    }
    switch (lt) {
      case 'B':
        if (rt === 'S') throw new FilterEvaluationError(JavaClass.CLASS_CAST, 'java.lang.Boolean cannot be cast to java.lang.String');
        return -1;
      case 'I':
        if (rt === 'L') return cmp(BigInt(lv as number), rv as bigint);
        if (rt === 'D') return compareDouble(lv as number, (rv as JavaDouble).value);
        if (rt === 'S') return cmp(lv as number, parseJavaInt(rv as string));
        return -1;
      case 'L':
        if (rt === 'I') return cmp(lv as bigint, BigInt(rv as number));
        if (rt === 'D') return compareDouble(Number(lv), (rv as JavaDouble).value);
        if (rt === 'S') return cmp(lv as bigint, parseJavaLong(rv as string));
        return -1;
      case 'D':
        if (rt === 'I') return compareDouble((lv as JavaDouble).value, rv as number);
        if (rt === 'L') return compareDouble((lv as JavaDouble).value, Number(rv));
        if (rt === 'S') return compareDouble((lv as JavaDouble).value, parseJavaDouble(rv as string));
        return -1;
      default: // 'S'
        if (rt === 'B') return (parseJavaBoolean(lv as string) === rv) ? 0 : rv ? -1 : 1;
        if (rt === 'I') return cmp(parseJavaInt(lv as string), rv as number);
        if (rt === 'L') return cmp(parseJavaLong(lv as string), rv as bigint);
        return compareDouble(parseJavaDouble(lv as string), (rv as JavaDouble).value);
    }
  } catch (err) {
    return evalNumberFormat(err);
  }
}

/** Double.toString: plain between 10^-3 and 10^7, else d.dddE<n>; always a fraction digit. */
export function doubleToString(n: number): string {
  if (n !== n) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  if (n === 0) return Object.is(n, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(n);
  if (abs >= 1e-3 && abs < 1e7) {
    const t = String(n);
    return t.includes('.') ? t : `${t}.0`;
  }
  const [mant, exp] = n.toExponential().split('e') as [string, string];
  return `${mant.includes('.') ? mant : `${mant}.0`}E${exp.startsWith('+') ? exp.slice(1) : exp}`;
}

/** String.valueOf of a value, as Java's messages print it. */
export function javaString(v: JValue): string {
  if (v === null) return 'null';
  return typeof v === 'bigint' ? v.toString() : String(v);
}
