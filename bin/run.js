#!/usr/bin/env node
// Entry point of the `mq` CLI on Node.js, Bun and Deno (`deno run -A bin/run.js ...`).
// Errors reach the user as one line and a non-zero exit, never as a stack trace
// (set MQ_DEBUG=1 to see the stack).
import { run, flush } from '@oclif/core';

try {
  await run(process.argv.slice(2), import.meta.url);
  await flush();
} catch (err) {
  const exit = err?.oclif?.exit;
  // A command that already reported its error exits through oclif's ExitError.
  if (exit === 0 || err?.code === 'EEXIT') process.exit(exit ?? 0);
  if (process.env.MQ_DEBUG) console.error(err);
  const msg = String(err?.message ?? err).split('\n').map((l) => l.trim()).filter((l) => l && !/^See more help|^The following errors? occurred/.test(l))[0] ?? 'failed';
  process.stderr.write(`mq: ${msg.replace(/^Error: /, '')}\n`);
  process.exit(typeof exit === 'number' ? exit : 1);
}
