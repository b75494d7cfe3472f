// Child process of store-crash.test.ts: opens a store under SYNC_FLUSH and appends until killed,
// printing one line per acknowledged put: "ack <i> <queueId> <queueOffset> <wroteOffset> <wroteBytes>".
// argv: <storeDir> <concurrency>

import { MessageStore } from '../../../src/store/message-store.js';
import { defaultMessageStoreConfig } from '../../../src/common/config/message-store-config.js';
import { encodeSocketAddress } from '../../../src/common/message/socket-address.js';
import { setLogLevel } from '../../../src/common/logger.js';
import { crashBody, crashConfig, crashProps } from '../crash-store.js';

setLogLevel('warn');
const [dir, concurrencyArg] = process.argv.slice(2);
const store = new MessageStore(defaultMessageStoreConfig(crashConfig(dir!)), { storeHost: { host: '127.0.0.1', port: 10911 } });
await store.open();
process.stdout.write('ready\n');
const born = encodeSocketAddress('127.0.0.1', 40001);
let next = 0;
async function producer(): Promise<void> {
  for (;;) {
    const i = next++;
    const r = await store.putMessage({
      topic: 'Crash',
      queueId: i % 4,
      flag: 0,
      body: crashBody(i),
      propertiesString: crashProps(i),
      sysFlag: 0,
      bornTimestamp: 1_700_000_000_000 + i,
      bornHost: born,
    });
    if (r.status !== 'PUT_OK') {
      process.stdout.write(`fail ${i} ${r.status}\n`);
      continue;
    }
    process.stdout.write(`ack ${i} ${i % 4} ${r.queueOffset} ${r.wroteOffset} ${r.wroteBytes}\n`);
  }
}
await Promise.all(Array.from({ length: Number(concurrencyArg ?? 8) }, () => producer()));
