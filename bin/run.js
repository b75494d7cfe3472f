#!/usr/bin/env node
// Entry point of the `mq` CLI on Node.js, Bun and Deno (`deno run -A bin/run.js ...`).
// Errors reach the user as one line and a non-zero exit, never as a stack trace
// (set MQ_DEBUG=1 to see the stack).
import { run, flush } from '@oclif/core';
import { oneLineError } from '../dist/src/cli/one-line.js';

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
