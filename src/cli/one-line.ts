// Turns any error into the one line a person sees: oclif's multi-line parse errors are folded
// ("Parsing --port: Expected an integer but received: x"), hints and headings are dropped.

import { describeError } from '../common/errors.js';

const NOISE = /^(See more help|The following errors? occurred|Error:?$)/;

export function oneLineError(err: unknown): string {
  const lines = describeError(err)
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !NOISE.test(l));
  const text = lines.join(': ').replace(/^Error: /, '').replace(/:\s*:/g, ':');
  return text || 'failed';
}
