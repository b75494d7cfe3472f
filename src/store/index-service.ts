// The message index: keys `topic#key` for every key in KEYS (space separated) and for UNIQ_KEY,
// hashed as Java's abs(String.hashCode) into index files that fill up one after another
// (IndexService). Hashes are computed on the properties string in place, without building keys.

import path from 'node:path';
import { getLogger } from '../common/logger.js';
import { indexKeyHash, javaHashCode } from '../common/message/java-hash.js';
import type { PropertyScan } from '../common/message/properties.js';
import { parseDate, timeMillisToHumanString } from '../common/time-format.js';
import type { StoreClock } from './clock.js';
import { listStoreFiles, mkdirp, unlinkFile } from './file-io.js';
import type { FilePool } from './file-pool.js';
import { IndexFile } from './index-file.js';

const log = getLogger('store');
const HASH_MARK = 35; // '#'
const SPACE = 32;

export interface QueryOffsetResult {
  phyOffsets: number[];
  indexLastUpdateTimestamp: number;
  indexLastUpdatePhyoffset: number;
}

export class IndexService {
  readonly files: IndexFile[] = [];
  /** Dispatch skips messages below this offset: they are indexed already. */
  indexedUpTo = 0;
  /** Where a replay must start for the index to miss nothing (a record boundary). */
  resumeFrom = 0;
  /** Called with a full file's end timestamp once it is sealed on disk (checkpoint indexMsgTimestamp). */
  onSealed: (endTimestamp: number) => void = () => undefined;
  private readonly sealing = new Set<Promise<void>>();

  constructor(
    private readonly dir: string,
    private readonly hashSlotNum: number,
    private readonly indexNum: number,
    private readonly maxMsgsNumBatch: number,
    private readonly pool: FilePool,
    private readonly clock: StoreClock,
  ) {}

  private get expectedSize(): number {
    return 40 + this.hashSlotNum * 4 + this.indexNum * 20;
  }

  async load(): Promise<void> {
    await mkdirp(this.dir);
    const what = `maxHashSlotNum=${this.hashSlotNum} with maxIndexNum=${this.indexNum}`;
    for (const file of await listStoreFiles(this.dir, /^\d{17}$/, this.expectedSize, what)) {
      this.files.push(await IndexFile.load(this.pool.file(file), this.hashSlotNum, this.indexNum));
    }
  }

  /** After a clean shutdown: every file is whole; the last one takes keys again unless full. */
  async recoverNormally(): Promise<void> {
    const last = this.files[this.files.length - 1];
    if (last && !last.isWriteFull) await last.openForWrites();
    this.indexedUpTo = last && (last.indexCount > 1 || last.endPhyOffset > 0) ? last.endPhyOffset + 1 : 0;
    this.resumeFrom = last ? last.endPhyOffset : 0;
  }

  /**
   * After a crash: files past the valid commit-log end go, files not known to be sealed get their
   * slot tables rebuilt from their entries, and the last message indexed in the last file is
   * dropped so replay indexes all of its keys again.
   */
  async recoverAfterCrash(validEnd: number, sealedUpToTimestamp: number): Promise<void> {
    while (this.files.length > 0) {
      const last = this.files[this.files.length - 1]!;
      if (!(last.indexCount > 1 && last.beginPhyOffset >= validEnd)) break;
      this.files.pop();
      log.warn('deleting index file past the commit-log end', { file: last.path });
      await last.file.dispose();
      await unlinkFile(last.path);
    }
    for (let i = 0; i < this.files.length - 1; i++) {
      const f = this.files[i]!;
      if (f.endTimestamp > sealedUpToTimestamp) {
        await f.rebuild(validEnd);
        await f.seal();
      }
    }
    const last = this.files[this.files.length - 1];
    if (!last) {
      this.indexedUpTo = this.resumeFrom = 0;
      return;
    }
    const lastPhy = await last.rebuild(validEnd);
    if (lastPhy >= 0) {
      await last.rebuild(lastPhy);
      this.indexedUpTo = this.resumeFrom = lastPhy;
    } else {
      this.indexedUpTo = last.endPhyOffset > 0 ? last.endPhyOffset + 1 : 0;
      this.resumeFrom = last.endPhyOffset;
    }
    if (last.isWriteFull) await last.seal();
  }

  /** The file taking keys, a new one when the last is full or there is none. */
  private activeFile(): IndexFile {
    const last = this.files[this.files.length - 1];
    if (last && last.takesKeys && !last.isWriteFull) return last;
    // Names must sort after the existing ones; two files in one millisecond take the next one.
    let name = timeMillisToHumanString(this.clock.now());
    const newest = last ? path.basename(last.path) : '';
    if (name <= newest) name = timeMillisToHumanString(parseDate(newest, 'yyyyMMddHHmmssSSS') + 1);
    const file = this.pool.file(path.join(this.dir, name));
    const created = IndexFile.create(file, this.hashSlotNum, this.indexNum, last?.endPhyOffset ?? 0, last?.endTimestamp ?? 0);
    this.files.push(created);
    if (last && last.takesKeys) this.seal(last);
    return created;
  }

  private seal(f: IndexFile): void {
    const p = f
      .seal()
      .then(() => this.onSealed(f.endTimestamp))
      .catch((err) => log.error('cannot seal a full index file', { file: f.path, err }))
      .finally(() => this.sealing.delete(p));
    this.sealing.add(p);
  }

  private readonly topicSeeds = new Map<string, number>();

  /** The hash of "topic#", from which a key's hash continues. */
  private topicSeed(topic: string): number {
    let seed = this.topicSeeds.get(topic);
    if (seed === undefined) {
      seed = (Math.imul(31, javaHashCode(topic)) + HASH_MARK) | 0;
      if (this.topicSeeds.size > 100_000) this.topicSeeds.clear();
      this.topicSeeds.set(topic, seed);
    }
    return seed;
  }

  /** Indexes the keys of one stored message; `p` has scanned `props`. */
  buildIndex(topic: string, props: string, p: PropertyScan, phyOffset: number, storeTimestamp: number): void {
    if (phyOffset < this.indexedUpTo || (p.uniqStart < 0 && p.keysStart < 0)) return;
    const seed = this.topicSeed(topic);
    if (p.uniqStart >= 0) this.putKey(indexKeyHash(javaHashCode(props, p.uniqStart, p.uniqEnd, seed)), phyOffset, storeTimestamp);
    if (p.keysStart >= 0) {
      const end = p.keysEnd;
      let s = p.keysStart;
      while (s < end) {
        let e = s;
        while (e < end && props.charCodeAt(e) !== SPACE) e++;
        if (e > s) this.putKey(indexKeyHash(javaHashCode(props, s, e, seed)), phyOffset, storeTimestamp);
        s = e + 1;
      }
    }
  }

  private putKey(hash: number, phyOffset: number, storeTimestamp: number): void {
    let f = this.activeFile();
    if (!f.putKey(hash, phyOffset, storeTimestamp)) {
      f = this.activeFile();
      f.putKey(hash, phyOffset, storeTimestamp);
    }
  }

  /** Java's queryOffset: newest files first, at most min(maxNum, maxMsgsNumBatch) offsets. */
  async queryOffset(topic: string, key: string, maxNum: number, begin: number, end: number): Promise<QueryOffsetResult> {
    const phyOffsets: number[] = [];
    let indexLastUpdateTimestamp = 0;
    let indexLastUpdatePhyoffset = 0;
    const limit = Math.min(maxNum, this.maxMsgsNumBatch);
    const hash = indexKeyHash(javaHashCode(`${topic}#${key}`));
    const files = this.files.slice();
    for (let i = files.length - 1; i >= 0; i--) {
      const f = files[i]!;
      if (i === files.length - 1) {
        indexLastUpdateTimestamp = f.endTimestamp;
        indexLastUpdatePhyoffset = f.endPhyOffset;
      }
      if (f.isTimeMatched(begin, end)) await f.selectPhyOffsets(hash, limit, begin, end, phyOffsets);
      if (f.beginTimestamp < begin) break;
      if (phyOffsets.length >= limit) break;
    }
    return { phyOffsets, indexLastUpdateTimestamp, indexLastUpdatePhyoffset };
  }

  /** Writes new entries of the file taking keys. */
  async writeBehind(): Promise<void> {
    const last = this.files[this.files.length - 1];
    if (last && last.takesKeys) await last.writeBehind();
  }

  async sync(): Promise<void> {
    const last = this.files[this.files.length - 1];
    if (last && last.takesKeys) await last.sync();
  }

  /** Deletes leading files (never the last) whose entries all point below `minPhyOffset`. */
  async deleteExpired(minPhyOffset: number): Promise<number> {
    let n = 0;
    while (this.files.length > 1 && this.files[0]!.endPhyOffset < minPhyOffset && !this.files[0]!.takesKeys) {
      const f = this.files.shift()!;
      await f.file.dispose();
      await unlinkFile(f.path);
      n++;
    }
    return n;
  }

  async close(): Promise<void> {
    await Promise.all(this.sealing);
    const last = this.files[this.files.length - 1];
    if (last && last.takesKeys) await last.seal();
    for (const f of this.files) await f.file.dispose();
  }

  async destroy(): Promise<void> {
    await Promise.all(this.sealing);
    for (const f of this.files.splice(0)) {
      await f.file.dispose();
      await unlinkFile(f.path);
    }
  }
}
