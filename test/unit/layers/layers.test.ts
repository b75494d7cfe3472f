// The layers of ARCHITECTURE.md, enforced: every import in src/, commands/ and bench/ keeps to
// layer-table.ts, the table is consistent, and the checker catches each kind of break.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../../../src/common/runtime.js';
import { checkFile, checkTree, formatViolation, importsOf, layerOf, type Rules, TABLE, tableProblems } from './import-check.js';

test('every import in src/, commands/ and bench/ keeps to the layer table', () => {
  const { files, violations } = checkTree(packageRoot);
  assert.ok(files > 250, `only ${files} files read`);
  assert.deepEqual(violations.map(formatViolation), [], 'imports that break test/unit/layers/layer-table.ts');
});

test('every folder of src/ has a row in the layer table, and the table is consistent', () => {
  for (const e of fs.readdirSync(path.join(packageRoot, 'src'), { withFileTypes: true })) {
    if (e.isDirectory()) assert.ok(TABLE.layers[`src/${e.name}`], `src/${e.name} has no row`);
  }
  assert.deepEqual(tableProblems(), []);
});

test('imports are found as TypeScript reads them: type-only, re-exports and import() count, comments and strings do not', () => {
  const text = [
    "import type { A } from './a.js';",
    'import { type B, C } from "./b.js";',
    "export * from './c.js';",
    "export type { D } from './d.js';",
    "// import x from './commented.js';",
    "const s = `import y from './template.js'`;",
    "const re = /from '.\\/regex.js'/;",
    "type E = import('./e.js').E;",
    "import './f.js';",
  ].join('\n');
  assert.deepEqual(importsOf(text), [
    { specifier: './a.js', line: 1 },
    { specifier: './b.js', line: 2 },
    { specifier: './c.js', line: 3 },
    { specifier: './d.js', line: 4 },
    { specifier: './e.js', line: 8 },
    { specifier: './f.js', line: 9 },
  ]);
  assert.equal(layerOf('src/broker/processor/send.ts'), 'src/broker');
  assert.equal(layerOf('src/index.ts'), 'src');
  assert.equal(layerOf('commands/admin/topicList.ts'), 'commands');
});

test('the checker names file, line, import and rule for each kind of break', () => {
  const rules = (file: string, ...lines: string[]) => checkFile(file, lines.join('\n')).map((v) => `${v.line} ${v.specifier}: ${v.rule}`);
  assert.deepEqual(
    rules(
      'src/store/commit-log.ts',
      "import { getLogger } from '../common/logger.js';",
      "import type { BrokerController } from '../broker/broker-controller.js';",
      "import net from 'node:net';",
      "import fs from 'fs';",
    ),
    [
      '2 ../broker/broker-controller.js: src/store must never import src/broker: the store is usable on its own and knows nothing of sockets',
      '3 node:net: src/store must never import node:net: the store is usable on its own and knows nothing of sockets',
      '4 fs: built-in modules are imported as node:fs',
    ],
  );
  assert.deepEqual(
    rules(
      'src/admin/topics.ts',
      "import { Chalk } from 'chalk';",
      "import { Flags } from '@oclif/core/flags';",
      "import { MqCommand } from '../cli/base-command.js';",
    ),
    [
      '1 chalk: src/admin must never import chalk: src/admin is a library a program uses without the CLI',
      '2 @oclif/core/flags: src/admin must never import @oclif/core: src/admin is a library a program uses without the CLI',
      '3 ../cli/base-command.js: src/admin must never import src/cli: src/admin is a library a program uses without the CLI',
    ],
  );
  assert.deepEqual(
    rules(
      'commands/admin/deleteKvConfig.ts',
      "import { ResponseCode } from '../../src/remoting/response-code.js';",
      "import { AdminCommand } from '../../src/cli/admin/admin-command.js';",
    ),
    [
      '1 ../../src/remoting/response-code.js: commands (thin oclif commands) may import only src/cli, src/tools, src/admin, not src/remoting',
    ],
  );
  assert.deepEqual(rules('src/remoting/client.ts', "export * from '../client/index.js';"), [
    '1 ../client/index.js: src/remoting must never import src/client: remoting knows nothing of topics or roles',
  ]);
  assert.deepEqual(
    rules('src/tools/format.ts', "import { startNamesrv } from '../../test/harness/servers.js';", "import x from '../../../elsewhere.js';"),
    [
      '1 ../../test/harness/servers.js: test is outside the layered code (' + Object.keys(TABLE.layers).join(', ') + ')',
      '2 ../../../elsewhere.js: reaches outside the package',
    ],
  );
  assert.deepEqual(rules('src/namesrv/route-table.ts', "import type { TopicConfig } from '../store/x.js';"), [
    '1 ../store/x.js: src/namesrv (the name server) may import only src/remoting, src/common, not src/store',
  ]);
  assert.deepEqual(
    rules('src/common/errors.ts', "import { x } from '../common/message/message-const.js';", "import toml from 'toml';"),
    [],
    'its own folder and unlisted packages are free',
  );
  assert.deepEqual(rules('src/newthing/x.ts', "import { x } from '../common/errors.js';"), [
    '1 : src/newthing has no row in the layer table (test/unit/layers/layer-table.ts)',
  ]);
  assert.equal(formatViolation({ file: 'src/store/a.ts', line: 3, specifier: 'node:net', rule: 'r' }), "src/store/a.ts:3: 'node:net': r");
});

test('a table whose uses form a cycle, or let a never-rule be broken indirectly, is refused', () => {
  const bad: Rules = {
    layers: {
      'src/common': { holds: 'c', uses: ['src/remoting'] },
      'src/remoting': { holds: 'r', uses: ['src/common'] },
      'src/store': { holds: 's', uses: ['src/common', 'src/nowhere'] },
    },
    never: [{ from: 'src/store', to: ['src/remoting'], why: 'no sockets' }],
    packages: { chalk: { layers: ['src/cli'], why: 'ui' } },
  };
  assert.deepEqual(tableProblems(bad), [
    'src/common depends on itself through src/remoting',
    'src/remoting depends on itself through src/common',
    'src/store uses src/nowhere, which has no row',
    'src/store reaches src/remoting through its uses, which must never be: no sockets',
    'chalk is allowed in src/cli, which has no row',
  ]);
});
