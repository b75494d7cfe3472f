// Flags of `mq tools benchmark ...`, spelled as RocketMQ's benchmark classes spell them (-w
// threadCount, -s messageSize, -k keyEnable true|false, ...), and their checks: a bad value is one
// line naming the flag. Java's two-letter options (-sr, -ak) are accepted with one dash too.

import { Flags } from '@oclif/core';
import { ConfigError } from '../../common/errors.js';
import type { ClientOptions } from '../../client/client-config.js';
import { DEFAULT_TOOLS_CREDENTIALS } from '../../remoting/acl-signature.js';
import { credentialFlags, signingOptions, toolCredentials } from '../credentials.js';

/** How a flag is named in messages: "-w (--threadCount)". */
function label(char: string | undefined, name: string): string {
  return char ? `-${char} (--${name})` : `--${name}`;
}

export function intValue(
  name: string,
  char: string | undefined,
  value: string | undefined,
  dflt: number,
  min: number,
  max: number,
): number {
  if (value === undefined) return dflt;
  const t = value.trim();
  const n = /^-?\d+$/.test(t) ? Number(t) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new ConfigError(`${label(char, name)} must be an integer from ${min} to ${max}, not ${JSON.stringify(value)}`);
  }
  return n;
}

export function rateValue(name: string, char: string | undefined, value: string | undefined): number {
  if (value === undefined) return 0;
  const n = /^\s*\d*\.?\d+(e-?\d+)?\s*$/i.test(value) ? Number(value) : NaN;
  if (!(n >= 0 && n <= 1)) throw new ConfigError(`${label(char, name)} must be a rate from 0 to 1, not ${JSON.stringify(value)}`);
  return n;
}

/** Java's options take true/false (Boolean.parseBoolean); anything else is refused here rather than read as false. */
export function boolValue(name: string, char: string | undefined, value: string | undefined): boolean {
  if (value === undefined) return false;
  const t = value.trim().toLowerCase();
  if (t === 'true') return true;
  if (t === 'false') return false;
  throw new ConfigError(`${label(char, name)} must be true or false, not ${JSON.stringify(value)}`);
}

export function topicValue(value: string): string {
  const t = value.trim();
  if (!/^[%|a-zA-Z0-9_-]+$/.test(t) || t.length > 127) {
    throw new ConfigError(`-t (--topic) must match ^[%|a-zA-Z0-9_-]+$ and be at most 127 characters, not ${JSON.stringify(value)}`);
  }
  return t;
}

/** --duration seconds: 0 runs until interrupted. */
export function durationValue(value: string | undefined): number {
  return intValue('duration', undefined, value, 0, 0, 7 * 86_400);
}

/** Turns Java's single-dash long options (-sr 0.1, -ak key) into their --form. */
export function javaStyleArgv(argv: readonly string[], longShort: readonly string[]): string[] {
  return argv.map((a) => (a.length > 2 && a[0] === '-' && a[1] !== '-' && longShort.includes(a.slice(1)) ? `-${a}` : a));
}

/**
 * Client settings from -a / -ak / -sk: with -a true requests are signed (Java's benchmarks' AclClient).
 * A key given alone is paired with AclClient's default for the other (rocketmq2 / 12345678), as Java
 * does; with neither, the environment's or tools.yml's keys, else AclClient's.
 */
export function aclClientOptions(acl: boolean, ak: string | undefined, sk: string | undefined): ClientOptions {
  if (!acl) return {};
  if (ak !== undefined || sk !== undefined) {
    return signingOptions({ accessKey: ak ?? DEFAULT_TOOLS_CREDENTIALS.accessKey, secretKey: sk ?? DEFAULT_TOOLS_CREDENTIALS.secretKey });
  }
  return signingOptions(toolCredentials(undefined, undefined) ?? DEFAULT_TOOLS_CREDENTIALS);
}

export const commonFlags = {
  namesrvAddr: Flags.string({
    char: 'n',
    description: 'Name server address list, e.g. "127.0.0.1:9876;127.0.0.2:9876" (default: NAMESRV_ADDR)',
  }),
  topic: Flags.string({ char: 't', description: 'Topic name', default: 'BenchmarkTest' }),
  duration: Flags.string({ description: 'Seconds to run, then print the summary and exit (default 0: until Ctrl-C)' }),
  aclEnable: Flags.string({ char: 'a', description: 'Sign requests for ACL: true or false (default false)' }),
  ...credentialFlags,
  msgTraceEnable: Flags.string({ char: 'm', description: 'Write message traces (RMQ_SYS_TRACE_TOPIC): true or false (default false)' }),
};

/** -m: whether the benchmark's clients write message traces. */
export function traceValue(value: string | undefined): boolean {
  return boolValue('msgTraceEnable', 'm', value);
}
