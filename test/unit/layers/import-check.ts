// Checks imports against the layer table (layer-table.ts). Every import, export-from and import()
// of a file counts, type-only ones too; TypeScript's own pre-processor lists them, so nothing in a
// comment, string or regular expression is mistaken for one. A relative import reaches the layer
// of the file it names; anything else names a module ('node:fs', '@oclif/core').

import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import ts from 'typescript';
import { type Layer, LAYERS, NEVER, RESTRICTED_PACKAGES } from './layer-table.js';

export interface Rules {
  layers: Readonly<Record<string, Layer>>;
  never: ReadonlyArray<{ from: string; to: readonly string[]; why: string }>;
  packages: Readonly<Record<string, { layers: readonly string[]; why: string }>>;
}

export const TABLE: Rules = { layers: LAYERS, never: NEVER, packages: RESTRICTED_PACKAGES };

export interface Violation {
  /** Relative to the package root, with '/'. */
  file: string;
  line: number;
  specifier: string;
  rule: string;
}

export const formatViolation = (v: Violation): string => `${v.file}:${v.line}: '${v.specifier}': ${v.rule}`;

/** 'src/broker/x/y.ts' -> 'src/broker'; 'src/index.ts' -> 'src'; 'commands/admin/x.ts' -> 'commands'. */
export function layerOf(file: string): string {
  const parts = file.split('/');
  if (parts[0] === 'src') return parts.length > 2 ? `src/${parts[1]}` : 'src';
  return parts[0]!;
}

/** The module an import names: 'node:fs/promises' -> 'node:fs', '@oclif/core/x' -> '@oclif/core'. */
function moduleName(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

const builtins = new Set(builtinModules);

export function importsOf(text: string): Array<{ specifier: string; line: number }> {
  const newlines: number[] = [];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) newlines.push(i);
  const lineAt = (pos: number) => newlines.filter((n) => n < pos).length + 1;
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => ({ specifier: f.fileName, line: lineAt(f.pos) }));
}

/** The rule `spec`, imported by `file` (relative to the package root), breaks; undefined when none. */
function brokenRule(file: string, spec: string, rules: Rules): string | undefined {
  const from = layerOf(file);
  const layer = rules.layers[from]!;
  const never = (to: string) => rules.never.find((n) => n.from === from && n.to.includes(to));
  if (!spec.startsWith('.')) {
    const name = moduleName(spec);
    if (builtins.has(name)) return `built-in modules are imported as node:${name}`;
    const forbidden = never(name);
    if (forbidden) return `${from} must never import ${name}: ${forbidden.why}`;
    const restricted = rules.packages[name];
    if (restricted && !restricted.layers.includes(from)) {
      return `only ${restricted.layers.join(', ')} may import ${name}: ${restricted.why}`;
    }
    return undefined;
  }
  const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
  if (target.startsWith('../')) return 'reaches outside the package';
  const to = layerOf(target);
  if (to === from) return undefined;
  if (!rules.layers[to]) return `${to} is outside the layered code (${Object.keys(rules.layers).join(', ')})`;
  const forbidden = never(to);
  if (forbidden) return `${from} must never import ${to}: ${forbidden.why}`;
  if (!layer.uses.includes(to)) return `${from} (${layer.holds}) may import only ${layer.uses.join(', ') || 'itself'}, not ${to}`;
  return undefined;
}

/** The broken rules of one file's imports. */
export function checkFile(file: string, text: string, rules: Rules = TABLE): Violation[] {
  const from = layerOf(file);
  if (!rules.layers[from]) {
    return [{ file, line: 1, specifier: '', rule: `${from} has no row in the layer table (test/unit/layers/layer-table.ts)` }];
  }
  const out: Violation[] = [];
  for (const { specifier, line } of importsOf(text)) {
    const rule = brokenRule(file, specifier, rules);
    if (rule) out.push({ file, line, specifier, rule });
  }
  return out;
}

function tsFiles(root: string, dir: string): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(path.join(root, dir), { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return tsFiles(root, rel);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [rel] : [];
  });
}

/** The broken rules of every TypeScript file under `dirs` of `root`, and the number of files read. */
export function checkTree(
  root: string,
  dirs: readonly string[] = ['src', 'commands', 'bench'],
  rules: Rules = TABLE,
): { files: number; violations: Violation[] } {
  const files = dirs.flatMap((d) => tsFiles(root, d)).sort();
  return { files: files.length, violations: files.flatMap((f) => checkFile(f, fs.readFileSync(path.join(root, f), 'utf8'), rules)) };
}

/** Every layer reachable from `from` through `uses`. */
export function reachable(from: string, rules: Rules = TABLE): Set<string> {
  const seen = new Set<string>();
  const visit = (l: string) => {
    for (const u of rules.layers[l]?.uses ?? []) {
      if (!seen.has(u)) {
        seen.add(u);
        visit(u);
      }
    }
  };
  visit(from);
  return seen;
}

/** What is wrong with the table itself: unknown layers, cycles, and never-rules some chain of uses breaks. */
export function tableProblems(rules: Rules = TABLE): string[] {
  const out: string[] = [];
  const known = (l: string) => rules.layers[l] !== undefined;
  for (const [name, layer] of Object.entries(rules.layers)) {
    for (const u of layer.uses) if (!known(u)) out.push(`${name} uses ${u}, which has no row`);
    if (reachable(name, rules).has(name)) {
      out.push(`${name} depends on itself through ${layer.uses.filter((u) => reachable(u, rules).has(name) || u === name).join(', ')}`);
    }
  }
  for (const n of rules.never) {
    if (!known(n.from)) out.push(`a never-rule starts from ${n.from}, which has no row`);
    const chain = reachable(n.from, rules);
    for (const to of n.to) if (chain.has(to)) out.push(`${n.from} reaches ${to} through its uses, which must never be: ${n.why}`);
  }
  for (const [pkg, p] of Object.entries(rules.packages)) {
    for (const l of p.layers) if (!known(l)) out.push(`${pkg} is allowed in ${l}, which has no row`);
  }
  return out;
}
