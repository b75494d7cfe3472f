#!/usr/bin/env node
// Entry point of the `mq` CLI on Node.js, Bun and Deno (`deno run -A bin/run.js ...`).
// Errors reach the user as one line and a non-zero exit, never as a stack trace
// (set MQ_DEBUG=1 to see the stack).
import { flush, run, settings } from '@oclif/core';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { oneLineError } from '../dist/src/cli/one-line.js';

// Always the compiled commands: with NODE_ENV=test or development (which `bun test` sets), oclif
// would otherwise run commands/*.ts from source under Bun, a second copy of every module.
settings.enableAutoTranspile = false;

// oclif trusts oclif.manifest.json (written by `npm run build`) to find commands without importing
// them all. A build by bare `tsc` leaves it missing or stale, and a stale manifest hides new
// commands: write it when any compiled command is newer (or, failing that, drop it: oclif then
// scans dist/commands, without the lowercase admin aliases the manifest adds).
async function refreshStaleManifest() {
  const root = new URL('..', import.meta.url);
  const manifest = new URL('oclif.manifest.json', root);
  let built = -Infinity;
  try {
    built = fs.statSync(manifest).mtimeMs;
  } catch {
    // none yet
  }
  const newer = (dir) =>
    fs.readdirSync(dir, { withFileTypes: true }).some((e) => {
      const p = new URL(e.name + (e.isDirectory() ? '/' : ''), dir);
      return e.isDirectory() ? newer(p) : e.name.endsWith('.js') && fs.statSync(p).mtimeMs > built;
    });
  try {
    if (!newer(new URL('dist/commands/', root))) return;
    const { writeManifest } = await import('../dist/src/cli/manifest.js');
    await writeManifest(fileURLToPath(root));
  } catch {
    try {
      fs.rmSync(manifest, { force: true });
    } catch {
      // an unwritable tree: let oclif decide
    }
  }
}

await refreshStaleManifest();

try {
  await run(process.argv.slice(2), import.meta.url);
  await flush();
} catch (err) {
  const exit = err?.oclif?.exit;
  // A command that already reported its error exits through oclif's ExitError.
  if (exit === 0 || err?.code === 'EEXIT') process.exit(exit ?? 0);
  if (process.env.MQ_DEBUG) console.error(err);
  process.stderr.write(`mq: ${oneLineError(err)}\n`);
  process.exit(typeof exit === 'number' ? exit : 1);
}
