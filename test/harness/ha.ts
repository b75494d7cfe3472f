// Set-up for replication tests: master and slave stores on temp dirs, the HA service and client on
// loopback (port 0), and one cleanup per test that stops replication before the stores close and
// the directories go, whatever the runtime's hook order.

import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { removeDir, tmpStore } from './tmp.js';
import type { MessageStoreConfig } from '../../src/common/config/message-store-config.js';
import { MessageStore } from '../../src/store/message-store.js';
import { HAService } from '../../src/ha/ha-service.js';
import { HAClient } from '../../src/ha/ha-client.js';
import { smallConfig } from './store.js';
import { decodeMessage } from '../../src/common/message/record-codec.js';

export { msg } from './store.js';

interface Ctx {
  after(fn: () => unknown): void;
}

export class HAScope {
  private readonly stops: Array<() => Promise<unknown> | unknown> = [];
  private readonly dirs: string[] = [];

  constructor(t: Ctx) {
    t.after(async () => {
      for (const s of this.stops.reverse()) await Promise.resolve(s()).catch(() => undefined);
      for (const d of this.dirs) removeDir(d);
    });
  }

  dir(): string {
    const d = tmpStore();
    this.dirs.push(d);
    return d;
  }

  /** Runs `fn` at cleanup, before whatever was registered earlier. */
  onStop(fn: () => Promise<unknown> | unknown): void {
    this.stops.push(fn);
  }

  async store(over: Partial<MessageStoreConfig> = {}, dir = this.dir(), port = 10911): Promise<MessageStore> {
    const s = new MessageStore(smallConfig(dir, { haListenPort: 0, ...over }), { storeHost: { host: '127.0.0.1', port } });
    this.onStop(() => s.close());
    await s.open();
    return s;
  }

  async master(over: Partial<MessageStoreConfig> = {}, dir?: string): Promise<{ store: MessageStore; ha: HAService; addr: string }> {
    const store = await this.store(over, dir);
    const ha = new HAService(store, { host: '127.0.0.1' });
    this.onStop(() => ha.shutdown());
    await ha.start();
    return { store, ha, addr: `127.0.0.1:${ha.port}` };
  }

  async slave(
    masterAddr: string,
    over: Partial<MessageStoreConfig> = {},
    dir?: string,
  ): Promise<{ store: MessageStore; client: HAClient }> {
    const store = await this.store({ brokerRole: 'SLAVE', ...over }, dir, 10921);
    const client = new HAClient(store);
    this.onStop(() => client.shutdown());
    client.updateMasterAddress(masterAddr);
    client.start();
    return { store, client };
  }

  /** A raw TCP peer (a hand-made slave or master), destroyed at cleanup. */
  track(s: net.Socket | net.Server): void {
    this.onStop(() => (s instanceof net.Server ? new Promise((r) => s.close(r)) : s.destroy()));
  }
}

/** Commit-log bytes [from, to) of the store rooted at `root`, read from its segment files. */
export function commitLogBytes(root: string, from: number, to: number, fileSize: number): Buffer {
  const out = Buffer.alloc(to - from);
  for (let off = from; off < to;) {
    const base = off - (off % fileSize);
    const n = Math.min(to, base + fileSize) - off;
    const fd = fs.openSync(path.join(root, 'commitlog', String(base).padStart(20, '0')), 'r');
    try {
      fs.readSync(fd, out, off - from, n, off - base);
    } finally {
      fs.closeSync(fd);
    }
    off += n;
  }
  return out;
}

/** Every message body of a topic's queues in the store, through getMessage (the consume queues). */
export async function bodiesOf(store: MessageStore, topic: string, queues: number): Promise<string[]> {
  const out: string[] = [];
  for (let q = 0; q < queues; q++) {
    let offset = 0;
    for (;;) {
      const r = await store.getMessage('g', topic, q, offset, 64);
      if (!r || r.messageCount === 0) break;
      for (const b of r.messageBuffers) out.push(decodeMessage(b).body.toString());
      offset = r.nextBeginOffset;
    }
  }
  return out.sort();
}
