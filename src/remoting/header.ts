// Typed custom headers. A request header is a set of named fields that travel as strings in
// extFields (CommandCustomHeader in Java). Each header is declared once; the declaration gives
// its TypeScript type, decoding with Java's "the custom field <x> is null" error for a missing
// required field, and encoding back to strings. `wire` renames a field on the wire (SEND_MESSAGE_V2's a..n).

import { RemotingCommandError } from './errors.js';

type Kind = 'string' | 'int' | 'long' | 'bool';

export interface HeaderField<T, R extends boolean> {
  readonly kind: Kind;
  readonly required: R;
  readonly wire?: string;
  /** Phantom marker for type inference. */
  readonly __t?: T;
}

function f<T, R extends boolean>(kind: Kind, required: R, wire?: string): HeaderField<T, R> {
  return wire === undefined ? { kind, required } : { kind, required, wire };
}

/** Field builders: `h.str()` required, `h.optStr()` optional, and so on. */
export const h = {
  str: (wire?: string) => f<string, true>('string', true, wire),
  optStr: (wire?: string) => f<string, false>('string', false, wire),
  int: (wire?: string) => f<number, true>('int', true, wire),
  optInt: (wire?: string) => f<number, false>('int', false, wire),
  long: (wire?: string) => f<number, true>('long', true, wire),
  optLong: (wire?: string) => f<number, false>('long', false, wire),
  bool: (wire?: string) => f<boolean, true>('bool', true, wire),
  optBool: (wire?: string) => f<boolean, false>('bool', false, wire),
};

type AnyField = HeaderField<unknown, boolean>;
export type HeaderSpec = Record<string, AnyField>;

type ReqKeys<S extends HeaderSpec> = { [K in keyof S]: S[K] extends HeaderField<unknown, true> ? K : never }[keyof S];
type OptKeys<S extends HeaderSpec> = Exclude<keyof S, ReqKeys<S>>;
type FieldType<F> = F extends HeaderField<infer T, boolean> ? T : never;

export type HeaderOf<S extends HeaderSpec> = { [K in ReqKeys<S>]: FieldType<S[K]> } & { [K in OptKeys<S>]?: FieldType<S[K]> };

export interface HeaderCodec<S extends HeaderSpec> {
  readonly name: string;
  readonly spec: S;
  decode(ext: Record<string, string> | null | undefined): HeaderOf<S>;
  encode(header: HeaderOf<S>): Record<string, string>;
}

export function defineHeader<S extends HeaderSpec>(name: string, spec: S): HeaderCodec<S> {
  const fields = Object.entries(spec).map(([prop, fld]) => ({ prop, wire: fld.wire ?? prop, kind: fld.kind, required: fld.required }));
  return {
    name,
    spec,
    decode(ext) {
      const out: Record<string, unknown> = {};
      for (const fd of fields) {
        const raw = ext ? ext[fd.wire] : undefined;
        if (raw === undefined || raw === null || (raw === '' && fd.kind !== 'string')) {
          if (fd.required) throw new RemotingCommandError(`the custom field <${fd.prop}> is null`);
          continue;
        }
        out[fd.prop] = parse(fd.prop, fd.kind, raw);
      }
      return out as HeaderOf<S>;
    },
    encode(header) {
      const out: Record<string, string> = {};
      const hdr = header as Record<string, unknown>;
      for (const fd of fields) {
        const v = hdr[fd.prop];
        if (v === undefined || v === null) continue;
        out[fd.wire] = String(v);
      }
      return out;
    },
  };
}

function parse(prop: string, kind: Kind, raw: string): unknown {
  switch (kind) {
    case 'string':
      return raw;
    case 'bool':
      // Java's Boolean.parseBoolean: anything but "true" (any case) is false.
      return raw.toLowerCase() === 'true';
    case 'int':
    case 'long': {
      const n = Number(raw);
      if (!Number.isInteger(n) || raw.trim() === '') throw new RemotingCommandError(`the custom field <${prop}> is not a number: ${raw}`);
      return n;
    }
  }
}
