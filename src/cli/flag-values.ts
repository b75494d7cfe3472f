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

export function parsePortFlag(value: string | undefined, flag = 'port'): number | undefined {
  return parseIntegerFlag(flag, value, 0, 65535);
}

/**
 * A broker's port flag: the broker also listens 2 below it (VIP) and 1 above it (HA), so 3 to
 * 65534, or 0 for free ones.
 */
export function parseBrokerPortFlag(flag: string, value: string | undefined): number | undefined {
  const n = parseIntegerFlag(flag, value, 0, 65535);
  if (n !== undefined && n !== 0 && (n < 3 || n > 65534)) {
    throw new ConfigError(
      `--${flag} must be a port from 3 to 65534, or 0 for free ones (the VIP port is 2 below it, the HA port 1 above), not ${
        JSON.stringify(value)
      }`,
    );
  }
  return n;
}
