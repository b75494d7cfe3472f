// The broker's live configuration (Java's Configuration as BrokerController registers it): the four
// configs plus any other keys of the start-up file. GET_BROKER_CONFIG shows all of them as
// properties text with a data version; UPDATE_BROKER_CONFIG changes known keys (never the black
// listed ones) and rewrites the broker's config file with every value, as Java does. A .toml file
// is rewritten as TOML, so it still loads.

import path from 'node:path';
import { BROKER_FIXED_BLACKLIST } from '../common/config/broker-config.js';
import { formatProperties } from '../common/config/properties.js';
import type { ConfigDef, ConfigOf, Spec } from '../common/config/schema.js';
import { getLogger } from '../common/logger.js';
import { stringifyFastjson } from '../remoting/fastjson.js';
import { createDataVersion, dataVersionToJson, nextDataVersion, type DataVersion } from '../remoting/protocol/topic-config.js';
import { writeAtomically } from './persist/config-file.js';

const log = getLogger('broker');

/** Keys Java holds as null until set; like Java, GET_BROKER_CONFIG leaves them out while they are empty. */
const NULL_WHEN_EMPTY: ReadonlySet<string> = new Set([
  'namesrvAddr', 'storePathDLedgerCommitLog', 'readOnlyCommitLogStorePaths', 'haMasterAddress',
  'dLegerGroup', 'dLegerPeers', 'dLegerSelfId', 'preferredLeaderId',
]);

export interface ConfigPart {
  def: ConfigDef<Spec>;
  cfg: ConfigOf<Spec>;
}

export class BrokerConfiguration {
  readonly dataVersion: DataVersion;
  readonly blackList: ReadonlySet<string>;

  constructor(
    private readonly parts: ConfigPart[],
    /** File UPDATE_BROKER_CONFIG rewrites (Java's brokerConfigPath). */
    readonly storePath: string,
    configBlackList: string,
    private readonly extra: Map<string, unknown> = new Map(),
    private readonly now: () => number = Date.now,
  ) {
    this.dataVersion = createDataVersion(now());
    this.blackList = new Set([...BROKER_FIXED_BLACKLIST, ...configBlackList.split(';').map((s) => s.trim()).filter(Boolean)]);
  }

  private partOf(key: string): ConfigPart | undefined {
    return this.parts.find((p) => p.def.resolveKey(key) !== undefined);
  }

  /** Every key and value as text: the configs' keys first, then the file's other keys. */
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
    for (const [k, v] of this.extra) if (!this.partOf(k)) out.push([k, String(v)]);
    return out;
  }

  /** GET_BROKER_CONFIG's body. */
  formatAll(): string {
    return formatProperties(this.entries());
  }

  /** GET_BROKER_CONFIG's version header: the data version as compact JSON. */
  dataVersionJson(): string {
    return stringifyFastjson(dataVersionToJson(this.dataVersion));
  }

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
      const owners = this.parts.filter((p) => p.def.resolveKey(key) !== undefined);
      if (owners.length > 0) {
        for (const p of owners) p.def.set({ ...p.cfg }, key, value);
        apply.push(() => owners.forEach((p) => p.def.set(p.cfg, key, value)));
      } else if (this.extra.has(key)) {
        apply.push(() => this.extra.set(key, value));
      } else {
        log.warn('update of unknown config key ignored', { key });
      }
    }
    for (const a of apply) a();
    nextDataVersion(this.dataVersion, this.now());
    await this.persist();
  }

  /** Writes every value to the config file; failures are logged, as Java logs them. */
  async persist(): Promise<void> {
    try {
      await writeAtomically(this.storePath, path.extname(this.storePath).toLowerCase() === '.toml' ? this.tomlText() : this.formatAll());
    } catch (err) {
      log.error('cannot persist broker config', { file: this.storePath, err });
    }
  }

  private tomlText(): string {
    const lines: string[] = [];
    const seen = new Set<string>();
    for (const p of this.parts) {
      for (const [k, f] of Object.entries(p.def.spec)) {
        if (seen.has(k)) continue;
        seen.add(k);
        const v = p.cfg[k];
        lines.push(`${k} = ${f.kind === 'string' ? JSON.stringify(String(v)) : String(v)}`);
      }
    }
    for (const [k, v] of this.extra) if (!this.partOf(k)) lines.push(`${JSON.stringify(k)} = ${JSON.stringify(String(v))}`);
    return lines.join('\n') + '\n';
  }
}
