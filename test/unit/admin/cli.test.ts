// The admin CLI's own logic: nearest-command suggestions for mistyped names, the grouping of the
// `mq admin` index (every admin command appears in exactly one group), the lowercase aliases, and
// option parsing.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { editDistance, nearestCommand } from '../../../src/cli/hooks/command-not-found.js';
import { ADMIN_COMMAND_GROUPS, groupAdminCommands } from '../../../src/cli/admin/command-groups.js';
import { bodyDecoder, intOption, javaBoolean } from '../../../src/cli/admin/flags.js';
import { packageRoot } from '../../../src/common/runtime.js';
import { addLowercaseAdminAliases, MQADMIN_ALIASES } from '../../../src/cli/manifest.js';
import type { Interfaces } from '@oclif/core';

const adminCommands = fs.readdirSync(path.join(packageRoot, 'commands', 'admin'))
  .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
  .map((f) => f.slice(0, -3));

const ids = [...adminCommands.map((c) => ({ id: `admin:${c}`, aliases: [`admin:${c.toLowerCase()}`] })), { id: 'namesrv:start' }, {
  id: 'broker:start',
}, { id: 'start' }];

test('nearest command: mqadmin names mistyped, in any case, resolve to the real one', () => {
  assert.equal(editDistance('kitten', 'sitting'), 3);
  assert.equal(editDistance('', 'abc'), 3);
  assert.equal(nearestCommand('admin:topiclst', ids), 'admin:topicList');
  assert.equal(nearestCommand('admin:clustrList', ids), 'admin:clusterList');
  assert.equal(nearestCommand('admin:CONSUMERPROGRES', ids), 'admin:consumerProgress');
  assert.equal(nearestCommand('admin:updatetopik', ids), 'admin:updateTopic');
  assert.equal(nearestCommand('namesrvv:start', ids), 'namesrv:start');
  assert.equal(nearestCommand('admin:frobnicate', ids), undefined);
});

test('the admin index lists every command in one group, in mqadmin order', () => {
  const listed = ADMIN_COMMAND_GROUPS.flatMap((g) => g.commands);
  assert.equal(new Set(listed).size, listed.length, 'a command is in two groups');
  assert.deepEqual([...adminCommands].sort(), [...listed].sort(), 'groups and commands/admin differ');
  const groups = groupAdminCommands([...adminCommands.map((name) => ({ name, description: name })), {
    name: 'newThing',
    description: 'x',
  }]);
  assert.equal(groups[0]!.title, 'Cluster and broker');
  assert.equal(groups[0]!.commands[0]!.name, 'clusterList');
  assert.deepEqual(groups.at(-1), { title: 'Other', commands: [{ name: 'newThing', description: 'x' }] });
  for (
    const required of [
      'clusterList',
      'brokerStatus',
      'getBrokerConfig',
      'updateBrokerConfig',
      'wipeWritePerm',
      'addWritePerm',
      'clusterRT',
      'sendMsgStatus',
      'topicList',
      'topicRoute',
      'topicStatus',
      'topicClusterList',
      'updateTopic',
      'updateTopicPerm',
      'deleteTopic',
      'updateOrderConf',
      'allocateMQ',
      'statsAll',
      'updateSubGroup',
      'deleteSubGroup',
      'consumerProgress',
      'consumerConnection',
      'producerConnection',
      'resetOffsetByTime',
      'cloneGroupOffset',
      'queryMsgById',
      'queryMsgByKey',
      'queryMsgByUniqueKey',
      'queryMsgByOffset',
      'printMsg',
      'printMsgByQueue',
      'sendMessage',
      'consumeMessage',
      'getNamesrvConfig',
      'updateNamesrvConfig',
      'updateKvConfig',
      'deleteKvConfig',
      'updateAclConfig',
      'deleteAclConfig',
      'clusterAclConfigVersion',
      'updateGlobalWhiteAddr',
    ]
  ) {
    assert.ok(adminCommands.includes(required), `missing ${required}`);
  }
});

test('every camelCase admin command answers to its lowercase name, a hidden alias the build derives', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(packageRoot, 'oclif.manifest.json'), 'utf8')) as {
    commands: Record<string, { hiddenAliases: string[]; aliases: string[] }>;
  };
  for (const c of adminCommands) {
    const entry = manifest.commands[`admin:${c}`];
    assert.ok(entry, `admin:${c} is not in oclif.manifest.json`);
    assert.deepEqual(entry.aliases, [], `${c}: no visible aliases`);
    const lower = c === c.toLowerCase() ? [] : [`admin:${c.toLowerCase()}`];
    // mqadmin's own second names (commandAlias) come first, also from src/cli/manifest.ts.
    assert.deepEqual(entry.hiddenAliases, [...(MQADMIN_ALIASES[`admin:${c}`] ?? []), ...lower], c);
    const source = fs.readFileSync(path.join(packageRoot, 'commands', 'admin', `${c}.ts`), 'utf8');
    assert.doesNotMatch(source, /hiddenAliases/, `${c}: aliases come from src/cli/manifest.ts`);
  }
  const manifest2 = {
    version: '0',
    commands: {
      'admin:topicList': { id: 'admin:topicList', aliases: [], hiddenAliases: [] },
      'admin:statsAll': { id: 'admin:statsAll', aliases: [], hiddenAliases: ['admin:statsall'] },
      'admin:x': { id: 'admin:x', aliases: [], hiddenAliases: [] },
      'tools:benchmark:Producer': { id: 'tools:benchmark:Producer', aliases: [], hiddenAliases: [] },
    },
  } as unknown as Interfaces.Manifest;
  addLowercaseAdminAliases(manifest2);
  assert.deepEqual(Object.values(manifest2.commands).map((c) => c.hiddenAliases), [['admin:topiclist'], ['admin:statsall'], [], []]);
});

test('option values as mqadmin reads them', () => {
  assert.equal(javaBoolean('TRUE'), true);
  assert.equal(javaBoolean('yes'), false);
  assert.equal(javaBoolean(undefined), undefined);
  assert.equal(intOption('r', ' 8 '), 8);
  assert.equal(intOption('r', undefined), undefined);
  assert.throws(() => intOption('r', 'eight'), /^ConfigError: -r must be an integer, not "eight"$/);
  assert.throws(() => intOption('p', '99', 0, 15), /-p must be an integer from 0 to 15/);
  assert.equal(bodyDecoder('UTF-8').decode(Buffer.from('héllo')), 'héllo');
  assert.equal(bodyDecoder('ISO-8859-1').decode(Buffer.from([0xe9])), 'é');
  assert.throws(() => bodyDecoder('NOPE-42'), /unknown charset "NOPE-42"/);
});
