// Base of every `mq admin <command>`: the name server flag every mqadmin command takes (-n, else
// NAMESRV_ADDR), the ACL keys requests are signed with (--ak/--sk, else ROCKETMQ_ACCESS_KEY and
// ROCKETMQ_SECRET_KEY, else conf/tools.yml under ROCKETMQ_HOME as mqadmin reads it; Java's mqadmin
// has only the file), a started admin client for the run, a spinner on stderr while a call is slow (TTY
// only), and printing: tables go to stdout with the header line coloured on a TTY (never with
// NO_COLOR or when piped), or the command's data as JSON with --json.

import { Flags, type Interfaces } from '@oclif/core';
import { Chalk, type ChalkInstance } from 'chalk';
import { MqCommand } from '../base-command.js';
import { AdminExt, type AdminExtOptions } from '../../admin/admin-ext.js';
import { tlsFlag } from '../tls-flag.js';
import { toolCredentials } from '../../tools/credentials.js';

// oclif's own parse() bounds, which its index does not export.
// deno-lint-ignore no-explicit-any
type FlagOutput = { [name: string]: any };
// deno-lint-ignore no-explicit-any
type ArgOutput = { [name: string]: any };

export const namesrvFlag = Flags.string({
  char: 'n',
  description: 'Name server address list, eg: "192.168.0.1:9876;192.168.0.2:9876" (default: NAMESRV_ADDR)',
});

/** Colours for stdout: on only when it is a terminal and NO_COLOR is unset. */
export function stdoutChalk(json: boolean): ChalkInstance {
  const on = !json && Boolean(process.stdout.isTTY) && !process.env.NO_COLOR && process.env.TERM !== 'dumb';
  return new Chalk({ level: on ? 1 : 0 });
}

export abstract class AdminCommand extends MqCommand {
  static override baseFlags = {
    ...MqCommand.baseFlags,
    namesrvAddr: namesrvFlag,
    tls: tlsFlag,
    // mqadmin gives every command -h.
    help: Flags.help({ char: 'h', description: 'Print help' }),
    // Long names only: updateAclConfig's -a/--accessKey and -s/--secretKey are the account it writes.
    ak: Flags.string({
      description: 'ACL access key to sign requests with (default: ROCKETMQ_ACCESS_KEY, else conf/tools.yml under ROCKETMQ_HOME)',
      helpGroup: 'ACL',
    }),
    sk: Flags.string({
      description: 'ACL secret key to sign requests with (default: ROCKETMQ_SECRET_KEY, else conf/tools.yml)',
      helpGroup: 'ACL',
    }),
  };

  protected color: ChalkInstance = new Chalk({ level: 0 });
  private admin: AdminExt | undefined;
  private signing: { ak?: string; sk?: string } = {};

  override async init(): Promise<void> {
    await super.init();
    this.color = stdoutChalk(this.jsonOutput);
  }

  /** Notes --ak/--sk for adminClient(), so no command has to pass them on. */
  protected override async parse<F extends FlagOutput, B extends FlagOutput, A extends ArgOutput>(
    options?: Interfaces.Input<F, B, A>,
    argv?: string[],
  ): Promise<Interfaces.ParserOutput<F, B, A>> {
    const out = await super.parse(options, argv);
    const flags = out.flags as { ak?: string; sk?: string };
    this.signing = { ak: flags.ak, sk: flags.sk };
    return out;
  }

  /** Whom requests are signed as: --ak/--sk, else the environment, else tools.yml (none: unsigned). */
  protected credentials(): AdminExtOptions['credentials'] {
    return toolCredentials(this.signing.ak, this.signing.sk, '--ak and --sk') ?? null;
  }

  /** A started admin client on the -n name servers (or NAMESRV_ADDR), shut down when the command ends. */
  protected adminClient(namesrvAddr: string | undefined, opts: Omit<AdminExtOptions, 'namesrvAddr'> = {}): AdminExt {
    if (!this.admin) {
      this.admin = new AdminExt({ credentials: this.credentials(), ...opts, ...(namesrvAddr ? { namesrvAddr } : {}) }).start();
    }
    return this.admin;
  }

  /** oclif names a missing flag by its long name; mqadmin users know it by its letter too. */
  protected override async catch(err: Interfaces.CommandError): Promise<unknown> {
    const m = /Missing required flag (\w+)/.exec(err.message ?? '');
    const flags = (this.constructor as { flags?: Record<string, { char?: string }> }).flags ?? {};
    const char = m ? flags[m[1]!]?.char : undefined;
    if (m && char) err.message = err.message.replace(m[0], `Missing required flag -${char} (--${m[1]})`);
    return super.catch(err);
  }

  protected override async finally(err: Interfaces.CommandError | undefined): Promise<unknown> {
    const a = this.admin;
    this.admin = undefined;
    await a?.shutdown().catch(() => undefined);
    return super.finally(err);
  }

  /** A header line, bold cyan on a terminal. */
  protected header(line: string): void {
    this.log(this.color.bold.cyan(line));
  }

  /** A header and its rows. */
  protected table(header: string, rows: readonly string[]): void {
    this.header(header);
    for (const r of rows) this.log(r);
  }

  /** Text Java prints without a line break (printf without %n); a newline is added so shells stay tidy. */
  protected print(text: string): void {
    this.log(text.endsWith('\n') ? text.slice(0, -1) : text);
  }

  protected good(text: string): string {
    return this.color.green(text);
  }

  protected bad(text: string): string {
    return this.color.red(text);
  }
}
