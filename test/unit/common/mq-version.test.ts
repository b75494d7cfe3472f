// The named MQVersion ordinals the code branches on are the ordinals of Java's enum (names by
// ordinal are checked in the admin format test).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CURRENT_VERSION, MQVersion, mqVersionDesc, mqVersionOrdinal } from '../../../src/common/mq-version.js';
import { CURRENT_VERSION as REMOTING_VERSION } from '../../../src/remoting/command.js';
import { clientVersionDesc } from '../../../src/client/version.js';

test('named versions carry the ordinals Java 4.9.8 sends', () => {
  assert.deepEqual({ ...MQVersion }, { V3_0_7_SNAPSHOT: 28, V3_0_11: 37, V3_1_8_SNAPSHOT: 62, V3_4_9: 121, V4_9_4: 401, V4_9_8: 409 });
  assert.equal(CURRENT_VERSION, 409);
  assert.equal(REMOTING_VERSION, 409);
  assert.equal(clientVersionDesc(), 'V4_9_8');
  for (const [name, ordinal] of Object.entries(MQVersion)) assert.equal(mqVersionDesc(ordinal), name);
  assert.throws(() => mqVersionOrdinal('V4_9_10'), /no MQVersion named V4_9_10/);
});
