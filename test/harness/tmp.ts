// Temporary directories that are removed when the test that made them ends, even on failure.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { atExit } from './processes.js';

const made = new Set<string>();

/** A fresh empty directory under the OS temp dir. Pass `t` (a node:test context) to remove it after the test. */
export function tmpDir(prefix = 'mq-test-', t?: { after(fn: () => void): void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.add(dir);
  t?.after(() => removeDir(dir));
  return dir;
}

/** A temp store directory, optionally seeded with a copy of `from`. */
export function tmpStore(t?: { after(fn: () => void): void }, from?: string): string {
  const dir = tmpDir('mq-store-', t);
  if (from) fs.cpSync(from, dir, { recursive: true });
  return dir;
}

export function removeDir(dir: string): void {
  // Retries cover a file written behind (a config persist) racing the removal: ENOTEMPTY.
  fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 20 });
  made.delete(dir);
}

// Whatever a test's hooks did not remove goes when the test process exits (after its children).
atExit(() => {
  for (const d of made) {
    try {
      fs.rmSync(d, { recursive: true, force: true });
    } catch {
      // best effort at exit
    }
  }
});
