// How to write an `mq` command line the user can paste: `mq` when that name on PATH is this
// installation, `npx mq` inside a checkout or project that has it, `npx -p <package> mq` when npx
// fetched it, and otherwise the runtime and script path that ran this process.

import fs from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../common/runtime.js';

function realpath(p: string): string | undefined {
  try {
    return fs.realpathSync(p);
  } catch {
    return undefined;
  }
}

let pkg: { name: string; version: string } | undefined;

/** Name (what `npm install -g` takes) and version from this package's package.json. */
export function packageInfo(): { name: string; version: string } {
  if (!pkg) {
    try {
      const j = JSON.parse(fs.readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { name?: string; version?: string };
      pkg = { name: j.name ?? 'mq', version: j.version ?? '0.0.0' };
    } catch {
      pkg = { name: 'mq', version: '0.0.0' };
    }
  }
  return pkg;
}

/** Whether `mq` on PATH (outside npx's temporary additions) runs this very installation. */
function onPath(env: NodeJS.ProcessEnv): boolean {
  const self = realpath(path.join(packageRoot, 'bin', 'run.js'));
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    // npx puts the package's bin folders on PATH only for the command it runs.
    if (!dir || (env.npm_command === 'exec' && dir.includes(`${path.sep}node_modules${path.sep}.bin`))) continue;
    const target = realpath(path.join(dir, 'mq'));
    if (target !== undefined && target === self) return true;
  }
  return false;
}

/** Whether `cwd` lies inside the folder holding this package (a checkout, or a project depending on it). */
function insideProject(cwd: string): boolean {
  const root = realpath(packageRoot);
  const here = realpath(cwd);
  if (!root || !here) return false;
  const project = root.includes(`${path.sep}node_modules${path.sep}`)
    ? root.slice(0, root.lastIndexOf(`${path.sep}node_modules${path.sep}`))
    : root;
  return here === project || here.startsWith(project + path.sep);
}

/** The command prefix that runs `mq` again for the user of this process. */
export function mqInvocation(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  if (onPath(env)) return 'mq';
  if (insideProject(cwd) && !packageRoot.includes(`${path.sep}_npx${path.sep}`)) return 'npx mq';
  if (env.npm_command === 'exec') return `npx -p ${packageInfo().name} mq`;
  const script = process.argv[1] ?? path.join(packageRoot, 'bin', 'run.js');
  return `${path.basename(process.execPath)} ${script}`;
}
