// Body codec tolerant of fastjson, the JSON library Apache RocketMQ writes bodies with.
// Beyond strict JSON it reads what fastjson emits for maps:
//   unquoted integer keys            {"brokerAddrs":{0:"127.0.0.1:10911"}}
//   objects as keys                  {"offsetTable":{{"brokerName":"b","queueId":0,"topic":"T"}:{...}}}
// and writes the same shapes, so Java reads what we send.
//
// Objects become plain JS objects (numeric keys as strings). A map with any object key becomes
// an ObjectKeyMap: its entries in order, with the keys decoded as values.

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
      case '{': return this.object();
      case '[': return this.array();
      case '"': return this.string();
      case "'": return this.string();
      case 't': return this.literal('true', true);
      case 'f': return this.literal('false', false);
      case 'n': return this.literal('null', null);
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
          case 'n': out += '\n'; break;
          case 't': out += '\t'; break;
          case 'r': out += '\r'; break;
          case 'b': out += '\b'; break;
          case 'f': out += '\f'; break;
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
          case undefined: this.fail('unterminated string'); break;
          default: out += e;
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
}

/**
 * Writes JSON that fastjson reads back to the same structure. Plain objects become JSON objects,
 * Map and IntKeyMap with integer keys are written with unquoted keys, ObjectKeyMap with object keys.
 * `undefined` fields are skipped, as fastjson skips null bean fields.
 */
export function stringifyFastjson(value: unknown, opts: StringifyOptions = {}): string {
  return write(value, opts.sortKeys ?? false);
}

function write(v: unknown, sort: boolean): string {
  if (v === null || v === undefined) return 'null';
  switch (typeof v) {
    case 'string': return JSON.stringify(v);
    case 'number': return Number.isFinite(v) ? String(v) : 'null';
    case 'bigint': return v.toString();
    case 'boolean': return v ? 'true' : 'false';
    case 'object': break;
    default: return 'null';
  }
  if (Array.isArray(v)) return '[' + v.map((x) => write(x, sort)).join(',') + ']';
  if (v instanceof Set) return '[' + [...v].map((x) => write(x, sort)).join(',') + ']';
  if (v instanceof ObjectKeyMap || v instanceof IntKeyMap) {
    return '{' + v.entries.map(([k, x]) => writeKey(k, sort) + ':' + write(x, sort)).join(',') + '}';
  }
  if (v instanceof Map) {
    return '{' + [...v].map(([k, x]) => writeKey(k, sort) + ':' + write(x, sort)).join(',') + '}';
  }
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).filter((k) => o[k] !== undefined);
  if (sort) keys.sort();
  return '{' + keys.map((k) => JSON.stringify(k) + ':' + write(o[k], sort)).join(',') + '}';
}

function writeKey(k: unknown, sort: boolean): string {
  if (typeof k === 'number' || typeof k === 'bigint') return String(k);
  if (typeof k === 'string') return JSON.stringify(k);
  return write(k, sort);
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
