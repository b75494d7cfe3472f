// Store tests' set-up: a store on a temp directory with small files, closed before the directory
// goes, and messages to put into it.

import { removeDir, tmpStore } from './tmp.js';
import { defaultMessageStoreConfig, type MessageStoreConfig } from '../../src/common/config/message-store-config.js';
import { MessageStore, type MessageStoreOptions } from '../../src/store/message-store.js';
import type { PutMessageInput } from '../../src/store/put-result.js';
import { encodeSocketAddress } from '../../src/common/message/socket-address.js';
import { encodeProperties } from '../../src/common/message/properties.js';

export interface TestContext {
  after(fn: () => unknown): void;
}

export const BORN = encodeSocketAddress('127.0.0.1', 40000);

export function smallConfig(dir: string, over: Partial<MessageStoreConfig> = {}): MessageStoreConfig {
  return defaultMessageStoreConfig({
    storePathRootDir: dir,
    mappedFileSizeCommitLog: 64 * 1024,
    mappedFileSizeConsumeQueue: 6000,
    maxHashSlotNum: 64,
    maxIndexNum: 256,
    ...over,
  });
}

interface Scope {
  stores: MessageStore[];
  dirs: string[];
}
const scopes = new WeakMap<TestContext, Scope>();

/** One cleanup per test: stores close first, then their directories go (hook order differs by runtime). */
function scope(t: TestContext): Scope {
  let s = scopes.get(t);
  if (!s) {
    const fresh: Scope = { stores: [], dirs: [] };
    scopes.set(t, fresh);
    t.after(async () => {
      for (const st of fresh.stores.reverse()) await st.close().catch(() => undefined);
      for (const d of fresh.dirs) removeDir(d);
    });
    s = fresh;
  }
  return s;
}

/** A temp store directory (optionally a copy of `from`), removed after the test's stores closed. */
export function storeDir(t: TestContext, from?: string): string {
  const dir = tmpStore(undefined, from);
  scope(t).dirs.push(dir);
  return dir;
}

/** Closes `store` when the test ends, before its directory is removed. */
export function closeAtEnd<T extends MessageStore>(t: TestContext, store: T): T {
  scope(t).stores.push(store);
  return store;
}

/** An open store on a fresh temp dir (or `dir`), closed when the test ends. */
export async function openStore(
  t: TestContext,
  over: Partial<MessageStoreConfig> = {},
  opts: MessageStoreOptions = {},
  dir?: string,
): Promise<{ store: MessageStore; dir: string; cfg: MessageStoreConfig }> {
  const d = dir ?? storeDir(t);
  const cfg = smallConfig(d, over);
  const store = closeAtEnd(t, new MessageStore(cfg, { storeHost: { host: '127.0.0.1', port: 10911 }, ...opts }));
  await store.open();
  return { store, dir: d, cfg };
}

export function msg(
  topic: string,
  queueId: number,
  body: string | Buffer,
  props: Record<string, string> = {},
  over: Partial<PutMessageInput> = {},
): PutMessageInput {
  return {
    topic,
    queueId,
    flag: 0,
    body: typeof body === 'string' ? Buffer.from(body) : body,
    propertiesString: encodeProperties(props),
    sysFlag: 0,
    bornTimestamp: 1_700_000_000_000,
    bornHost: BORN,
    ...over,
  };
}
