// Typed configuration objects. Each role (namesrv, broker, store, netty server/client) declares
// its keys once, with type, default and a one-line reason; from that single declaration come the
// defaults, value parsing with the key named on error, unknown-key detection, and the `-p` / `-m`
// printouts that mirror Java's MixAll.printObjectProperties.

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
}

type Opts = { important?: boolean; aliases?: readonly string[] };

export const str = (d: string, doc: string, o: Opts = {}): FieldSpec<string> => ({ kind: 'string', default: d, doc, ...o });
export const int = (d: number, doc: string, o: Opts = {}): FieldSpec<number> => ({ kind: 'int', default: d, doc, ...o });
export const long = (d: number, doc: string, o: Opts = {}): FieldSpec<number> => ({ kind: 'long', default: d, doc, ...o });
export const float = (d: number, doc: string, o: Opts = {}): FieldSpec<number> => ({ kind: 'float', default: d, doc, ...o });
export const bool = (d: boolean, doc: string, o: Opts = {}): FieldSpec<boolean> => ({ kind: 'bool', default: d, doc, ...o });
export function oneOf<C extends string>(choices: readonly C[], d: C, doc: string, o: Opts = {}): FieldSpec<C> {
  return { kind: 'string', default: d, doc, choices, ...o };
}

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
  /** `key=value` lines of every key, or only the important ones. */
  print(cfg: ConfigOf<S>, importantOnly?: boolean): string[];
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
        lines.push(`${k}=${String((cfg as Record<string, unknown>)[k])}`);
      }
      return lines;
    },
    toStringMap(cfg) {
      const m = new Map<string, string>();
      for (const k of Object.keys(spec)) m.set(k, String((cfg as Record<string, unknown>)[k]));
      return m;
    },
  };
}

function parseValue(key: string, f: FieldSpec<unknown>, raw: unknown): unknown {
  const bad = (why: string) => new ConfigError(`bad value for ${key}: ${JSON.stringify(raw)} (${why})`);
  switch (f.kind) {
    case 'string': {
      const s = typeof raw === 'string' ? raw.trim() : String(raw);
      if (f.choices && !f.choices.includes(s)) throw bad(`expected one of ${f.choices.join(', ')}`);
      return s;
    }
    case 'bool': {
      if (typeof raw === 'boolean') return raw;
      const s = String(raw).trim().toLowerCase();
      if (s === 'true') return true;
      if (s === 'false') return false;
      throw bad('expected true or false');
    }
    case 'int':
    case 'long': {
      if (typeof raw === 'number' && Number.isInteger(raw)) return raw;
      const s = String(raw).trim();
      if (!/^[-+]?\d+$/.test(s)) throw bad('expected an integer');
      const n = Number(s);
      if (f.kind === 'int' && (n > 2147483647 || n < -2147483648)) throw bad('out of int range');
      if (!Number.isSafeInteger(n)) throw bad('out of range');
      return n;
    }
    case 'float': {
      const n = typeof raw === 'number' ? raw : Number(String(raw).trim());
      if (!Number.isFinite(n)) throw bad('expected a number');
      return n;
    }
  }
}
