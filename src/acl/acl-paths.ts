// Which files make up the plain ACL of a RocketMQ home (4.9.4+ layout) and how they are watched:
//   <home>/conf/acl/**/*.yml|*.yaml   every ACL file in the directory and its subdirectories
//                                     (conf/acl/tools.yml excepted: client credentials)
//   <home>/<rocketmq.acl.plain.file>  the default file, conf/plain_acl.yml unless the property
//                                     (an option, or the environment) names another path under the home; new
//                                     accounts and global white addresses are written to it
// Directory entries are taken in name order (Java takes the directory's order), the default file
// last unless it lies in conf/acl. A change is noticed by stamp (mtime, ctime, size, inode) and
// confirmed by content hash, so a touch or our own write does not reload anything.

import fs from 'node:fs';
import path from 'node:path';

export const DEFAULT_PLAIN_ACL_FILE = 'conf/plain_acl.yml';
export const ACL_DIR = 'conf/acl';
export const TOOLS_FILE = 'tools.yml';

export interface AclPaths {
  rocketmqHome: string;
  /** Absolute path of conf/acl. */
  aclDir: string;
  /** Absolute path of the default file. */
  defaultAclFile: string;
}

/**
 * The default file setting when none is given: Java's system property rocketmq.acl.plain.file, taken
 * here from the environment under that name or as ROCKETMQ_ACL_PLAIN_FILE (as rocketmq.serialize.type is).
 */
export function aclFileSetting(env: NodeJS.ProcessEnv = process.env): string {
  return env['rocketmq.acl.plain.file'] || env.ROCKETMQ_ACL_PLAIN_FILE || DEFAULT_PLAIN_ACL_FILE;
}

/** As Java joins them: the property is always taken relative to the home, even when it starts with a slash. */
export function aclPaths(rocketmqHome: string, aclFile: string = aclFileSetting()): AclPaths {
  const home = path.resolve(rocketmqHome);
  return { rocketmqHome: home, aclDir: path.join(home, ACL_DIR), defaultAclFile: path.join(home, aclFile) };
}

function isYaml(name: string): boolean {
  return name.endsWith('.yml') || name.endsWith('.yaml');
}

function walk(dir: string, top: string, out: string[]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (dir === top && e.name === TOOLS_FILE) continue;
    if (e.isDirectory()) walk(p, top, out);
    else if (isYaml(e.name) && e.isFile()) out.push(p);
  }
}

/** Every ACL file, in load order. */
export function listAclFiles(paths: AclPaths): string[] {
  const out: string[] = [];
  walk(paths.aclDir, paths.aclDir, out);
  if (!out.includes(paths.defaultAclFile) && fs.existsSync(paths.defaultAclFile)) out.push(paths.defaultAclFile);
  return out;
}

/** Whether `file` is one of the home's ACL files (the default file, or a YAML file under conf/acl). */
export function isAclFile(paths: AclPaths, file: string): boolean {
  const p = path.resolve(file);
  if (p === paths.defaultAclFile) return true;
  const rel = path.relative(paths.aclDir, p);
  return isYaml(p) && rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) && rel !== TOOLS_FILE;
}

/** What tells a changed file from an unchanged one without reading it; undefined when it is gone. */
export function fileStamp(file: string): string | undefined {
  try {
    const st = fs.statSync(file);
    return `${st.mtimeMs}:${st.ctimeMs}:${st.size}:${st.ino}`;
  } catch {
    return undefined;
  }
}

/** Java creates the default file when it is missing, so there is always a file to write global white addresses to. */
export function ensureDefaultFile(paths: AclPaths): void {
  try {
    fs.writeFileSync(paths.defaultAclFile, '', { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return;
    throw err;
  }
}
