// One of the broker's JSON files under <storePathRootDir>/config (topics.json, subscriptionGroup.json,
// consumerOffset.json, delayOffset.json), kept the way Java's ConfigManager keeps it: the previous
// content survives as <file>.bak, and a missing or empty file is read from its .bak. Writes are
// atomic (a .tmp file renamed over the old one), asynchronous, and coalesced: asking for a write
// while one runs makes exactly one more, with the state of that moment.

import fs from 'node:fs';
import { backupFileOf, writeFileAtomic } from '../../common/atomic-file.js';
import { getLogger } from '../../common/logger.js';

const log = getLogger('broker');

export class ConfigFile {
  private writing: Promise<void> | null = null;
  private dirty = false;

  /** `encode` renders the current state; it runs when a write starts, not when it is asked for. */
  constructor(readonly file: string, private readonly encode: () => string) {}

  /**
   * The file's text, or its .bak's when the file is missing or empty, or null when neither has
   * any. Read once at start-up, so it reads synchronously.
   */
  loadText(): string | null {
    for (const f of [this.file, backupFileOf(this.file)]) {
      let text: string;
      try {
        text = fs.readFileSync(f, 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') log.warn('cannot read config file', { file: f, err });
        continue;
      }
      if (text.length > 0) {
        if (f !== this.file) log.warn('config file missing or empty, read its backup', { file: this.file });
        return text;
      }
    }
    return null;
  }

  /** Schedules a write of the current state; cheap to call on every change. */
  persist(): void {
    this.dirty = true;
    if (!this.writing) this.writing = this.writeLoop();
  }

  /** Writes now if anything changed, and resolves when everything asked for is on disk. */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
  }

  /** persist() then flush(): the state of this moment is on disk when it resolves. */
  async persistNow(): Promise<void> {
    this.persist();
    await this.flush();
  }

  private async writeLoop(): Promise<void> {
    try {
      while (this.dirty) {
        this.dirty = false;
        try {
          // Synced: topics, groups and offsets must not come back empty after a power cut.
          await writeFileAtomic(this.file, this.encode(), 'fsync');
        } catch (err) {
          log.error('cannot persist config file', { file: this.file, err });
        }
      }
    } finally {
      this.writing = null;
    }
  }
}
