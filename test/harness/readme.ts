// What the README tests share: the shell blocks of one README section, and the environment that
// runs them as a user would, in a temporary HOME (where the sample configs keep their stores).

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../../src/common/runtime.js';

/** The ```sh blocks of the README section under `heading`, each as its non-empty trimmed lines. */
export function readmeShellBlocks(heading: string): string[][] {
  const readme = fs.readFileSync(path.join(packageRoot, 'README.md'), 'utf8');
  const start = readme.indexOf(heading);
  assert.ok(start >= 0, `README has the section ${heading}`);
  const rest = readme.slice(start + heading.length);
  const section = rest.slice(0, rest.search(/^## /m) >>> 0);
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((b) => b[1]!.split('\n').map((l) => l.trim()).filter(Boolean));
}

/** An environment whose HOME, run directory and temp directory are `home`, with no NAMESRV_ADDR. */
export function readmeEnv(home: string): Record<string, string | undefined> {
  return { HOME: home, USERPROFILE: home, MQ_RUN_DIR: path.join(home, 'run'), TMPDIR: home, NAMESRV_ADDR: undefined };
}
