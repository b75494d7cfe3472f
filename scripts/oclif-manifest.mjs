#!/usr/bin/env node
// Writes oclif.manifest.json after the build, as `oclif manifest` would, so `mq` does not import
// every command file at start-up to learn their ids and flags. Part of `npm run build`/`prepare`.
// It also gives every camelCase admin command its lowercase name as a hidden alias (mqadmin users
// type `clusterlist`), here rather than in each command file; a CLI whose manifest is missing or
// stale (bin/run.js then scans dist/commands) knows only the camelCase names.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Plugin } from '@oclif/core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const target = path.join(root, 'oclif.manifest.json');
fs.rmSync(target, { force: true });
const plugin = new Plugin({ root, type: 'core', ignoreManifest: true, errorOnManifestCreate: true });
await plugin.load();
for (const [id, command] of Object.entries(plugin.manifest.commands)) {
  const lower = id.toLowerCase();
  if (!id.startsWith('admin:') || lower === id || command.aliases.includes(lower) || command.hiddenAliases.includes(lower)) continue;
  command.hiddenAliases = [...command.hiddenAliases, lower];
}
fs.writeFileSync(target, JSON.stringify(plugin.manifest));
console.log(`oclif manifest: ${Object.keys(plugin.manifest.commands).length} commands`);
