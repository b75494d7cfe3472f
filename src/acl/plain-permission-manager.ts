// The loaded plain ACL of one RocketMQ home (Java's PlainPermissionManager): every ACL file parsed
// once into accounts and white-address matchers, merged into one immutable snapshot that each
// request is checked against, re-read when a file changes, and rewritten by the management
// requests. Merging follows Java: global white addresses of all files add up; an access key
// belongs to the first file (in load order) that defines it, later definitions are ignored.
// A file that fails to load at start is an error; one that breaks later keeps its last good
// content, with one log line.

import { setInterval } from 'node:timers';
import fs from 'node:fs';
import path from 'node:path';
import { getLogger } from '../common/logger.js';
import type { AclConfig, PlainAccessConfig } from '../remoting/protocol/acl.js';
import { createDataVersion, type DataVersion } from '../remoting/protocol/topic-config.js';
import { AclError, javaText } from './acl-error.js';
import { ACCESS_KEY_MIN_LENGTH, type AclAccount, buildAccount, checkPlainAccessConfig, SECRET_KEY_MIN_LENGTH } from './account.js';
import {
  type AclFileData,
  aclFileData,
  type AclYaml,
  CONFIG_ACCOUNTS,
  CONFIG_DATA_VERSION,
  CONFIG_GLOBAL_WHITE_ADDRS,
  type FileText,
  parseAclYaml,
  readFileText,
  writeAclYaml,
} from './acl-file.js';
import { type AclPaths, aclPaths, ensureDefaultFile, fileStamp, isAclFile, listAclFiles } from './acl-paths.js';
import { checkResourcePerms } from './permission.js';
import { type RemoteAddressMatcher, remoteAddressMatcher } from './remote-address.js';

const log = getLogger('acl');

export interface PlainAclOptions {
  /** The RocketMQ home: conf/acl/ and the default file are read under it. */
  rocketmqHome: string;
  /** The default file relative to the home (Java's rocketmq.acl.plain.file); default: aclFileSetting(). */
  aclFile?: string;
  /** How often the files are polled for changes, in ms (Java: 5000); 0 turns watching off. Default 500. */
  watchIntervalMs?: number;
}

interface LoadedFile {
  readonly path: string;
  /** Stamp of the file when last looked at; the content below may be older if the file broke. */
  stamp: string | undefined;
  readonly hash: string;
  readonly data: AclFileData;
  readonly accounts: readonly AclAccount[];
  readonly whites: readonly RemoteAddressMatcher[];
  /** Undefined for an empty file, which Java leaves out of the version table. */
  readonly version: DataVersion | undefined;
}

/** What requests are checked against; replaced whole, never changed in place. */
export interface AclSnapshot {
  readonly globalWhites: readonly RemoteAddressMatcher[];
  /** Access key -> the account and the file it came from. */
  readonly accounts: ReadonlyMap<string, { readonly account: AclAccount; readonly file: string }>;
}

function loadFile(file: string, text: FileText, stamp: string | undefined): LoadedFile {
  const raw = parseAclYaml(text.text, file);
  const data = aclFileData(raw, file);
  return {
    path: file,
    stamp,
    hash: text.hash,
    data,
    accounts: data.accounts.map(buildAccount),
    whites: data.globalWhiteRemoteAddresses.map(remoteAddressMatcher),
    version: raw === null ? undefined : data.dataVersion ?? createDataVersion(),
  };
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0]!;
}

export class PlainPermissionManager {
  readonly paths: AclPaths;
  private files = new Map<string, LoadedFile>();
  private current: AclSnapshot = { globalWhites: [], accounts: new Map() };
  /** The default file's version (the deprecated single version Java still sends). */
  private defaultVersion: DataVersion = createDataVersion();
  private timer: ReturnType<typeof setInterval> | undefined;

  /** Loads every ACL file; throws AclError when one cannot be used. Starts watching unless told not to. */
  constructor(opts: PlainAclOptions) {
    this.paths = aclPaths(opts.rocketmqHome, opts.aclFile);
    try {
      ensureDefaultFile(this.paths);
    } catch (err) {
      throw new AclError(`cannot create the ACL file ${this.paths.defaultAclFile}: ${firstLine(err)}`);
    }
    this.refresh(true);
    const every = opts.watchIntervalMs ?? 500;
    if (every > 0) {
      this.timer = setInterval(() => {
        try {
          this.refresh(false);
        } catch (err) {
          log.error(`ACL reload failed: ${firstLine(err)}`);
        }
      }, every);
      this.timer.unref?.();
    }
  }

  get snapshot(): AclSnapshot {
    return this.current;
  }

  /** Stops watching the files. */
  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /**
   * Re-reads the files that changed (and picks up added and removed ones); true when the snapshot
   * changed. `strict` throws on a file that does not load instead of keeping its last good content.
   */
  refresh(strict = false): boolean {
    const list = listAclFiles(this.paths);
    const before = [...this.files.keys()];
    let changed = list.length !== before.length || list.some((p, i) => before[i] !== p);
    const next = new Map<string, LoadedFile>();
    for (const file of list) {
      const prev = this.files.get(file);
      const stamp = fileStamp(file);
      if (prev && stamp !== undefined && prev.stamp === stamp) {
        next.set(file, prev);
        continue;
      }
      let loaded: LoadedFile | undefined;
      try {
        const text = readFileText(file);
        if (!text) {
          changed = true;
          continue;
        }
        if (prev && prev.hash === text.hash) {
          prev.stamp = stamp;
          next.set(file, prev);
          continue;
        }
        loaded = loadFile(file, text, stamp);
      } catch (err) {
        if (strict) throw err instanceof AclError ? err : new AclError(`cannot load ACL file ${file}: ${firstLine(err)}`);
        log.error(`ACL file ${file} is not usable, ${prev ? 'keeping its last good content' : 'ignoring it'}: ${firstLine(err)}`);
        if (prev) {
          prev.stamp = stamp;
          next.set(file, prev);
        }
        continue;
      }
      if (loaded.version === undefined) log.warn(`No data in ACL file ${file}`);
      next.set(file, loaded);
      changed = true;
    }
    if (!changed) return false;
    this.files = next;
    this.current = compose(next);
    const dflt = next.get(this.paths.defaultAclFile)?.version;
    if (dflt) this.defaultVersion = { ...dflt };
    log.info('ACL loaded', {
      files: next.size,
      accounts: this.current.accounts.size,
      globalWhiteAddresses: this.current.globalWhites.length,
    });
    return true;
  }

  /** Adds or changes an account, in the file that has it or else the default file (updateAccessConfig). */
  updateAccessConfig(config: PlainAccessConfig | undefined | null): boolean {
    if (!config) throw new AclError('Parameter value plainAccessConfig is null, Please check your parameter');
    checkPlainAccessConfig(config);
    checkResourcePerms(config.topicPerms);
    checkResourcePerms(config.groupPerms);
    const file = this.current.accounts.get(config.accessKey)?.file ?? this.paths.defaultAclFile;
    this.rewrite(file, (raw) => {
      const accounts = Array.isArray(raw[CONFIG_ACCOUNTS]) ? (raw[CONFIG_ACCOUNTS] as unknown[]) : [];
      const i = accounts.findIndex((a) => accessKeyOf(a) === config.accessKey);
      // The changed account moves to the end, as Java's list remove-and-add does.
      const existing = i >= 0 ? (accounts.splice(i, 1)[0] as Record<string, unknown>) : undefined;
      accounts.push(mergeAccount(existing, config));
      raw[CONFIG_ACCOUNTS] = accounts;
      return true;
    });
    return true;
  }

  /** Removes an account from its file; false when no file has it. */
  deleteAccessConfig(accessKey: string | undefined | null): boolean {
    if (!accessKey) {
      log.warn('deleteAccessConfig: no access key given');
      return false;
    }
    const owner = this.current.accounts.get(accessKey);
    if (!owner) return false;
    return this.rewrite(owner.file, (raw) => {
      const accounts = raw[CONFIG_ACCOUNTS];
      if (!Array.isArray(accounts)) return false;
      const i = accounts.findIndex((a) => accessKeyOf(a) === accessKey);
      if (i < 0) return false;
      accounts.splice(i, 1);
      return true;
    });
  }

  /**
   * Replaces the global white addresses of one ACL file (the default file when none is named).
   * False, with a log line, for a file that is not one of this home's ACL files.
   */
  updateGlobalWhiteAddrsConfig(addresses: readonly string[] | undefined | null, fileName?: string | null): boolean {
    const file = fileName ? path.resolve(fileName) : this.paths.defaultAclFile;
    if (!addresses) {
      log.warn('updateGlobalWhiteAddrsConfig: no address list given');
      return false;
    }
    let isFile = false;
    try {
      isFile = fs.statSync(file).isFile();
    } catch {
      isFile = false;
    }
    if (!isFile || !isAclFile(this.paths, file)) {
      log.warn(`updateGlobalWhiteAddrsConfig: ${file} is not an ACL file of ${this.paths.rocketmqHome}`);
      return false;
    }
    return this.rewrite(file, (raw) => {
      raw[CONFIG_GLOBAL_WHITE_ADDRS] = [...addresses];
      return true;
    });
  }

  /** Every file's global white addresses and every account (the first definition of each key). */
  getAllAclConfig(): AclConfig {
    const globalWhiteAddrs: string[] = [];
    const plainAccessConfigs: PlainAccessConfig[] = [];
    const seen = new Set<string>();
    for (const f of this.files.values()) {
      for (const w of f.data.globalWhiteRemoteAddresses) if (w !== undefined) globalWhiteAddrs.push(w);
      for (const a of f.data.accounts) {
        if (a.accessKey === undefined || seen.has(a.accessKey)) continue;
        seen.add(a.accessKey);
        plainAccessConfigs.push(structuredClone(a));
      }
    }
    return { globalWhiteAddrs, plainAccessConfigs };
  }

  /** The default file's version (deprecated in Java, still sent as GET_BROKER_CLUSTER_ACL_INFO's version). */
  getAclConfigVersion(): DataVersion {
    return { ...this.defaultVersion };
  }

  /** File path -> version, for every file with content. */
  getAllAclConfigVersion(): Map<string, DataVersion> {
    const out = new Map<string, DataVersion>();
    for (const f of this.files.values()) if (f.version) out.set(f.path, { ...f.version });
    return out;
  }

  /**
   * Re-reads `file`, lets `mutate` change its mapping (false: nothing to do), advances its
   * dataVersion, checks that the result loads, writes it atomically and reloads.
   */
  private rewrite(file: string, mutate: (raw: AclYaml) => boolean): boolean {
    const text = readFileText(file);
    const raw: AclYaml = (text && parseAclYaml(text.text, file)) || {};
    if (!mutate(raw)) return false;
    raw[CONFIG_DATA_VERSION] = [nextVersion(raw[CONFIG_DATA_VERSION])];
    const data = aclFileData(raw, file);
    data.accounts.forEach(buildAccount);
    data.globalWhiteRemoteAddresses.forEach(remoteAddressMatcher);
    writeAclYaml(file, raw);
    this.refresh(false);
    return true;
  }
}

function compose(files: ReadonlyMap<string, LoadedFile>): AclSnapshot {
  const globalWhites: RemoteAddressMatcher[] = [];
  const accounts = new Map<string, { account: AclAccount; file: string }>();
  for (const f of files.values()) {
    globalWhites.push(...f.whites);
    for (const account of f.accounts) {
      if (accounts.has(account.accessKey)) {
        log.warn(`The accessKey ${account.accessKey} is repeated in multiple ACL files; the first definition is used`, { file: f.path });
        continue;
      }
      accounts.set(account.accessKey, { account, file: f.path });
    }
  }
  return { globalWhites, accounts };
}

function accessKeyOf(account: unknown): string | undefined {
  if (typeof account !== 'object' || account === null) return undefined;
  const ak = (account as Record<string, unknown>).accessKey;
  return ak === undefined || ak === null ? undefined : String(ak);
}

/** The next dataVersion element: the counter advanced, the time now (updateAclConfigFileVersion). */
function nextVersion(versions: unknown): Record<string, number> {
  const first = Array.isArray(versions) ? (versions[0] as Record<string, unknown> | undefined) : undefined;
  const counter = first && first.counter !== undefined && first.counter !== null ? Number(first.counter) : 0;
  return { counter: (Number.isFinite(counter) ? counter : 0) + 1, timestamp: Date.now() };
}

/**
 * An account entry with the request's values laid over the entry it replaces (createAclAccessConfigMap):
 * the secret key and default permissions only when given, the admin flag always.
 */
function mergeAccount(existing: Record<string, unknown> | undefined, c: PlainAccessConfig): Record<string, unknown> {
  const m: Record<string, unknown> = existing ?? {};
  if (!c.accessKey || c.accessKey.length <= ACCESS_KEY_MIN_LENGTH) {
    throw new AclError(`The accessKey=${javaText(c.accessKey)} cannot be null and length should longer than 6`);
  }
  m.accessKey = c.accessKey;
  if (c.secretKey) {
    if (c.secretKey.length <= SECRET_KEY_MIN_LENGTH) throw new AclError(`The secretKey=${c.secretKey} value length should longer than 6`);
    m.secretKey = c.secretKey;
  }
  if (c.whiteRemoteAddress !== undefined) m.whiteRemoteAddress = c.whiteRemoteAddress;
  m.admin = c.admin;
  if (c.defaultTopicPerm) m.defaultTopicPerm = c.defaultTopicPerm;
  if (c.defaultGroupPerm) m.defaultGroupPerm = c.defaultGroupPerm;
  if (c.topicPerms !== undefined) m.topicPerms = [...c.topicPerms];
  if (c.groupPerms !== undefined) m.groupPerms = [...c.groupPerms];
  return m;
}
