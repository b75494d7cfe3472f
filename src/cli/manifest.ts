// oclif.manifest.json, as `oclif manifest` writes it: every command's id, flags and aliases, so `mq`
// does not import every command file at start-up to learn them. The build writes it
// (scripts/oclif-manifest.mjs), and bin/run.js writes it again when a bare `tsc` left it older than
// the compiled commands. Every camelCase admin command gets its lowercase name as a hidden alias
// here (mqadmin users type `clusterlist`), hidden so that lists show each command once, and so do
// the second names mqadmin gives some commands (SubCommand.commandAlias).

import fs from 'node:fs';
import path from 'node:path';
import { type Interfaces, Plugin } from '@oclif/core';

/** mqadmin's commandAlias of a command, by command id. */
export const MQADMIN_ALIASES: Readonly<Record<string, readonly string[]>> = { 'admin:deleteAclConfig': ['admin:deleteAccessConfig'] };

export function addLowercaseAdminAliases(manifest: Interfaces.Manifest): void {
  for (const [id, command] of Object.entries(manifest.commands)) {
    const java = MQADMIN_ALIASES[id];
    if (java) command.hiddenAliases = [...command.hiddenAliases, ...java.filter((a) => !command.hiddenAliases.includes(a))];
    const lower = id.toLowerCase();
    if (!id.startsWith('admin:') || lower === id || command.aliases.includes(lower) || command.hiddenAliases.includes(lower)) continue;
    command.hiddenAliases = [...command.hiddenAliases, lower];
  }
}

/** Loads every command under `root` and writes the manifest there; returns the number of commands. */
export async function writeManifest(root: string): Promise<number> {
  const plugin = new Plugin({ root, type: 'core', ignoreManifest: true, errorOnManifestCreate: true });
  await plugin.load();
  addLowercaseAdminAliases(plugin.manifest);
  // Several `mq` processes may rewrite it at once: each renames a whole file into place.
  const target = path.join(root, 'oclif.manifest.json');
  const tmp = `${target}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(plugin.manifest));
  fs.renameSync(tmp, target);
  return Object.keys(plugin.manifest.commands).length;
}
