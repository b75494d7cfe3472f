// Base of every `mq` command: one-line errors with a non-zero exit, `--json` machine output,
// and spinners only on a TTY (never when piped or with --json), so scripts get parseable output.

import { Command, Flags, type Interfaces } from '@oclif/core';
import ora, { type Ora } from 'ora';
import { oneLineError } from './one-line.js';
import { applyTlsFlag } from './tls-flag.js';

export abstract class MqCommand extends Command {
  static override baseFlags = {
    json: Flags.boolean({ description: 'Print machine-readable JSON instead of text', default: false }),
  };

  protected jsonOutput = false;

  override async init(): Promise<void> {
    await super.init();
    // Peek at --json before parse so catch() knows the output mode even when parsing fails.
    this.jsonOutput = this.argv.includes('--json');
    // Commands without a --tls flag refuse it while parsing, so this only acts where it is offered.
    applyTlsFlag(this.argv);
  }

  /** Prints `data` as JSON with --json, otherwise runs `text` to print it for people. */
  protected output(data: unknown, text: () => void): void {
    if (this.jsonOutput) this.log(JSON.stringify(data, jsonReplacer, 2));
    else text();
  }

  /** Runs `fn` under an ora spinner on a TTY; silently otherwise. */
  protected async withSpinner<T>(text: string, fn: (spinner: Ora | null) => Promise<T>): Promise<T> {
    const interactive = Boolean(process.stderr.isTTY) && !this.jsonOutput && !process.env.CI;
    const spinner = interactive ? ora({ text, stream: process.stderr }).start() : null;
    try {
      const r = await fn(spinner);
      spinner?.stop();
      return r;
    } catch (err) {
      spinner?.stop();
      throw err;
    }
  }

  /** One readable line and exit 1; the stack only with MQ_DEBUG. */
  protected override async catch(err: Interfaces.CommandError): Promise<unknown> {
    if ((err as { oclif?: { exit?: number } }).oclif?.exit === 0) return;
    if (process.env.MQ_DEBUG) this.logToStderr(String(err.stack));
    const exit = (err as { oclif?: { exit?: number } }).oclif?.exit;
    const msg = oneLineError(err);
    if (this.jsonOutput) this.log(JSON.stringify({ error: msg }));
    else this.logToStderr(`mq: ${msg}`);
    this.exit(typeof exit === 'number' && exit !== 0 ? exit : 1);
  }
}

function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Map) return Object.fromEntries(value);
  if (value instanceof Set) return [...value];
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return value;
}
