// Replacing a small text file the way Java's MixAll.string2File does, so that readers and a crash
// see the old content or the new one, never a mix: the new text goes to <file>.tmp, the current
// content (if any) is copied to <file>.bak, then <file>.tmp is renamed over <file>. Java's loaders
// fall back to <file>.bak, and so do ours.
//
// How durable a write is depends on the file, so every caller names it where it writes:
//   'fsync'       the .tmp is synced before the rename, so a crash or power cut cannot leave an
//                 empty or torn file in place of the old one (Java does not sync here)
//   'page-cache'  as Java: the bytes reach the OS, which writes them out later; a power cut right
//                 after the rename may lose the new content

import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';

export type Durability = 'fsync' | 'page-cache';

export function backupFileOf(file: string): string {
  return `${file}.bak`;
}

function tmpFileOf(file: string): string {
  return `${file}.tmp`;
}

const isMissing = (err: unknown): boolean => (err as NodeJS.ErrnoException).code === 'ENOENT';

/** Writes `text` to `file` atomically, keeping the previous content as <file>.bak. */
export async function writeFileAtomic(file: string, text: string, durability: Durability): Promise<void> {
  await fsp.mkdir(path.dirname(file), { recursive: true });
  const tmp = tmpFileOf(file);
  const fh = await fsp.open(tmp, 'w');
  try {
    await fh.writeFile(text, 'utf8');
    if (durability === 'fsync') await fh.sync();
  } finally {
    await fh.close();
  }
  await fsp.copyFile(file, backupFileOf(file)).catch((err: unknown) => {
    if (!isMissing(err)) throw err;
  });
  await fsp.rename(tmp, file);
}

/** writeFileAtomic for callers that must finish before they return (it blocks the event loop). */
export function writeFileAtomicSync(file: string, text: string, durability: Durability): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = tmpFileOf(file);
  const fd = fs.openSync(tmp, 'w');
  try {
    fs.writeFileSync(fd, text, 'utf8');
    if (durability === 'fsync') fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.copyFileSync(file, backupFileOf(file));
  } catch (err) {
    if (!isMissing(err)) throw err;
  }
  fs.renameSync(tmp, file);
}
