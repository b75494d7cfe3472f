// Reading and writing Java beans as fastjson bodies. A bean travels as a JSON object whose
// properties fastjson writes in alphabetical order, skipping nulls; encoders here build objects
// with keys already in that order, so no sorting pass runs and maps keep their own order.
// Readers are lenient the way fastjson is: a number may come as a numeric string, a boolean as
// "true"/"false", a missing property takes the Java default.

import { RemotingCommandError } from '../errors.js';
import { type FJValue, IntKeyMap, JavaDouble, mapEntries, stringifyFastjson } from '../fastjson.js';
import { asObject, parseBody } from './topic-config.js';

export { asObject, parseBody };

export type Bean = Record<string, FJValue>;

/** Parses a body that must hold one bean. */
export function decodeBean(body: Uint8Array | string | null | undefined, what: string): Bean {
  if (body === null || body === undefined || body.length === 0) throw new RemotingCommandError(`${what} body is empty`);
  return asObject(parseBody(body, what), what);
}

/** A bean, or null when the property is missing or null. */
export function optBean(o: Bean, key: string, what: string): Bean | null {
  const v = o[key];
  return v === undefined || v === null ? null : asObject(v, `${what}.${key}`);
}

export function encodeBody(value: unknown): Buffer {
  return Buffer.from(stringifyFastjson(value), 'utf8');
}

export function str(o: Bean, key: string): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  return typeof v === 'string' ? v : String(v);
}

export function reqStr(o: Bean, key: string, what: string): string {
  const v = str(o, key);
  if (v === undefined) throw new RemotingCommandError(`${what}.${key} is missing`);
  return v;
}

export function num(o: Bean, key: string, dflt = 0): number {
  return toNum(o[key], key, dflt);
}

function toNum(v: FJValue | undefined, key: string, dflt: number): number {
  if (v === undefined || v === null) return dflt;
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  throw new RemotingCommandError(`${key} is not a number: ${JSON.stringify(v)}`);
}

export function bool(o: Bean, key: string, dflt = false): boolean {
  const v = o[key];
  if (v === undefined || v === null) return dflt;
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  if (typeof v === 'number') return v !== 0;
  throw new RemotingCommandError(`${key} is not a boolean: ${JSON.stringify(v)}`);
}

export function list(o: Bean, key: string): FJValue[] {
  const v = o[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new RemotingCommandError(`${key} is not an array`);
  return v;
}

export function strList(o: Bean, key: string): string[] {
  return list(o, key).filter((x) => x !== null).map((x) => (typeof x === 'string' ? x : String(x)));
}

/** A map with string keys (HashMap<String, V>); order as written. */
export function strMap<V>(o: Bean, key: string, value: (v: FJValue, k: string) => V): Map<string, V> {
  const out = new Map<string, V>();
  for (const [k, v] of mapEntries(o[key])) out.set(String(k), value(v, String(k)));
  return out;
}

/** A Java enum written by name; fastjson also reads ordinals, so do we. */
export function enumValue<T extends string>(o: Bean, key: string, values: readonly T[]): T | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < values.length) return values[v];
  if (typeof v === 'string' && (values as readonly string[]).includes(v)) return v as T;
  throw new RemotingCommandError(`${key} is not one of ${values.join('|')}: ${JSON.stringify(v)}`);
}

/** A map value that must be a number (offsets). */
export function numberValue(v: FJValue): number {
  const n = typeof v === 'number' ? v : Number(v);
  if (v === null || typeof v === 'object' || !Number.isFinite(n)) throw new RemotingCommandError(`not a number: ${JSON.stringify(v)}`);
  return n;
}

/** Map<Integer, Long> as fastjson writes it ({0:112,1:109}); keys come back as numbers. */
export function intNumberMap(v: FJValue | undefined): Map<number, number> {
  const out = new Map<number, number>();
  for (const [k, x] of mapEntries(v)) {
    const id = Number(k);
    if (!Number.isInteger(id)) throw new RemotingCommandError(`not an integer key: ${JSON.stringify(k)}`);
    out.set(id, numberValue(x));
  }
  return out;
}

export function toIntKeyMap(m: ReadonlyMap<number, number>): IntKeyMap<number> {
  return new IntKeyMap([...m]);
}

type BeanKind = 'str' | 'optStr' | 'num' | 'double' | 'bool' | 'enum';

export interface BeanField<T, R extends boolean> {
  readonly kind: BeanKind;
  readonly required: R;
  readonly dflt?: T;
  readonly values?: readonly string[];
  /** Phantom marker for type inference. */
  readonly __t?: T;
}

function bf<T, R extends boolean>(kind: BeanKind, required: R, dflt?: T, values?: readonly string[]): BeanField<T, R> {
  return { kind, required, dflt, values };
}

/**
 * Field builders for flat beans: `b.num()` a Java int/long (default 0), `b.double()` a Java double
 * (written as 1.0), `b.bool(true)` a boolean with its default, `b.str()` a required string,
 * `b.optStr()` a nullable one, `b.enumOf(values)` a nullable enum written by name.
 */
export const b = {
  str: () => bf<string, true>('str', true),
  optStr: () => bf<string, false>('optStr', false),
  num: (dflt = 0) => bf<number, true>('num', true, dflt),
  double: (dflt = 0) => bf<number, true>('double', true, dflt),
  bool: (dflt = false) => bf<boolean, true>('bool', true, dflt),
  enumOf: <T extends string>(values: readonly T[]) => bf<T, false>('enum', false, undefined, values),
};

type AnyBeanField = BeanField<unknown, boolean>;
export type BeanSpec = Record<string, AnyBeanField>;
type BeanReq<S extends BeanSpec> = { [K in keyof S]: S[K] extends BeanField<unknown, true> ? K : never }[keyof S];
type BeanFieldType<F> = F extends BeanField<infer T, boolean> ? T : never;
export type BeanOf<S extends BeanSpec> =
  & { [K in BeanReq<S>]: BeanFieldType<S[K]> }
  & { [K in Exclude<keyof S, BeanReq<S>>]?: BeanFieldType<S[K]> };

export interface BeanCodec<S extends BeanSpec> {
  readonly name: string;
  /** fastjson form: properties in alphabetical order, nullable ones left out when absent. */
  toJson(v: BeanOf<S>): Record<string, unknown>;
  /** Lenient read: missing properties take their defaults; a missing required string is an error. */
  fromJson(v: FJValue | undefined): BeanOf<S>;
  encode(v: BeanOf<S>): Buffer;
  decode(body: Uint8Array | string): BeanOf<S>;
}

/** A flat Java bean declared once, like defineHeader for headers. */
export function defineBean<S extends BeanSpec>(name: string, spec: S): BeanCodec<S> {
  const fields = Object.entries(spec);
  // fastjson sorts bean properties by name (String order = UTF-16 code units, as JS sorts).
  const sorted = [...fields].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  const codec: BeanCodec<S> = {
    name,
    toJson(v) {
      const src = v as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [k, f] of sorted) {
        const x = src[k];
        out[k] = f.kind === 'double' && typeof x === 'number' ? new JavaDouble(x) : x;
      }
      return out;
    },
    fromJson(v) {
      const o = asObject(v, name);
      const out: Record<string, unknown> = {};
      for (const [k, f] of fields) {
        switch (f.kind) {
          case 'str':
            out[k] = reqStr(o, k, name);
            break;
          case 'optStr': {
            const s = str(o, k);
            if (s !== undefined) out[k] = s;
            break;
          }
          case 'num':
          case 'double':
            out[k] = num(o, k, f.dflt as number);
            break;
          case 'bool':
            out[k] = bool(o, k, f.dflt as boolean);
            break;
          case 'enum': {
            const e = enumValue(o, k, f.values!);
            if (e !== undefined) out[k] = e;
            break;
          }
        }
      }
      return out as BeanOf<S>;
    },
    encode(v) {
      return encodeBody(codec.toJson(v));
    },
    decode(body) {
      return codec.fromJson(decodeBean(body, name));
    },
  };
  return codec;
}

/** The decoded type of a bean codec: `type TopicOffset = BeanType<typeof TopicOffsetBean>`. */
export type BeanType<C> = C extends BeanCodec<infer S> ? BeanOf<S> : never;
