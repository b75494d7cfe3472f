// Log files as RocketMQ operators know them: one per subsystem (namesrv.log, broker.log, store.log,
// remoting.log) in the log directory, rolled to otherdays/ by size and at midnight, with only the
// newest files kept; stderr shows what its level lets through; lines queued at exit still land.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { RollingLogFile } from '../../../src/common/log-file.js';
import { configureLogging, flushLogs, getLogger, setLogLevel, setLogSink } from '../../../src/common/logger.js';
import { scriptCommand } from '../../../src/common/runtime.js';
import { serverStderrLevel } from '../../../src/cli/server-logging.js';
import { tmpDir } from '../../harness/tmp.js';

function lines(file: string): string[] {
  return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
}

test('a log file rolls by size into otherdays/ and keeps only the newest files', async (t) => {
  const dir = tmpDir('mq-logs-', t);
  const file = path.join(dir, 'broker.log');
  const now = new Date(2026, 2, 10, 12, 0, 0).getTime();
  const log = new RollingLogFile(file, { maxBytes: 1000, maxFiles: 3 }, now);
  const line = (i: number) => `line ${String(i).padStart(4, '0')} ${'x'.repeat(89)}`; // 100 bytes with its newline
  for (let i = 0; i < 60; i++) {
    log.append(line(i), now);
    // Let each batch reach the file, so rolls happen every ten lines as they would over time.
    if (i % 5 === 4) await log.flush();
  }
  await log.flush();
  const rolled = fs.readdirSync(path.join(dir, 'otherdays')).sort();
  assert.deepEqual(rolled, ['broker.2026-03-10.3.log', 'broker.2026-03-10.4.log', 'broker.2026-03-10.5.log']);
  assert.ok(fs.statSync(file).size <= 1000);
  // Nothing lost or reordered among what is kept: the rolled files and the live one end with line 59.
  const kept = [...rolled.flatMap((f) => lines(path.join(dir, 'otherdays', f))), ...lines(file)];
  assert.equal(kept.at(-1), line(59));
  assert.deepEqual(kept, kept.slice().sort());
  log.closeSync();
});

test('a log file rolls at local midnight, named for the day its lines were written', async (t) => {
  const dir = tmpDir('mq-logs-', t);
  const file = path.join(dir, 'store.log');
  const day1 = new Date(2026, 0, 31, 23, 59, 0).getTime();
  const day2 = new Date(2026, 1, 1, 0, 0, 1).getTime();
  const log = new RollingLogFile(file, { maxBytes: 1 << 20, maxFiles: 10 }, day1);
  log.append('before midnight', day1);
  await log.flush();
  log.append('after midnight', day2);
  await log.flush();
  assert.deepEqual(fs.readdirSync(path.join(dir, 'otherdays')), ['store.2026-01-31.1.log']);
  assert.deepEqual(lines(path.join(dir, 'otherdays', 'store.2026-01-31.1.log')), ['before midnight']);
  assert.deepEqual(lines(file), ['after midnight']);
  log.closeSync();
});

test('servers route each namespace to its RocketMQ file; stderr shows only what its level lets through', async (t) => {
  const dir = tmpDir('mq-logs-', t);
  const stderr: string[] = [];
  setLogSink((l) => stderr.push(l));
  setLogLevel('info');
  t.after(() => {
    configureLogging({});
    setLogLevel('silent');
    setLogSink((l) => process.stderr.write(l + '\n'));
  });
  configureLogging({
    stderrLevel: 'warn',
    files: { dir, routes: { broker: 'broker', store: 'store', remoting: 'remoting', namesrv: 'namesrv' }, fallback: 'broker' },
  });
  getLogger('broker').info('broker line', { port: 10911 });
  getLogger('store').info('store line');
  getLogger('remoting').warn('remoting warning');
  getLogger('namesrv').info('namesrv line');
  getLogger('acl').info('acl line');
  getLogger('store').debug('not at info level');
  await flushLogs();
  assert.deepEqual(fs.readdirSync(dir).sort(), ['broker.log', 'namesrv.log', 'remoting.log', 'store.log']);
  assert.match(lines(path.join(dir, 'broker.log'))[0]!, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} INFO {2}broker {3}broker line port=10911$/);
  assert.match(lines(path.join(dir, 'broker.log'))[1]!, /acl line$/);
  assert.deepEqual(lines(path.join(dir, 'store.log')).map((l) => l.slice(24)), ['INFO  store    store line']);
  assert.equal(lines(path.join(dir, 'namesrv.log')).length, 1);
  assert.equal(stderr.length, 1);
  assert.match(stderr[0]!, /WARN {2}remoting remoting warning$/);
});

test('the stderr level of a server: everything on a terminal, warnings otherwise, mq start quiet unless --verbose', () => {
  assert.equal(serverStderrLevel('broker', { env: {}, stderrIsTTY: true }), undefined);
  assert.equal(serverStderrLevel('broker', { env: {}, stderrIsTTY: false }), 'warn');
  assert.equal(serverStderrLevel('start', { env: {}, stderrIsTTY: true }), 'warn');
  assert.equal(serverStderrLevel('start', { env: {}, stderrIsTTY: true, verbose: true }), undefined);
  assert.equal(serverStderrLevel('namesrv', { env: { MQ_LOG_STDERR: 'info' }, stderrIsTTY: false }), undefined);
  assert.equal(serverStderrLevel('namesrv', { env: { MQ_LOG_STDERR: 'off' }, stderrIsTTY: true }), 'silent');
  assert.equal(serverStderrLevel('start', { env: { MQ_LOG_STDERR: 'error' }, verbose: true }), 'error');
});

test('lines still queued when the process exits are written on the way out', (t) => {
  const dir = tmpDir('mq-logs-', t);
  const script = path.join(dir, 'exit-now.mjs');
  const logger = new URL('../../../src/common/logger.js', import.meta.url).href;
  fs.writeFileSync(
    script,
    `import { configureLogging, getLogger } from ${JSON.stringify(logger)};
configureLogging({ stderrLevel: 'silent', files: { dir: ${JSON.stringify(dir)}, routes: {}, fallback: 'namesrv' } });
for (let i = 0; i < 1000; i++) getLogger('namesrv').info('line ' + i);
process.exit(0);
`,
  );
  const [cmd, ...args] = scriptCommand(script);
  const r = spawnSync(cmd!, args, { encoding: 'utf8', env: { ...process.env, MQ_LOG_LEVEL: 'info' } });
  assert.equal(r.status, 0, r.stderr);
  const got = lines(path.join(dir, 'namesrv.log'));
  assert.equal(got.length, 1000);
  assert.match(got[999]!, /line 999$/);
});
