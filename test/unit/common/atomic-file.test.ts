// Java's string2File behaviour, in both variants and both durabilities: the directory is made, the
// first write leaves no .bak, later ones keep the previous content in .bak, no .tmp stays behind.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { backupFileOf, type Durability, writeFileAtomic, writeFileAtomicSync } from '../../../src/common/atomic-file.js';
import { tmpDir } from '../../harness/tmp.js';

const variants: Array<[string, (file: string, text: string, d: Durability) => Promise<void> | void]> = [
  ['writeFileAtomic', writeFileAtomic],
  ['writeFileAtomicSync', writeFileAtomicSync],
];

for (const [name, write] of variants) {
  for (const durability of ['fsync', 'page-cache'] as const) {
    test(`${name} (${durability}) replaces the file and keeps the previous content as .bak`, async (t) => {
      const file = path.join(tmpDir('mq-atomic-', t), 'config', 'topics.json');
      await write(file, '{"v":1}', durability);
      assert.equal(fs.readFileSync(file, 'utf8'), '{"v":1}');
      assert.equal(fs.existsSync(backupFileOf(file)), false, 'nothing to back up the first time');
      await write(file, '{"v":2} caf\u00e9', durability);
      await write(file, '{"v":3}', durability);
      assert.equal(fs.readFileSync(file, 'utf8'), '{"v":3}');
      assert.equal(fs.readFileSync(`${file}.bak`, 'utf8'), '{"v":2} caf\u00e9');
      assert.deepEqual(fs.readdirSync(path.dirname(file)).sort(), ['topics.json', 'topics.json.bak']);
    });
  }
}
