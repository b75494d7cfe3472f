// The tls.* settings: Java's defaults, then JAVA_OPT's -D tokens, TLS_* variables, a server file's
// or a client's keys, and last tls.config.file, which may not set the mode or tls.enable.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { brokerClientUsesTls, resolveTlsConfig, tlsEnvName, tlsPropsFromJavaOpt } from '../../../src/common/config/tls-config.js';
import { readConfigFile } from '../../../src/common/config/load.js';
import { tmpDir } from '../../harness/tmp.js';

test("Java's defaults: permissive, test mode, client TLS off, /etc/rocketmq/tls.properties", () => {
  const cfg = resolveTlsConfig([], { TLS_CONFIG_FILE: '/nonexistent/tls.properties' });
  assert.equal(cfg['tls.server.mode'], 'permissive');
  assert.equal(cfg['tls.test.mode.enable'], true);
  assert.equal(cfg['tls.enable'], false);
  assert.equal(cfg['tls.server.need.client.auth'], 'none');
  assert.equal(resolveTlsConfig([], {})['tls.config.file'], '/etc/rocketmq/tls.properties');
});

test('JAVA_OPT -D tokens, then TLS_* variables, then overrides, then the file', (t) => {
  const dir = tmpDir('mq-tls-config-', t);
  const file = path.join(dir, 'tls.properties');
  fs.writeFileSync(
    file,
    [
      'tls.server.mode=disabled',
      'tls.enable=false',
      'tls.test.mode.enable=false',
      'tls.client.authServer=true',
      'tls.server.keyPath=/from/file.key',
      'other=1',
    ].join(
      '\n',
    ),
  );
  assert.equal(tlsEnvName('tls.server.keyPath'), 'TLS_SERVER_KEYPATH');
  assert.deepEqual([...tlsPropsFromJavaOpt('-Xmx1g -Dtls.enable=true -Dfoo=1 -Dtls.server.mode=enforcing')], [['tls.enable', 'true'], [
    'tls.server.mode',
    'enforcing',
  ]]);
  const env = {
    JAVA_OPT: `-Dtls.enable=true -Dtls.server.mode=enforcing -Dtls.config.file=${file}`,
    TLS_SERVER_NEED_CLIENT_AUTH: 'optional',
  };
  const cfg = resolveTlsConfig([['tls.server.need.client.auth', 'require'], ['brokerName', 'x']], env);
  assert.equal(cfg['tls.enable'], true, 'the file may not turn tls.enable off');
  assert.equal(cfg['tls.server.mode'], 'enforcing', 'the file may not change the mode');
  assert.equal(cfg['tls.server.need.client.auth'], 'require', 'overrides win over the environment');
  assert.equal(cfg['tls.test.mode.enable'], false, 'the file wins over the rest');
  assert.equal(cfg['tls.client.authServer'], true);
  assert.equal(cfg['tls.server.keyPath'], '/from/file.key');
  assert.equal(resolveTlsConfig([], { TLS_ENABLE: 'true', JAVA_OPT: '-Dtls.enable=false', TLS_CONFIG_FILE: '' })['tls.enable'], true);
});

test('bad values fail naming where they came from', () => {
  assert.throws(
    () => resolveTlsConfig([], { TLS_SERVER_MODE: 'strict', TLS_CONFIG_FILE: '' }),
    /TLS_SERVER_MODE: bad value for tls\.server\.mode: "strict"/,
  );
  assert.throws(() => resolveTlsConfig([], { JAVA_OPT: '-Dtls.enable=yes', TLS_CONFIG_FILE: '' }), /JAVA_OPT: bad value for tls\.enable/);
});

test("a broker's useTLS default: tls.enable when given, else enforcing mode", () => {
  assert.equal(brokerClientUsesTls(resolveTlsConfig([], { TLS_SERVER_MODE: 'enforcing', TLS_CONFIG_FILE: '' })), true);
  assert.equal(brokerClientUsesTls(resolveTlsConfig([], { TLS_SERVER_MODE: 'permissive', TLS_CONFIG_FILE: '' })), false);
  assert.equal(
    brokerClientUsesTls(resolveTlsConfig([['tls.enable', 'false']], { TLS_SERVER_MODE: 'enforcing', TLS_CONFIG_FILE: '' })),
    false,
  );
  assert.equal(brokerClientUsesTls(resolveTlsConfig([], { TLS_ENABLE: 'true', TLS_CONFIG_FILE: '' })), true);
});

test('TOML keeps the dotted tls.* names, in a [tls] table or quoted', (t) => {
  const dir = tmpDir('mq-tls-toml-', t);
  const file = path.join(dir, 'broker.toml');
  fs.writeFileSync(file, 'brokerName = "b"\n"tls.enable" = true\n[tls]\nserver.mode = "enforcing"\nserver.keyPath = "/k.pem"\n');
  const raw = readConfigFile(file);
  assert.equal(raw.get('brokerName'), 'b');
  assert.equal(raw.get('tls.enable'), true);
  assert.equal(raw.get('tls.server.mode'), 'enforcing');
  assert.equal(raw.get('tls.server.keyPath'), '/k.pem');
});
