// Body codec tolerant of fastjson, the JSON library Apache RocketMQ writes bodies with.
// Beyond strict JSON it reads what fastjson emits for maps:
//   unquoted integer keys            {"brokerAddrs":{0:"127.0.0.1:10911"}}
//   objects as keys                  {"offsetTable":{{"brokerName":"b","queueId":0,"topic":"T"}:{...}}}
// and writes the same shapes, so Java reads what we send.
//
// Objects become plain JS objects (numeric keys as strings). A map with any object key becomes
// an ObjectKeyMap: its entries in order, with the keys decoded as values.

import { javaDoubleText } from '../common/java-double.js';

export class ObjectKeyMap<K = unknown, V = unknown> {
  constructor(readonly entries: Array<[K, V]> = []) {}
  get size(): number {
    return this.entries.length;
  }
}

/** Map whose integer keys are written unquoted, as fastjson writes Map<Integer/Long, ...>. */
export class IntKeyMap<V = unknown> {
  constructor(readonly entries: Array<[number, V]> = []) {}
}

export type FJValue = null | boolean | number | string | FJValue[] | { [k: string]: FJValue } | ObjectKeyMap<FJValue, FJValue>;

export class FastjsonParseError extends Error {}

export function parseFastjson(input: string | Uint8Array): FJValue {
  const text = typeof input === 'string' ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString('utf8');
  const p = new Parser(text);
  p.ws();
  const v = p.value();
  p.ws();
  if (p.i < text.length) p.fail('trailing characters');
  return v;
}

class Parser {
  i = 0;
  constructor(readonly s: string) {}

  fail(why: string): never {
    throw new FastjsonParseError(`${why} at position ${this.i}`);
  }

  ws(): void {
    const s = this.s;
    while (this.i < s.length) {
      const c = s.charCodeAt(this.i);
      if (c === 32 || c === 9 || c === 10 || c === 13) this.i++;
      else break;
    }
  }

  value(): FJValue {
    const c = this.s[this.i];
    switch (c) {
      case '{':
        return this.object();
      case '[':
        return this.array();
      case '"':
        return this.string();
      case "'":
        return this.string();
      case 't':
        return this.literal('true', true);
      case 'f':
        return this.literal('false', false);
      case 'n':
        return this.literal('null', null);
      default:
        if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
        return this.fail(`unexpected ${c === undefined ? 'end of input' : JSON.stringify(c)}`);
    }
  }

  literal<T>(word: string, v: T): T {
    if (this.s.startsWith(word, this.i)) {
      this.i += word.length;
      return v;
    }
    return this.fail(`expected ${word}`);
  }

  number(): number {
    const m = /^-?\d+(\.\d+)?([eE][-+]?\d+)?[LlFfDd]?/.exec(this.s.slice(this.i, this.i + 64));
    if (!m) this.fail('bad number');
    this.i += m[0].length;
    const t = /[LlFfDd]$/.test(m[0]) ? m[0].slice(0, -1) : m[0];
    return Number(t);
  }

  string(): string {
    const quote = this.s[this.i]!;
    const start = ++this.i;
    const s = this.s;
    // Fast path: no escapes.
    let j = start;
    while (j < s.length && s[j] !== quote && s[j] !== '\\') j++;
    if (s[j] === quote) {
      this.i = j + 1;
      return s.slice(start, j);
    }
    let out = s.slice(start, j);
    this.i = j;
    while (this.i < s.length) {
      const c = s[this.i]!;
      if (c === quote) {
        this.i++;
        return out;
      }
      if (c === '\\') {
        const e = s[this.i + 1];
        this.i += 2;
        switch (e) {
          case 'n':
            out += '\n';
            break;
          case 't':
            out += '\t';
            break;
          case 'r':
            out += '\r';
            break;
          case 'b':
            out += '\b';
            break;
          case 'f':
            out += '\f';
            break;
          case 'u': {
            const hex = s.slice(this.i, this.i + 4);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('bad \\u escape');
            out += String.fromCharCode(parseInt(hex, 16));
            this.i += 4;
            break;
          }
          case 'x': {
            out += String.fromCharCode(parseInt(s.slice(this.i, this.i + 2), 16));
            this.i += 2;
            break;
          }
          case undefined:
            this.fail('unterminated string');
            break;
          default:
            out += e;
        }
      } else {
        out += c;
        this.i++;
      }
    }
    return this.fail('unterminated string');
  }

  array(): FJValue[] {
    this.i++;
    const out: FJValue[] = [];
    this.ws();
    if (this.s[this.i] === ']') {
      this.i++;
      return out;
    }
    for (;;) {
      this.ws();
      out.push(this.value());
      this.ws();
      const c = this.s[this.i++];
      if (c === ']') return out;
      if (c !== ',') this.fail('expected , or ]');
    }
  }

  object(): FJValue {
    this.i++;
    const plain: { [k: string]: FJValue } = {};
    let objMap: ObjectKeyMap<FJValue, FJValue> | null = null;
    this.ws();
    if (this.s[this.i] === '}') {
      this.i++;
      return plain;
    }
    for (;;) {
      this.ws();
      const c = this.s[this.i];
      let key: FJValue;
      if (c === '"' || c === "'") key = this.string();
      else if (c === '{' || c === '[') key = this.value();
      else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) key = this.number();
      else {
        const m = /^[A-Za-z_$][\w$]*/.exec(this.s.slice(this.i, this.i + 256));
        if (!m) this.fail('expected a key');
        key = m[0];
        this.i += m[0].length;
      }
      this.ws();
      if (this.s[this.i++] !== ':') this.fail('expected :');
      this.ws();
      const v = this.value();
      if (key !== null && typeof key === 'object') {
        if (!objMap) objMap = new ObjectKeyMap<FJValue, FJValue>(Object.entries(plain) as Array<[FJValue, FJValue]>);
        objMap.entries.push([key, v]);
      } else if (objMap) {
        objMap.entries.push([String(key), v]);
      } else if (key === '__proto__') {
        // A plain assignment would replace the object's prototype instead of adding the key.
        Object.defineProperty(plain, key, { value: v, enumerable: true, writable: true, configurable: true });
      } else {
        plain[String(key)] = v;
      }
      this.ws();
      const d = this.s[this.i++];
      if (d === '}') return objMap ?? plain;
      if (d !== ',') this.fail('expected , or }');
    }
  }
}

export interface StringifyOptions {
  /** Sort plain-object keys, as fastjson orders bean fields (and strict route bodies require). */
  sortKeys?: boolean;
  /**
   * Tab-indented layout of fastjson's PrettyFormat, as the broker writes its config files: string
   * keys start a new line, integer and object keys stay on the line, and a non-empty container
   * closes on a line of its own.
   */
  pretty?: boolean;
}

/**
 * A number fastjson wrote from a Java double: always with a fraction or an exponent ("100.0",
 * "1.0E7"). Wrap a value in it where Java byte-compatibility of a body matters.
 */
export class JavaDouble {
  constructor(readonly value: number) {}
  toString(): string {
    return javaDoubleText(this.value);
  }
}

/** A Java int[] field: fastjson writes primitive arrays on one line, even in pretty format. */
export class JavaIntArray {
  constructor(readonly values: readonly number[]) {}
}

/** Double.toString spelling of a finite number (shortest digits, as fastjson's Ryu writer gives). */
export { javaDoubleText };

/**
 * Writes JSON that fastjson reads back to the same structure. Plain objects become JSON objects,
 * Map and IntKeyMap with integer keys are written with unquoted keys, ObjectKeyMap with object keys.
 * `undefined` fields are skipped, as fastjson skips null bean fields. Strings are escaped as
 * fastjson escapes them, so a Java-written text can be reproduced byte for byte.
 */
export function stringifyFastjson(value: unknown, opts: StringifyOptions = {}): string {
  return write(value, opts.sortKeys ?? false, opts.pretty ? 0 : -1);
}

// `level` is the indentation depth in pretty mode, -1 when compact.
function write(v: unknown, sort: boolean, level: number): string {
  if (v === null || v === undefined) return 'null';
  switch (typeof v) {
    case 'string':
      return quoteString(v);
    case 'number':
      return Number.isFinite(v) ? String(v) : 'null';
    case 'bigint':
      return v.toString();
    case 'boolean':
      return v ? 'true' : 'false';
    case 'object':
      break;
    default:
      return 'null';
  }
  const inner = level < 0 ? -1 : level + 1;
  if (v instanceof JavaIntArray) return '[' + v.values.join(',') + ']';
  if (Array.isArray(v) || v instanceof Set) {
    const items: string[] = [];
    for (const x of v) items.push(write(x, sort, inner));
    if (level < 0 || items.length === 0) return '[' + items.join(',') + ']';
    const pad = '\n' + '\t'.repeat(inner);
    return '[' + pad + items.join(',' + pad) + '\n' + '\t'.repeat(level) + ']';
  }
  if (v instanceof JavaDouble) return v.toString();
  let entries: Array<[unknown, unknown]>;
  if (v instanceof ObjectKeyMap || v instanceof IntKeyMap) entries = v.entries;
  else if (v instanceof Map) entries = [...v];
  else {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    if (sort) keys.sort();
    entries = [];
    for (const k of keys) if (o[k] !== undefined) entries.push([k, o[k]]);
  }
  let out = '{';
  for (let i = 0; i < entries.length; i++) {
    const [k, x] = entries[i]!;
    if (i > 0) out += ',';
    // fastjson breaks the line only before a string key.
    if (level >= 0 && typeof k === 'string') out += '\n' + '\t'.repeat(inner);
    out += writeKey(k, sort, inner) + ':' + write(x, sort, inner);
  }
  if (level >= 0 && entries.length > 0) out += '\n' + '\t'.repeat(level);
  return out + '}';
}

function writeKey(k: unknown, sort: boolean, level: number): string {
  if (typeof k === 'number' || typeof k === 'bigint') return String(k);
  if (typeof k === 'string') return quoteString(k);
  return write(k, sort, level);
}

// What fastjson escapes inside a double-quoted string: C0 controls, quote, backslash, DEL and the
// C1 controls, and the two Unicode line separators (surrogates are checked for pairing).
// deno-lint-ignore no-control-regex -- control characters are exactly what JSON must escape
const NEEDS_ESCAPE = /[\u0000-\u001f"\\\u007f-\u009f\u2028\u2029\ud800-\udfff]/;
// JSON.stringify escapes the rest the same way, but leaves these raw or writes them in lower-case hex.
// deno-lint-ignore no-control-regex -- the control characters fastjson writes differently from JSON.stringify
const DIFFERS_FROM_JSON = /[\u000b\u000e-\u001f\u007f-\u009f\u2028\u2029\ud800-\udfff]/;
const HEX = '0123456789ABCDEF';

/** A JSON string literal escaped the way fastjson escapes it (\b \t \n \f \r short, others \\uXXXX in upper case). */
export function quoteString(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return '"' + s + '"';
  if (!DIFFERS_FROM_JSON.test(s)) return JSON.stringify(s);
  let out = '"';
  let last = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let rep: string;
    if (c >= 0xd800 && c <= 0xdfff) {
      if (c <= 0xdbff && i + 1 < s.length) {
        const d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          i++;
          continue;
        }
      }
      // A lone surrogate cannot travel as UTF-8; an escape keeps it intact for a Java reader.
      rep = unicodeEscape(c);
    } else if (c < 0x20 || (c >= 0x7f && c < 0xa0) || c === 0x2028 || c === 0x2029) {
      rep = c === 8 ? '\\b' : c === 9 ? '\\t' : c === 10 ? '\\n' : c === 12 ? '\\f' : c === 13 ? '\\r' : unicodeEscape(c);
    } else if (c === 0x22) {
      rep = '\\"';
    } else if (c === 0x5c) {
      rep = '\\\\';
    } else {
      continue;
    }
    out += s.slice(last, i) + rep;
    last = i + 1;
  }
  return out + s.slice(last) + '"';
}

function unicodeEscape(c: number): string {
  return '\\u' + HEX[(c >> 12) & 15] + HEX[(c >> 8) & 15] + HEX[(c >> 4) & 15] + HEX[c & 15];
}

/** Entries of a decoded map, whether it came back as a plain object or an ObjectKeyMap. */
export function mapEntries(v: FJValue | undefined): Array<[FJValue, FJValue]> {
  if (v === null || v === undefined) return [];
  if (v instanceof ObjectKeyMap) return v.entries;
  if (typeof v === 'object' && !Array.isArray(v)) return Object.entries(v);
  return [];
}

/** Encodes a body value to bytes. */
export function encodeBody(value: unknown, opts?: StringifyOptions): Buffer {
  return Buffer.from(stringifyFastjson(value, opts), 'utf8');
}
