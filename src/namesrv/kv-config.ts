// Namespaced key/value configuration of the name server (KVConfigManager), persisted after every
// change to `kvConfigPath` in the file format Java uses:
//   {"configTable":{"<namespace>":{"<key>":"<value>",..},..}}
// Writes replace the file as Java's string2File does (write .tmp, keep the previous file as .bak,
// rename), so a Java name server can read our file and we read Java's.

import fs from 'node:fs';
import { writeFileAtomicSync } from '../common/atomic-file.js';
import { ConfigError } from '../common/errors.js';
import { getLogger } from '../common/logger.js';
import { type FJValue, mapEntries, parseFastjson, stringifyFastjson } from '../remoting/fastjson.js';

const log = getLogger('namesrv');

/** Namespace whose entries (topic -> "brokerName:queueNums;...") become route data's orderTopicConf. */
export const NAMESPACE_ORDER_TOPIC_CONFIG = 'ORDER_TOPIC_CONFIG';

export class KVConfigManager {
  private readonly configTable = new Map<string, Map<string, string>>();

  constructor(readonly filePath: string) {}

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
      for (const [k, v] of mapEntries(table)) if (v !== null) m.set(String(k), String(v));
      this.configTable.set(String(ns), m);
    }
    log.info('KV config loaded', { file: this.filePath, namespaces: this.configTable.size });
  }

  put(namespace: string, key: string, value: string): void {
    let table = this.configTable.get(namespace);
    if (!table) {
      this.configTable.set(namespace, table = new Map());
      log.info('KV namespace created', { namespace });
    }
    const existed = table.has(key);
    table.set(key, value);
    log.info(existed ? 'KV config updated' : 'KV config created', { namespace, key, value });
    this.persist();
  }

  get(namespace: string, key: string): string | undefined {
    return this.configTable.get(namespace)?.get(key);
  }

  delete(namespace: string, key: string): void {
    const table = this.configTable.get(namespace);
    if (table) {
      const value = table.get(key);
      table.delete(key);
      log.info('KV config deleted', { namespace, key, value });
    }
    // Java persists even when nothing was deleted.
    this.persist();
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

  /** Writes the table; failures are logged, not thrown, so a full disk does not fail the request (as in Java). */
  persist(): void {
    try {
      // Finished before the request is answered; not synced, as Java's: an admin change, rarely made.
      writeFileAtomicSync(this.filePath, this.serialize(), 'page-cache');
    } catch (err) {
      log.error('cannot persist KV config', { file: this.filePath, err });
    }
  }
}
