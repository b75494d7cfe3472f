// Reads a config file, Java .properties or TOML, into flat key/value pairs, then distributes the
// pairs over the role configs that own them. Unknown keys are warned about, never fatal: Java
// ignores them too, and operators carry old keys around in their files. What is set but not acted
// on (schema.ts `inert`) is reported too, and each unknown key gets the nearest known one.

import fs from 'node:fs';
import path from 'node:path';
import toml from 'toml';
import { editDistance } from '../edit-distance.js';
import { ConfigError } from '../errors.js';
import { expandPlaceholders, parseProperties } from './properties.js';
import type { ConfigDef, ConfigOf, Spec } from './schema.js';

/** Reads `file` as TOML (by extension `.toml`) or Java properties, into raw string-or-scalar values. */
export function readConfigFile(file: string): Map<string, unknown> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConfigError(`cannot read config file ${file}: ${code === 'ENOENT' ? 'no such file' : code ?? String(err)}`);
  }
  if (path.extname(file).toLowerCase() === '.toml') return parseTomlFlat(file, text);
  return new Map(Array.from(parseProperties(text), ([k, v]) => [k.trim(), expandPlaceholders(v.trim())] as [string, unknown]));
}

function parseTomlFlat(file: string, text: string): Map<string, unknown> {
  let doc: Record<string, unknown>;
  try {
    doc = toml.parse(text) as Record<string, unknown>;
  } catch (err) {
    throw new ConfigError(`cannot parse TOML ${file}${tomlErrorWhere(err)}: ${tomlErrorWhat(err)}`);
  }
  const out = new Map<string, unknown>();
  // Tables only group keys for people; RocketMQ's key space is flat, so section names are dropped.
  // Except under `tls`: its keys are dotted names (tls.server.mode), which TOML reads as tables.
  const walk = (o: Record<string, unknown>, dotted?: string) => {
    for (const [k, v] of Object.entries(o)) {
      const key = dotted === undefined ? k : dotted + k;
      const keep = dotted !== undefined || k === 'tls';
      if (v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)) {
        walk(v as Record<string, unknown>, keep ? `${key}.` : undefined);
      } else out.set(key, typeof v === 'string' ? expandPlaceholders(v) : v);
    }
  };
  walk(doc);
  return out;
}

interface TomlSyntaxError {
  message?: string;
  found?: string | null;
  location?: { start?: { line?: number; column?: number } };
}

/** The parser (peggy) puts the position in location.start; older versions set line and column. */
function tomlErrorWhere(err: unknown): string {
  const e = err as TomlSyntaxError & { line?: number; column?: number };
  const line = e.location?.start?.line ?? e.line;
  const column = e.location?.start?.column ?? e.column;
  return line ? ` at line ${line}, column ${column}` : '';
}

/** A syntax error's long list of expected tokens says less than what was found instead. */
function tomlErrorWhat(err: unknown): string {
  const e = err as TomlSyntaxError;
  if (e.found !== undefined && / but .* found\.?$/.test(e.message ?? '')) {
    return e.found === null ? 'unexpected end of file' : `unexpected ${JSON.stringify(e.found)}`;
  }
  return e.message ?? String(err);
}

export interface ApplyResult {
  unknownKeys: string[];
  /** Old spellings that were accepted, as [written, canonical]. */
  aliasesUsed: Array<[string, string]>;
  /**
   * Keys (canonical) set to something other than their default that no config acts on. A key set
   * to its default changes nothing either way, and Java's sample files set many such keys.
   */
  inertKeys: string[];
}

/**
 * Assigns every pair to the first role config that knows its key.
 * Bad values throw ConfigError naming the key; unknown keys are returned for a warning.
 */
export function applyConfig(
  raw: Map<string, unknown>,
  targets: Array<{ def: ConfigDef<Spec>; cfg: ConfigOf<Spec> }>,
): ApplyResult {
  const result: ApplyResult = { unknownKeys: [], aliasesUsed: [], inertKeys: [] };
  for (const [key, value] of raw) {
    let owned = false;
    for (const t of targets) {
      const canonical = t.def.resolveKey(key);
      if (canonical === undefined) continue;
      t.def.set(t.cfg, key, value);
      if (canonical !== key) result.aliasesUsed.push([key, canonical]);
      const f = t.def.spec[canonical]!;
      if (f.inert && t.cfg[canonical] !== f.default && !result.inertKeys.includes(canonical)) result.inertKeys.push(canonical);
      owned = true;
    }
    if (!owned) result.unknownKeys.push(key);
  }
  return result;
}

/**
 * The known key (or old spelling) nearest to `key` by edit distance, ignoring case, or undefined
 * when none is close: at most 2 edits, or a quarter of the key for long keys, so a typo finds its
 * key and a key of another RocketMQ version finds nothing.
 */
export function nearestKey(key: string, defs: ReadonlyArray<ConfigDef<Spec>>): string | undefined {
  const k = key.toLowerCase();
  let best: { name: string; d: number } | undefined;
  for (const def of defs) {
    for (const [name, f] of Object.entries(def.spec)) {
      for (const n of [name, ...(f.aliases ?? [])]) {
        const d = editDistance(k, n.toLowerCase());
        if (!best || d < best.d) best = { name, d };
      }
    }
  }
  return best && best.d <= Math.max(2, Math.floor(key.length / 4)) ? best.name : undefined;
}
