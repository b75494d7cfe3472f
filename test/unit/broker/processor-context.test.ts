// Processors see the broker only as a BrokerContext: nothing under processor/ or transaction/
// imports the controller, not even as a type.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../../../src/common/runtime.js';

test('no processor or transaction file imports broker-controller', () => {
  const offenders: string[] = [];
  let files = 0;
  for (const dir of ['src/broker/processor', 'src/broker/transaction']) {
    for (const name of fs.readdirSync(path.join(packageRoot, dir))) {
      if (!name.endsWith('.ts')) continue;
      files++;
      const text = fs.readFileSync(path.join(packageRoot, dir, name), 'utf8');
      if (/from\s+['"][^'"]*broker-controller(\.js)?['"]/.test(text)) offenders.push(`${dir}/${name}`);
    }
  }
  assert.ok(files > 10, 'the processor sources were found');
  assert.deepEqual(offenders, []);
});
