// LocalFileOffsetStore: a broadcasting consumer's offsets, in
//   <ROCKETMQ_CLIENT_LOCAL_OFFSET_STORE_DIR | ~/.rocketmq_offsets>/<clientId>/<group>/offsets.json
// written as Java writes it (OffsetSerializeWrapper, fastjson pretty format, MessageQueue objects
// as map keys, tab indents):
//   {
//   	"offsetTable":{{
//   			"brokerName":"broker-a",
//   			"queueId":0,
//   			"topic":"TopicTest"
//   		}:12
//   	}
//   }
// Saved through a .tmp file with the previous content kept in offsets.json.bak (MixAll.string2File);
// read from the .bak when the file is missing or unreadable.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { backupFileOf, writeFileAtomic } from '../../common/atomic-file.js';
import { getLogger } from '../../common/logger.js';
import { parseFastjson, stringifyFastjson } from '../../remoting/fastjson.js';
import { asObject } from '../../remoting/protocol/bean.js';
import { type MessageQueue, MessageQueueMap } from '../../remoting/protocol/message-queue.js';
import { CachingOffsetStore } from './offset-store.js';

const log = getLogger('client');

/** LOCAL_OFFSET_STORE_DIR: ROCKETMQ_CLIENT_LOCAL_OFFSET_STORE_DIR, else ~/.rocketmq_offsets. */
export function localOffsetStoreDir(): string {
  return process.env.ROCKETMQ_CLIENT_LOCAL_OFFSET_STORE_DIR ?? path.join(os.homedir(), '.rocketmq_offsets');
}

export function localOffsetStorePath(clientId: string, group: string, baseDir = localOffsetStoreDir()): string {
  return path.join(baseDir, clientId, group, 'offsets.json');
}

/** The file's text for an offset table (OffsetSerializeWrapper.toJson(true)). */
export function encodeOffsetFile(table: MessageQueueMap<number>): string {
  return stringifyFastjson({ offsetTable: table.toJson((v) => v) }, { pretty: true });
}

export function decodeOffsetFile(text: string): MessageQueueMap<number> {
  const o = asObject(parseFastjson(text), 'OffsetSerializeWrapper');
  return MessageQueueMap.fromJson(o.offsetTable, (v) => (typeof v === 'number' ? v : Number(v)));
}

export class LocalFileOffsetStore extends CachingOffsetStore {
  readonly storePath: string;
  /** Read-modify-write cycles of the file run one after another. */
  private queue: Promise<void> = Promise.resolve();

  constructor(clientId: string, groupName: string, baseDir?: string) {
    super();
    this.storePath = localOffsetStorePath(clientId, groupName, baseDir);
  }

  async load(): Promise<void> {
    const stored = await this.readLocalOffset();
    if (stored) { for (const [mq, off] of stored) this.offsets.update(mq, off, false); }
  }

  /** The offset in the file (or its .bak); -1 when the file has none or cannot be read. */
  protected async readStored(mq: MessageQueue): Promise<number> {
    try {
      return (await this.readLocalOffset())?.get(mq) ?? -1;
    } catch {
      return -1;
    }
  }

  persistAll(mqs: readonly MessageQueue[]): Promise<void> {
    if (mqs.length === 0) return Promise.resolve();
    return this.serial(() => this.doPersist(mqs));
  }

  persist(mq: MessageQueue): Promise<void> {
    if (this.offsets.get(mq) === undefined) return Promise.resolve();
    return this.serial(() => this.doPersist([mq]));
  }

  private serial(fn: () => Promise<void>): Promise<void> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async doPersist(mqs: readonly MessageQueue[]): Promise<void> {
    let stored: MessageQueueMap<number>;
    try {
      stored = (await this.readLocalOffset()) ?? new MessageQueueMap<number>();
    } catch (err) {
      log.error('readLocalOffset failed', { path: this.storePath, err });
      return;
    }
    for (const mq of mqs) {
      const off = this.offsets.get(mq);
      if (off !== undefined) stored.set(mq, off);
    }
    await this.write(stored);
  }

  override removeOffset(_mq: MessageQueue): void {
    // As in Java: a broadcasting consumer keeps every queue's offset.
  }

  async updateConsumeOffsetToBroker(mq: MessageQueue, offset: number): Promise<void> {
    this.offsets.update(mq, offset, false);
    await this.persist(mq);
  }

  /** The stored table, from offsets.json or else offsets.json.bak; undefined when neither exists. */
  private async readLocalOffset(): Promise<MessageQueueMap<number> | undefined> {
    let text: string | undefined;
    try {
      text = await fs.promises.readFile(this.storePath, 'utf8');
    } catch {
      text = undefined;
    }
    if (text) {
      try {
        return decodeOffsetFile(text);
      } catch (err) {
        log.warn('offsets.json unreadable, trying the .bak', { path: this.storePath, err });
      }
    }
    let bak: string;
    try {
      bak = await fs.promises.readFile(backupFileOf(this.storePath), 'utf8');
    } catch {
      return undefined;
    }
    return decodeOffsetFile(bak);
  }

  /** MixAll.string2File: write .tmp, keep the old content as .bak, then move .tmp into place. */
  private async write(table: MessageQueueMap<number>): Promise<void> {
    try {
      // Not synced, as Java's: the offsets are written again every persist interval.
      await writeFileAtomic(this.storePath, encodeOffsetFile(table), 'page-cache');
    } catch (err) {
      log.error('persisting consumer offsets failed', { path: this.storePath, err });
    }
  }
}
