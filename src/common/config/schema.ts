// Typed configuration objects. Each role (namesrv, broker, store, netty server/client) declares
// its keys once, with type, default, a one-line reason and what values are allowed (a range for
// every number, the choices of an enum, a check for names and lists); from that single declaration
// come the defaults, value parsing that names the key, the value and what is allowed on error,
// unknown-key detection, and the `-p` / `-m` printouts that mirror Java's
// MixAll.printObjectProperties. A key kept only so Java files load, whose value changes nothing
// here, carries `inert: 'why'`: start-up names it when a file sets it, `-p` marks it and README's
// Limitations lists it (a test keeps that list equal to the marks). Implementing such a key means
// deleting its `inert` (one line).

import { ConfigError } from '../errors.js';

export type FieldKind = 'string' | 'int' | 'long' | 'bool' | 'float';

export interface FieldSpec<T> {
  readonly kind: FieldKind;
  readonly default: T;
  /** Why this default: one line. */
  readonly doc: string;
  /** Printed by `-m` (Java's @ImportantField). */
  readonly important?: boolean;
  /** Allowed values for enum-like strings. */
  readonly choices?: readonly string[];
  /** Older spellings still accepted (with a one-line notice). */
  readonly aliases?: readonly string[];
  /** Inclusive bounds of a number. */
  readonly min?: number;
  readonly max?: number;
  /** A rule beyond type, range and choices: true when the value is allowed. */
  valid?(v: T): boolean;
  /** What is allowed, for the error message (derived from the range or choices when absent). */
  readonly allowed?: string;
  /** Read (so Java files load and print the same) but not acted on, and why. */
  readonly inert?: string;
}

type Opts = { important?: boolean; aliases?: readonly string[]; inert?: string };
/** A number's bounds: [min, max], and optionally the words that say what is allowed. */
type Range = { range: readonly [number, number]; allowed?: string; valid?: (v: number) => boolean };
type StrOpts = Opts & { valid?: (v: string) => boolean; allowed?: string };

export const INT_MAX = 2147483647;
export const LONG_MAX = Number.MAX_SAFE_INTEGER;
/** A day in milliseconds: the bound of intervals and timeouts. */
export const DAY_MS = 24 * 3600 * 1000;
/** The bound of Java thread-pool sizes (kept so Java files load; one event loop runs everything here). */
export const THREADS_MAX = 10_000;
/** Why a Java thread-pool size is inert here. */
export const NO_THREAD_POOL = 'one event loop runs every request: no thread pool to size';

function numeric(kind: 'int' | 'long' | 'float', d: number, doc: string, o: Opts & Range): FieldSpec<number> {
  const { range, ...rest } = o;
  return { kind, default: d, doc, ...rest, min: range[0], max: range[1] };
}

export const str = (d: string, doc: string, o: StrOpts = {}): FieldSpec<string> => ({ kind: 'string', default: d, doc, ...o });
export const int = (d: number, doc: string, o: Opts & Range): FieldSpec<number> => numeric('int', d, doc, o);
export const long = (d: number, doc: string, o: Opts & Range): FieldSpec<number> => numeric('long', d, doc, o);
export const float = (d: number, doc: string, o: Opts & Range): FieldSpec<number> => numeric('float', d, doc, o);
export const bool = (d: boolean, doc: string, o: Opts = {}): FieldSpec<boolean> => ({ kind: 'bool', default: d, doc, ...o });
export function oneOf<C extends string>(choices: readonly C[], d: C, doc: string, o: Opts = {}): FieldSpec<C> {
  return { kind: 'string', default: d, doc, choices, ...o };
}

/** What a field allows, in words: for error messages and listings. */
export function allowedValues(f: FieldSpec<unknown>): string | undefined {
  if (f.allowed) return f.allowed;
  if (f.choices) return `one of ${f.choices.join(', ')}`;
  if (f.kind === 'bool') return 'true or false';
  if (f.min !== undefined && f.max !== undefined) {
    return `${f.kind === 'float' ? 'a number' : 'an integer'} from ${f.min} to ${f.max}`;
  }
  return undefined;
}

/** The comment line `-p` prints before an inert key. */
export const NOT_ACTED_ON = '# not acted on';

export type Spec = Record<string, FieldSpec<unknown>>;
export type ConfigOf<S extends Spec> = { -readonly [K in keyof S]: S[K]['default'] };

export interface ConfigDef<S extends Spec> {
  readonly name: string;
  readonly spec: S;
  defaults(): ConfigOf<S>;
  /** The canonical key for `key` or one of its aliases, or undefined when this role does not know it. */
  resolveKey(key: string): string | undefined;
  /** Parses and assigns one value; throws ConfigError naming the key on a bad value. */
  set(cfg: ConfigOf<S>, key: string, value: unknown): void;
  /**
   * `key=value` lines of every key, or only the important ones; an inert key is preceded by a
   * `# not acted on: why` comment line, so the output still reads as a properties file.
   */
  print(cfg: ConfigOf<S>, importantOnly?: boolean): string[];
  /** The keys marked inert, with why, in declaration order. */
  inertKeys(): Array<[key: string, why: string]>;
  /** Every key and value as strings, for properties bodies (GET_BROKER_CONFIG and friends). */
  toStringMap(cfg: ConfigOf<S>): Map<string, string>;
}

export function defineConfig<S extends Spec>(name: string, spec: S): ConfigDef<S> {
  const aliasOf = new Map<string, string>();
  for (const [k, f] of Object.entries(spec)) for (const a of f.aliases ?? []) aliasOf.set(a, k);
  return {
    name,
    spec,
    defaults() {
      const o: Record<string, unknown> = {};
      for (const [k, f] of Object.entries(spec)) o[k] = f.default;
      return o as ConfigOf<S>;
    },
    resolveKey(key) {
      if (Object.prototype.hasOwnProperty.call(spec, key)) return key;
      return aliasOf.get(key);
    },
    set(cfg, key, value) {
      const canonical = this.resolveKey(key);
      if (!canonical) throw new ConfigError(`${name}: unknown key ${key}`);
      (cfg as Record<string, unknown>)[canonical] = parseValue(canonical, spec[canonical]!, value);
    },
    print(cfg, importantOnly = false) {
      const lines: string[] = [];
      for (const [k, f] of Object.entries(spec)) {
        if (importantOnly && !f.important) continue;
        if (f.inert) lines.push(`${NOT_ACTED_ON}: ${f.inert}`);
        lines.push(`${k}=${String((cfg as Record<string, unknown>)[k])}`);
      }
      return lines;
    },
    inertKeys() {
      return Object.entries(spec).flatMap(([k, f]) => (f.inert ? [[k, f.inert] as [string, string]] : []));
    },
    toStringMap(cfg) {
      const m = new Map<string, string>();
      for (const k of Object.keys(spec)) m.set(k, String((cfg as Record<string, unknown>)[k]));
      return m;
    },
  };
}

function parseValue(key: string, f: FieldSpec<unknown>, raw: unknown): unknown {
  const bad = (why?: string) => new ConfigError(`bad value for ${key}: ${JSON.stringify(raw)} (${why ?? `expected ${allowedValues(f)}`})`);
  switch (f.kind) {
    case 'string': {
      const s = typeof raw === 'string' ? raw.trim() : String(raw);
      if (f.choices && !f.choices.includes(s)) throw bad();
      if (f.valid && !f.valid(s)) throw bad();
      return s;
    }
    case 'bool': {
      if (typeof raw === 'boolean') return raw;
      const s = String(raw).trim().toLowerCase();
      if (s === 'true') return true;
      if (s === 'false') return false;
      throw bad();
    }
    case 'int':
    case 'long': {
      let n: number;
      if (typeof raw === 'number' && Number.isInteger(raw)) {
        n = raw;
      } else {
        const s = String(raw).trim();
        if (!/^[-+]?\d+$/.test(s)) throw bad(f.min !== undefined ? undefined : 'expected an integer');
        n = Number(s);
      }
      if (f.kind === 'int' && (n > INT_MAX || n < -INT_MAX - 1)) throw bad();
      if (!Number.isSafeInteger(n)) throw bad();
      if ((f.min !== undefined && n < f.min) || (f.max !== undefined && n > f.max)) throw bad();
      if (f.valid && !f.valid(n)) throw bad();
      return n;
    }
    case 'float': {
      const n = typeof raw === 'number' ? raw : Number(String(raw).trim());
      if (!Number.isFinite(n)) throw bad();
      if ((f.min !== undefined && n < f.min) || (f.max !== undefined && n > f.max)) throw bad();
      return n;
    }
  }
}
