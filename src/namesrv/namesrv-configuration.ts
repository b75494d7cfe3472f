// The name server's live configuration (Java's Configuration for NamesrvController): NamesrvConfig,
// NettyServerConfig and any other keys the config file held, served by GET_NAMESRV_CONFIG and
// changed by UPDATE_NAMESRV_CONFIG. As in Java, an update changes only keys that exist, refuses the
// black-listed ones, and rewrites `configStorePath` with every value (the -c file when one was given;
// a .toml path is written as TOML so the file stays loadable).

import path from 'node:path';
import { NamesrvConfigDef, NAMESRV_FIXED_BLACKLIST, type NamesrvConfig } from '../common/config/namesrv-config.js';
import { NamesrvNettyServerConfigDef, type NettyServerConfig } from '../common/config/netty-config.js';
import { formatProperties } from '../common/config/properties.js';
import type { ConfigDef, ConfigOf, Spec } from '../common/config/schema.js';
import { getLogger } from '../common/logger.js';
import { createDataVersion, nextDataVersion, type DataVersion } from '../remoting/protocol/topic-config.js';
import { writeFileLikeJava } from './kv-config.js';

const log = getLogger('namesrv');

interface Target {
  def: ConfigDef<Spec>;
  cfg: ConfigOf<Spec>;
}

export class NamesrvConfiguration {
  readonly dataVersion: DataVersion;
  private readonly targets: Target[];
  /** Keys UPDATE_NAMESRV_CONFIG refuses, fixed at start-up as in Java. */
  readonly blackList: ReadonlySet<string>;

  constructor(
    readonly namesrvConfig: NamesrvConfig,
    readonly nettyServerConfig: NettyServerConfig,
    /** Keys from the config file that neither config knows; Java keeps and serves them too. */
    private readonly extra: Map<string, unknown> = new Map(),
    private readonly now: () => number = Date.now,
  ) {
    this.targets = [
      { def: NamesrvConfigDef as unknown as ConfigDef<Spec>, cfg: namesrvConfig as ConfigOf<Spec> },
      { def: NamesrvNettyServerConfigDef as unknown as ConfigDef<Spec>, cfg: nettyServerConfig as ConfigOf<Spec> },
    ];
    this.dataVersion = createDataVersion(now());
    this.blackList = new Set([...NAMESRV_FIXED_BLACKLIST, ...namesrvConfig.configBlackList.split(';').map((s) => s.trim()).filter(Boolean)]);
  }

  /** Every key and value, config keys first, as strings. */
  entries(): Array<[string, string]> {
    const out: Array<[string, string]> = [];
    for (const t of this.targets) out.push(...t.def.toStringMap(t.cfg));
    for (const [k, v] of this.extra) if (!this.owner(k)) out.push([k, String(v)]);
    return out;
  }

  /** The GET_NAMESRV_CONFIG body text. */
  format(): string {
    return formatProperties(this.entries());
  }

  /** The first black-listed key among `keys`, if any. */
  blackListed(keys: Iterable<string>): string | undefined {
    for (const k of keys) if (this.blackList.has(k)) return k;
    return undefined;
  }

  /**
   * Applies an update: known keys are parsed (a bad value rejects the whole update with a
   * ConfigError naming the key), keys kept from the config file are replaced, others are ignored.
   * Then the configuration is persisted.
   */
  update(props: ReadonlyMap<string, string>): void {
    const staged: Array<() => void> = [];
    for (const [key, value] of props) {
      const t = this.owner(key);
      if (t) {
        const probe = { ...t.cfg };
        t.def.set(probe, key, value);
        staged.push(() => t.def.set(t.cfg, key, value));
      } else if (this.extra.has(key)) {
        staged.push(() => this.extra.set(key, value));
      } else {
        log.warn('update of unknown config key ignored', { key });
      }
    }
    for (const apply of staged) apply();
    nextDataVersion(this.dataVersion, this.now());
    this.persist();
  }

  /** Writes every value to configStorePath; failures are logged, as Java logs them. */
  persist(): void {
    const file = this.namesrvConfig.configStorePath;
    try {
      writeFileLikeJava(file, path.extname(file).toLowerCase() === '.toml' ? this.formatToml() : this.format());
    } catch (err) {
      log.error('cannot persist namesrv config', { file, err });
    }
  }

  private formatToml(): string {
    let out = '';
    const typed = (v: unknown) => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(String(v)));
    for (const t of this.targets) for (const k of Object.keys(t.def.spec)) out += `${k} = ${typed(t.cfg[k])}\n`;
    for (const [k, v] of this.extra) if (!this.owner(k)) out += `${JSON.stringify(k)} = ${typed(v)}\n`;
    return out;
  }

  private owner(key: string): Target | undefined {
    return this.targets.find((t) => t.def.resolveKey(key) !== undefined);
  }
}
