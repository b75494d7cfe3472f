#!/usr/bin/env node
// npm's `prepare` step: the build (tsc, then the oclif manifest), skipped when the compiled tree is
// already newer than every source. npm runs prepare after `npm install`, but also when `npx mq`
// first links this checkout into a fresh npm cache, and in an installed package (no sources there);
// a needless rebuild costs a minute on a busy machine.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function newest(p) {
  let st;
  try {
    st = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return p.endsWith('.ts') || p.endsWith('.json') ? st.mtimeMs : 0;
  let m = 0;
  for (const name of fs.readdirSync(p)) m = Math.max(m, newest(path.join(p, name)));
  return m;
}

function mtime(p) {
  try {
    return fs.statSync(p).mtimeMs;
  } catch {
    return 0;
  }
}

const sources = Math.max(...['src', 'commands', 'test', 'bench', 'examples', 'tsconfig.json'].map((p) => newest(path.join(root, p))));
const built = Math.min(mtime(path.join(root, 'dist', 'src', 'index.js')), mtime(path.join(root, 'oclif.manifest.json')));
if (built > 0 && built >= sources) process.exit(0);
if (!fs.existsSync(path.join(root, 'tsconfig.json'))) process.exit(0); // an installed package: nothing to build
const r = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
