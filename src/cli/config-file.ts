// Loads a server's -c config file (Java .properties, or TOML by extension) into its role configs,
// the way every `mq <server> start` does: a bad value fails with the file and key named; each
// unknown key (with the nearest known one) and each old spelling gets one warning line, and one
// line names every key the file sets that mq reads but does not act on.

import { applyConfig, nearestKey, readConfigFile } from '../common/config/load.js';
import type { ConfigDef, ConfigOf, Spec } from '../common/config/schema.js';
import { resolveTlsConfig, type TlsConfig, TlsConfigDef } from '../common/config/tls-config.js';
import { ConfigError } from '../common/errors.js';
import { getLogger } from '../common/logger.js';

const log = getLogger('config');

export interface ConfigTarget {
  def: ConfigDef<Spec>;
  cfg: ConfigOf<Spec>;
}

/** Binds a typed config to its definition for applyConfig, which works on the erased shape. */
export function target<S extends Spec>(def: ConfigDef<S>, cfg: ConfigOf<S>): ConfigTarget {
  return { def: def as unknown as ConfigDef<Spec>, cfg: cfg as ConfigOf<Spec> };
}

/**
 * Reads `file` into `targets`. Returns the keys no target owns, with their raw values, which Java
 * keeps alongside the config (GET_*_CONFIG shows them).
 */
export function loadConfigFile(file: string, targets: ConfigTarget[]): Map<string, unknown> {
  const raw = readConfigFile(file);
  let result;
  try {
    result = applyConfig(raw, targets);
  } catch (err) {
    if (err instanceof ConfigError) throw new ConfigError(`${file}: ${err.message}`);
    throw err;
  }
  for (const [written, canonical] of result.aliasesUsed) {
    log.warn(`${file}: ${written} is the old spelling of ${canonical}; read as ${canonical}`);
  }
  if (result.inertKeys.length > 0) {
    log.warn(`${file}: keys read but not acted on: ${result.inertKeys.join(', ')} (see README, Limitations)`);
  }
  const unknown = new Map<string, unknown>();
  const defs = targets.map((t) => t.def);
  for (const key of result.unknownKeys) {
    const near = nearestKey(key, defs);
    log.warn(`${file}: ${key}: unknown key, ignored${near ? `; did you mean ${near}?` : ''}`);
    unknown.set(key, raw.get(key));
  }
  return unknown;
}

/**
 * The tls.* settings of a server: its -c file may carry the keys Java takes as system properties
 * (they override the environment's, and tls.config.file overrides them; see tls-config.ts).
 */
export function loadServerTlsConfig(file: string | undefined): TlsConfig {
  if (!file) return resolveTlsConfig();
  const raw = readConfigFile(file);
  try {
    return resolveTlsConfig([...raw].filter(([k]) => k.startsWith('tls.')));
  } catch (err) {
    if (err instanceof ConfigError) throw new ConfigError(`${file}: ${err.message}`);
    throw err;
  }
}

/** Lets a server's config file carry tls.* keys without an unknown-key warning (loadServerTlsConfig reads them). */
export function tlsKeysTarget(): ConfigTarget {
  return target(TlsConfigDef, TlsConfigDef.defaults());
}
