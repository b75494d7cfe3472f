// A server's live configuration (Java's common Configuration), one class for the broker and the
// name server: its config objects plus the keys of the start-up file that no config owns. It serves
// GET_BROKER_CONFIG / GET_NAMESRV_CONFIG as properties text and applies UPDATE_BROKER_CONFIG /
// UPDATE_NAMESRV_CONFIG: known keys only, never a black-listed one, one bad value rejects the
// whole update; then the start-up file is rewritten with every value, as Java does (a .toml file
// as TOML, so it still loads) and the data version moves on.

import path from 'node:path';
import { writeFileAtomic } from '../atomic-file.js';
import { createDataVersion, type DataVersion, nextDataVersion } from '../data-version.js';
import { getLogger, type Logger } from '../logger.js';
import { formatProperties } from './properties.js';
import type { ConfigDef, ConfigOf, Spec } from './schema.js';

/** Keys Java holds as null until set; like Java, the configuration leaves them out while they are empty. */
const NULL_WHEN_EMPTY: ReadonlySet<string> = new Set([
  'namesrvAddr',
  'storePathDLedgerCommitLog',
  'readOnlyCommitLogStorePaths',
  'haMasterAddress',
  'dLegerGroup',
  'dLegerPeers',
  'dLegerSelfId',
  'preferredLeaderId',
]);

/** One config object and its declaration. */
export interface ConfigPart {
  def: ConfigDef<Spec>;
  cfg: ConfigOf<Spec>;
}

export interface ConfigurationOptions {
  /** The file an update rewrites; a function when the path is itself a config value (read at each write). */
  storePath: string | (() => string);
  /** Keys an update may never change, besides those of `configBlackList`. */
  fixedBlackList: readonly string[];
  /** The role's configBlackList value: keys separated by ';'. */
  configBlackList: string;
  /** Keys of the start-up file that no config owns; shown and updated like the others. */
  extra?: Map<string, unknown>;
  now?: () => number;
  /** Log namespace of the server ('broker', 'namesrv'). */
  logName: string;
}

/** A value as TOML writes it: numbers and booleans bare, anything else a quoted string. */
function tomlValue(v: unknown): string {
  return typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(String(v));
}

export class Configuration {
  readonly dataVersion: DataVersion;
  /** Keys an update is refused for, fixed at start-up as in Java. */
  readonly blackList: ReadonlySet<string>;
  private readonly extra: Map<string, unknown>;
  private readonly now: () => number;
  private readonly log: Logger;

  constructor(private readonly parts: readonly ConfigPart[], private readonly opts: ConfigurationOptions) {
    this.extra = opts.extra ?? new Map();
    this.now = opts.now ?? Date.now;
    this.log = getLogger(opts.logName);
    this.dataVersion = createDataVersion(this.now());
    this.blackList = new Set([...opts.fixedBlackList, ...opts.configBlackList.split(';').map((s) => s.trim()).filter(Boolean)]);
  }

  /** The file an update rewrites. */
  get storePath(): string {
    const p = this.opts.storePath;
    return typeof p === 'string' ? p : p();
  }

  private owners(key: string): ConfigPart[] {
    return this.parts.filter((p) => p.def.resolveKey(key) !== undefined);
  }

  /** Every key and value as text: the configs' keys first (each once), then the file's other keys. */
  entries(): Array<[string, string]> {
    const seen = new Set<string>();
    const out: Array<[string, string]> = [];
    for (const p of this.parts) {
      for (const [k, v] of p.def.toStringMap(p.cfg)) {
        if (seen.has(k) || (v === '' && NULL_WHEN_EMPTY.has(k))) continue;
        seen.add(k);
        out.push([k, v]);
      }
    }
    for (const [k, v] of this.extra) if (this.owners(k).length === 0) out.push([k, String(v)]);
    return out;
  }

  /** The GET_*_CONFIG body: every value as properties text. */
  formatAll(): string {
    return formatProperties(this.entries());
  }

  /** The first black-listed key among `keys`, if any. */
  blackListed(keys: Iterable<string>): string | undefined {
    for (const k of keys) if (this.blackList.has(k)) return k;
    return undefined;
  }

  /**
   * Applies an update: every known key is parsed first (one bad value rejects the whole update with
   * a ConfigError naming the key), keys the start-up file had are replaced, others are ignored with
   * a warning. Then the file is rewritten.
   */
  async update(props: ReadonlyMap<string, string>): Promise<void> {
    const apply: Array<() => void> = [];
    for (const [key, value] of props) {
      const owners = this.owners(key);
      if (owners.length > 0) {
        for (const p of owners) p.def.set({ ...p.cfg }, key, value);
        apply.push(() => owners.forEach((p) => p.def.set(p.cfg, key, value)));
      } else if (this.extra.has(key)) {
        apply.push(() => this.extra.set(key, value));
      } else {
        this.log.warn('update of unknown config key ignored', { key });
      }
    }
    for (const a of apply) a();
    nextDataVersion(this.dataVersion, this.now());
    await this.persist();
  }

  /** Writes every value to the start-up file; failures are logged, as Java logs them. */
  async persist(): Promise<void> {
    const file = this.storePath;
    try {
      // Synced: a server must not restart from an empty or torn config file after a power cut.
      await writeFileAtomic(file, path.extname(file).toLowerCase() === '.toml' ? this.tomlText() : this.formatAll(), 'fsync');
    } catch (err) {
      this.log.error('cannot persist the configuration', { file, err });
    }
  }

  private tomlText(): string {
    let out = '';
    const seen = new Set<string>();
    for (const p of this.parts) {
      for (const k of Object.keys(p.def.spec)) {
        if (seen.has(k)) continue;
        seen.add(k);
        out += `${k} = ${tomlValue(p.cfg[k])}\n`;
      }
    }
    for (const [k, v] of this.extra) if (this.owners(k).length === 0) out += `${JSON.stringify(k)} = ${tomlValue(v)}\n`;
    return out;
  }
}
