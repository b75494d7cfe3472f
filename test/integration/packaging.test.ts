// The package as users get it, outside the checkout: `npm pack` makes the tarball the registry
// would hold, `npm install -g --prefix <tmp> <tarball>` installs it as a global install does (only
// dependencies come from the registry, or npm's cache), and the installed `mq` answers --version,
// starts a cluster whose banner names the command on PATH, and stops it. Also: `npm install` on a
// fresh clone leaves package-lock.json as committed.
// Packaging does not depend on the runtime under test, so this runs once, on Node.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { packageRoot, runtimeName } from '../../src/common/runtime.js';
import { LineCollector, withTimeout } from '../harness/latch.js';
import { track } from '../harness/processes.js';
import { removeDir, tmpDir } from '../harness/tmp.js';

const skip = runtimeName !== 'node' ? 'packaging is the same whatever runtime runs the tests: checked once, on Node' : false;
const pkg = JSON.parse(fs.readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { name: string; version: string };
/** npm without its once-a-week registry check for a newer npm (a fresh HOME has no npmrc to turn it off). */
const npmEnv = { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };

function npm(args: string[], cwd: string, env: NodeJS.ProcessEnv = npmEnv) {
  const r = spawnSync('npm', args, { cwd, env, encoding: 'utf8', timeout: 150_000 });
  assert.equal(r.status, 0, `npm ${args.join(' ')}: ${r.error ?? ''}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

test('npm install on a fresh clone leaves package-lock.json as committed', { skip }, (t) => {
  const dir = tmpDir('mq-lock-', t);
  for (const f of ['package.json', 'package-lock.json', '.npmrc']) fs.copyFileSync(path.join(packageRoot, f), path.join(dir, f));
  // The lock as npm install would rewrite it, without fetching the packages themselves.
  npm(['install', '--package-lock-only', '--ignore-scripts', '--prefer-offline'], dir);
  const committed = fs.readFileSync(path.join(packageRoot, 'package-lock.json'), 'utf8');
  assert.equal(fs.readFileSync(path.join(dir, 'package-lock.json'), 'utf8'), committed);
  const lock = JSON.parse(committed) as { name: string; packages: Record<string, { name?: string; engines?: unknown }> };
  assert.equal(lock.name, pkg.name);
  assert.deepEqual(
    lock.packages['']!.engines,
    (JSON.parse(fs.readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { engines: unknown }).engines,
  );
});

test('the packed tarball installs globally and runs mq --version, mq start and mq stop away from the checkout', { skip }, async (t) => {
  const work = tmpDir('mq-pack-');
  const home = path.join(work, 'home');
  fs.mkdirSync(home);
  const servers: ChildProcess[] = [];
  t.after(async () => {
    for (const server of servers) {
      if (server.exitCode !== null || server.signalCode !== null) continue;
      server.kill('SIGKILL');
      await new Promise((r) => server.once('exit', r));
    }
    removeDir(work);
  });

  // What the registry would hold (dist is built: the suite runs after the build, and `prepare` does
  // not run for a registry package).
  const packed = JSON.parse(npm(['pack', '--ignore-scripts', '--json', '--pack-destination', work], packageRoot)) as Array<
    { filename: string; files: Array<{ path: string }> }
  >;
  const files = packed[0]!.files.map((f) => f.path);
  for (const f of ['bin/run.js', 'oclif.manifest.json', 'dist/src/cli/mq-start.js', 'dist/commands/start.js', 'conf/broker.conf']) {
    assert.ok(files.includes(f), `${f} is packed`);
  }
  assert.deepEqual(
    files.filter((f) => f.startsWith('dist/test/') || f.startsWith('test/') || f.endsWith('.ts') && !f.endsWith('.d.ts')),
    [],
  );
  const tarball = path.join(work, packed[0]!.filename);

  const prefix = path.join(work, 'prefix');
  npm(['install', '-g', '--prefix', prefix, tarball, '--ignore-scripts', '--prefer-offline'], work);
  const bin = path.join(prefix, 'bin');
  const env: NodeJS.ProcessEnv = {
    ...npmEnv,
    HOME: home,
    USERPROFILE: home,
    PATH: `${bin}${path.delimiter}${process.env.PATH}`,
    NO_COLOR: '1',
  };
  delete env.MQ_RUN_DIR;
  delete env.MQ_HOME;
  delete env.MQ_LOG_DIR;
  delete env.MQ_LOG_STDERR;
  const version = spawnSync('mq', ['--version'], { cwd: work, env, encoding: 'utf8' });
  assert.equal(version.status, 0, version.stderr);
  assert.match(version.stdout, new RegExp(`^${pkg.name}/${pkg.version.replace(/\./g, '\\.')} `));

  // An application that depends on the package imports the client by the package's name
  // (package.json `exports`), and only by it.
  const app = path.join(work, 'app');
  fs.mkdirSync(path.join(app, 'node_modules'), { recursive: true });
  fs.symlinkSync(path.join(prefix, 'lib', 'node_modules', pkg.name), path.join(app, 'node_modules', pkg.name), 'dir');
  const imported = spawnSync(process.execPath, [
    '--input-type=module',
    '-e',
    `import { Producer, PushConsumer, LitePullConsumer, Message } from '${pkg.name}';
     console.log([Producer, PushConsumer, LitePullConsumer, Message].map((c) => c.name).join(' '));
     await import('${pkg.name}/dist/src/client/index.js').catch((e) => console.log(e.code));`,
  ], { cwd: app, encoding: 'utf8' });
  assert.equal(imported.status, 0, imported.stderr);
  assert.equal(imported.stdout, 'Producer PushConsumer LitePullConsumer Message\nERR_PACKAGE_PATH_NOT_EXPORTED\n');

  const server = track(
    spawn('mq', ['start', '--namesrv-port', '0', '--broker-port', '0'], { cwd: work, env, stdio: ['ignore', 'pipe', 'pipe'] }),
  );
  servers.push(server);
  const out = new LineCollector(server.stdout, 'mq start stdout');
  const err = new LineCollector(server.stderr, 'mq start stderr');
  const exited = new Promise<number | null>((r) => server.once('exit', (code) => r(code)));
  const [, ns] = await Promise.race([
    out.waitFor(/^ {2}mq tools producer -n (\S+)$/, 60_000),
    exited.then(() => Promise.reject(new Error(`mq start exited: ${err.text}`))),
  ]);
  assert.ok(out.lines.includes(`  mq tools consumer -n ${ns}`), 'the banner names the mq on PATH');
  assert.ok(fs.existsSync(path.join(home, '.mq', 'store', 'commitlog')), 'data under the new HOME');
  assert.ok(fs.existsSync(path.join(home, 'logs', 'rocketmqlogs', 'broker.log')), 'logs under the new HOME');

  const stop = spawnSync('mq', ['stop'], { cwd: work, env, encoding: 'utf8', timeout: 60_000 });
  assert.equal(stop.status, 0, stop.stderr);
  assert.match(stop.stdout, new RegExp(`^Stopped mq start\\(${server.pid}\\)`, 'm'));
  assert.equal(await withTimeout(exited, 30_000, 'mq start to exit'), 0);
});
