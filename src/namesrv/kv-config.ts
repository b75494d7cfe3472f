// Namespaced key/value configuration of the name server (KVConfigManager), persisted after every
// change to `kvConfigPath` in the file format Java uses:
//   {"configTable":{"<namespace>":{"<key>":"<value>",..},..}}
// Writes replace the file as Java's string2File does (write .tmp, keep the previous file as .bak,
// rename), so a Java name server can read our file and we read Java's. Unlike Java, the write runs
// off the event loop (writes asked for meanwhile share the next one), sizes are limited (KV_LIMITS),
// and log lines give a value's length rather than the value.

import fs from 'node:fs';
import { writeFileAtomic } from '../common/atomic-file.js';
import { ConfigError } from '../common/errors.js';
import { getLogger } from '../common/logger.js';
import { type FJValue, mapEntries, parseFastjson, stringifyFastjson } from '../remoting/fastjson.js';

const log = getLogger('namesrv');

/** Namespace whose entries (topic -> "brokerName:queueNums;...") become route data's orderTopicConf. */
export const NAMESPACE_ORDER_TOPIC_CONFIG = 'ORDER_TOPIC_CONFIG';

export interface KVLimits {
  namespaceMaxLength: number;
  keyMaxLength: number;
  valueMaxLength: number;
  /** Characters of every namespace, key and value together. */
  tableMaxChars: number;
}

/**
 * Java has none. Names are RocketMQ's 255-character names; a value (an order-topic route such as
 * "broker-a:8;broker-b:8", a unit's setting) fits in 64 KiB with room to spare; and the whole table,
 * rewritten on every change, stays a file of a few MiB.
 */
export const KV_LIMITS: Readonly<KVLimits> = {
  namespaceMaxLength: 255,
  keyMaxLength: 255,
  valueMaxLength: 64 * 1024,
  tableMaxChars: 4 * 1024 * 1024,
};

/** Values up to this long are quoted whole in log lines; longer ones by their length only. */
const LOGGED_VALUE_MAX = 128;

export class KVConfigManager {
  private readonly configTable = new Map<string, Map<string, string>>();
  /** Characters of every namespace, key and value in the table. */
  private chars = 0;
  private writing: Promise<void> | null = null;
  private dirty = false;

  constructor(readonly filePath: string, readonly limits: Readonly<KVLimits> = KV_LIMITS) {}

  /** Reads the file if it exists; a file that is not valid JSON stops start-up, as in Java. */
  load(): void {
    let text: string;
    try {
      text = fs.readFileSync(this.filePath, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') log.warn('cannot read KV config', { file: this.filePath, err });
      return;
    }
    if (text.trim() === '') return;
    let doc;
    try {
      doc = parseFastjson(text);
    } catch (err) {
      throw new ConfigError(`cannot parse KV config ${this.filePath}: ${(err as Error).message}`);
    }
    if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
      throw new ConfigError(`KV config ${this.filePath} is not a JSON object`);
    }
    for (const [ns, table] of mapEntries((doc as Record<string, FJValue>).configTable)) {
      const m = new Map<string, string>();
      this.chars += String(ns).length;
      for (const [k, v] of mapEntries(table)) {
        if (v === null) continue;
        m.set(String(k), String(v));
        this.chars += String(k).length + String(v).length;
      }
      this.configTable.set(String(ns), m);
    }
    log.info('KV config loaded', { file: this.filePath, namespaces: this.configTable.size });
  }

  /** Why a put of these would be refused, or null when it fits the limits. */
  refusal(namespace: string, key: string, value: string): string | null {
    const l = this.limits;
    if (namespace.length > l.namespaceMaxLength) return `namespace longer than ${l.namespaceMaxLength} characters`;
    if (key.length > l.keyMaxLength) return `key longer than ${l.keyMaxLength} characters`;
    if (value.length > l.valueMaxLength) return `value longer than ${l.valueMaxLength} characters`;
    const table = this.configTable.get(namespace);
    const old = table?.get(key);
    const grows = (table ? 0 : namespace.length) + (old === undefined ? key.length + value.length : value.length - old.length);
    if (this.chars + grows > l.tableMaxChars) return `KV table full: ${this.chars} of ${l.tableMaxChars} characters used`;
    return null;
  }

  /** Stores an entry (callers check refusal() first); resolves once a file write that holds it ended. */
  put(namespace: string, key: string, value: string): Promise<void> {
    let table = this.configTable.get(namespace);
    if (!table) {
      this.configTable.set(namespace, table = new Map());
      this.chars += namespace.length;
      log.info('KV namespace created', { namespace });
    }
    const old = table.get(key);
    table.set(key, value);
    this.chars += old === undefined ? key.length + value.length : value.length - old.length;
    log.info(old !== undefined ? 'KV config updated' : 'KV config created', { namespace, key, ...valueSummary(value) });
    return this.persist();
  }

  get(namespace: string, key: string): string | undefined {
    return this.configTable.get(namespace)?.get(key);
  }

  delete(namespace: string, key: string): Promise<void> {
    const table = this.configTable.get(namespace);
    if (table) {
      const value = table.get(key);
      table.delete(key);
      if (value !== undefined) this.chars -= key.length + value.length;
      log.info('KV config deleted', { namespace, key, ...(value === undefined ? {} : valueSummary(value)) });
    }
    // Java persists even when nothing was deleted.
    return this.persist();
  }

  /** The namespace's entries, or undefined when the namespace was never created. */
  list(namespace: string): ReadonlyMap<string, string> | undefined {
    return this.configTable.get(namespace);
  }

  namespaces(): string[] {
    return [...this.configTable.keys()];
  }

  /** The file's text, as Java's KVConfigSerializeWrapper.toJson writes it. */
  serialize(): string {
    const configTable = new Map<string, Map<string, string>>();
    for (const [ns, t] of this.configTable) configTable.set(ns, t);
    return stringifyFastjson({ configTable });
  }

  /**
   * Writes the table and resolves once a write that started after this call ended. Failures are
   * logged, not thrown, so a full disk does not fail the request (as in Java). Not synced, as Java's.
   */
  persist(): Promise<void> {
    this.dirty = true;
    return this.writing ??= this.writeWhileDirty();
  }

  /** Resolves when no write is in progress. */
  async flushed(): Promise<void> {
    await this.writing;
  }

  private async writeWhileDirty(): Promise<void> {
    try {
      while (this.dirty) {
        this.dirty = false;
        try {
          await writeFileAtomic(this.filePath, this.serialize(), 'page-cache');
        } catch (err) {
          log.error('cannot persist KV config', { file: this.filePath, err });
        }
      }
    } finally {
      this.writing = null;
    }
  }
}

function valueSummary(value: string): Record<string, unknown> {
  return value.length <= LOGGED_VALUE_MAX ? { value, valueLength: value.length } : { valueLength: value.length };
}
