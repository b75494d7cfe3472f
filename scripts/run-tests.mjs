#!/usr/bin/env node
// Runs the one node:test suite (compiled to dist/test) on a chosen runtime:
//   node scripts/run-tests.mjs node|bun|deno [unit|integration|<path fragment>...]
// Each runtime uses its own test runner over the same files, so a feature breaks on all three
// or on none. The runtime binaries come from devDependencies (the npm packages `bun` and `deno`).

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [runtime = 'node', ...filters] = process.argv.slice(2);
const testRoot = path.join(root, 'dist', 'test');

if (!fs.existsSync(testRoot)) {
  console.error('dist/test is missing: run `npm run build` first');
  process.exit(1);
}

function walk(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p));
    else if (e.name.endsWith('.test.js')) out.push(p);
  }
  return out;
}

let files = walk(testRoot).sort();
if (filters.length) files = files.filter((f) => filters.some((x) => path.relative(testRoot, f).includes(x)));
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}

const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const env = { ...process.env, MQ_TEST_RUNTIME: runtime, NO_COLOR: '1' };
let cmd;
let args;
switch (runtime) {
  case 'node':
    cmd = process.execPath;
    args = ['--test', '--test-concurrency=2', '--test-timeout=180000', ...files];
    break;
  case 'bun':
    cmd = bin('bun');
    args = ['test', '--timeout=180000', ...files];
    break;
  case 'deno':
    cmd = bin('deno');
    args = ['test', '-A', '--no-check', ...files];
    break;
  default:
    console.error(`unknown runtime ${runtime}: use node, bun or deno`);
    process.exit(1);
}

const started = Date.now();
const r = spawnSync(cmd, args, { stdio: 'inherit', env, cwd: root });
const secs = ((Date.now() - started) / 1000).toFixed(1);
console.log(`\n[run-tests] ${runtime}: ${files.length} files, exit ${r.status ?? r.signal}, ${secs}s`);
process.exit(r.status ?? 1);
