// Option values as mqadmin reads them: Java's Boolean.parseBoolean (only "true", any case, is
// true), integers checked here so a bad value names its option on one line, and common flags.

import { Flags } from '@oclif/core';
import { ConfigError } from '../../common/errors.js';

/** Boolean.parseBoolean of an option value; undefined when the option was not given. */
export function javaBoolean(v: string | undefined): boolean | undefined {
  return v === undefined ? undefined : v.trim().toLowerCase() === 'true';
}

/** An integer option (Java's Integer/Long.parseLong), with the option named when it is not one. */
export function intOption(
  flag: string,
  v: string | undefined,
  min = Number.MIN_SAFE_INTEGER,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  if (v === undefined) return undefined;
  const t = v.trim();
  const n = /^[-+]?\d+$/.test(t) ? Number(t) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    const range = min === Number.MIN_SAFE_INTEGER && max === Number.MAX_SAFE_INTEGER ? 'an integer' : `an integer from ${min} to ${max}`;
    throw new ConfigError(`-${flag} must be ${range}, not ${JSON.stringify(v)}`);
  }
  return n;
}

export const topicFlag = (description = 'topic name') => Flags.string({ char: 't', description, required: true });

/** A decoder for message bodies in a Java charset name (UTF-8, GBK, ISO-8859-1...). */
export function bodyDecoder(charset: string | undefined): TextDecoder {
  const name = (charset ?? 'UTF-8').trim();
  try {
    return new TextDecoder(name as ConstructorParameters<typeof TextDecoder>[0]);
  } catch {
    throw new ConfigError(`-c: unknown charset ${JSON.stringify(name)}`);
  }
}
