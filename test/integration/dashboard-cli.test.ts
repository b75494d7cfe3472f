// `mq dashboard` and the dashboard `mq start` serves, through the real CLI on every runtime: the
// address line, pages answering with the cluster, a graceful stop; one-line errors without a name
// server or with a busy port, and `mq start` carrying on without its dashboard when the port is busy.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { setLogLevel } from '../../src/common/logger.js';
import { withTimeout } from '../harness/latch.js';
import { runMq, spawnMq, startInProcessBroker, startInProcessNamesrv, startMqAll } from '../harness/servers.js';
import { apiGet, httpRequest } from './dashboard-support.js';

setLogLevel('error');

const DASHBOARD_LINE = /^Dashboard on (http:\/\/127\.0\.0\.1:\d+\/) \(name server (.+)\)$/;

/** A port something already listens on (closed after the test). */
async function busyPort(t: { after(fn: () => unknown): void }): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  t.after(() => new Promise<void>((r) => s.close(() => r())));
  return (s.address() as net.AddressInfo).port;
}

test('mq dashboard: serves the cluster of -n until SIGTERM; no name server or a busy port is one line and exit 1', async (t) => {
  const ns = await startInProcessNamesrv(t);
  await startInProcessBroker(t, { namesrvAddr: ns.addr });
  const child = spawnMq(['dashboard', '-n', ns.addr, '--port', '0', '--read-only'], { NAMESRV_ADDR: '' });
  t.after(async () => {
    child.signal('SIGKILL');
    await child.exited;
  });
  const [line, url, namesrv] = await child.stdout.waitFor(DASHBOARD_LINE, 30_000);
  assert.equal(namesrv, ns.addr, line);
  await child.stdout.waitFor(/^The dashboard is read-only/, 5000);
  const cluster = await apiGet(url!, '/api/cluster');
  assert.deepEqual(cluster.brokers.map((b: { brokerName: string }) => b.brokerName), ['broker-t']);
  assert.equal((await apiGet(url!, '/api/session')).readOnly, true);
  child.signal('SIGTERM');
  assert.equal((await withTimeout(child.exited, 15_000, 'mq dashboard to exit')).code, 0);

  const none = await runMq(['dashboard', '--port', '0'], { env: { NAMESRV_ADDR: '' } });
  assert.equal(none.code, 1);
  assert.equal(none.stderr.trim(), 'mq: No name server address, please set it (-n, namesrvAddr or NAMESRV_ADDR)');
  const port = await busyPort(t);
  const busy = await runMq(['dashboard', '-n', ns.addr, '--port', String(port)]);
  assert.equal(busy.code, 1);
  assert.match(busy.stderr.trim(), new RegExp(`^mq: the dashboard cannot listen on 127\\.0\\.0\\.1:${port}: EADDRINUSE$`));
});

test('mq start: prints the dashboard address, which shows the broker; a busy dashboard port leaves the servers running', async (t) => {
  const mq = await startMqAll(t);
  const [, url, namesrv] = await mq.stdout.waitFor(DASHBOARD_LINE, 10_000);
  assert.equal(namesrv, mq.namesrvAddr);
  const cluster = await apiGet(url!, '/api/cluster');
  assert.deepEqual(cluster.brokers.map((b: { cluster: string; brokerName: string; addr: string }) => [b.cluster, b.brokerName, b.addr]), [
    ['DefaultCluster', 'broker-a', mq.brokerAddr],
  ]);
  assert.equal((await httpRequest(url!, '/')).status, 200);

  const port = await busyPort(t);
  const second = await startMqAll(t, { args: ['--dashboard-port', String(port)] });
  const [, why] = await second.stdout.waitFor(/^Dashboard not started: (.*)$/, 10_000);
  assert.match(why!, new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port}: EADDRINUSE`));
  assert.ok(second.brokerAddr, 'the broker booted all the same');
});
