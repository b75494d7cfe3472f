// Numeric flag values checked by us rather than by oclif's integer flags, whose parse errors span
// two lines and lose their reason when the CLI prints errors as one line.

import { ConfigError } from '../common/errors.js';

/** What a command throws for a bad option or combination of options: one line, exit 1. */
export { ConfigError };

/** An integer flag within [min, max]; undefined when the flag was not given. */
export function parseIntegerFlag(flag: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const t = value.trim();
  const n = /^-?\d+$/.test(t) ? Number(t) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new ConfigError(`--${flag} must be an integer from ${min} to ${max}, not ${JSON.stringify(value)}`);
  }
  return n;
}

export function parsePortFlag(value: string | undefined): number | undefined {
  return parseIntegerFlag('port', value, 0, 65535);
}
