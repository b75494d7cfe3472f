// oclif `command_not_found` hook: an unknown command gets one line naming the nearest real one
// ("Did you mean topicList?"), found by edit distance over every command and alias, ignoring case,
// so mqadmin habits (`mq admin topiclst`) land somewhere useful. `mq admin help <command>` (how
// mqadmin shows one command's options) prints that command's help.

import { Errors, type Hook, loadHelpClass } from '@oclif/core';
import { editDistance } from '../../common/edit-distance.js';

export { editDistance };

export interface CommandName {
  /** Canonical id, e.g. "admin:topicList". */
  id: string;
  aliases?: readonly string[];
}

/**
 * The canonical id nearest to `typed` (ids use ':' between topic and command), or undefined when
 * nothing is close: at most 2 edits, or a third of the name for long names. Commands in the same
 * topic as `typed` win ties.
 */
export function nearestCommand(typed: string, commands: readonly CommandName[]): string | undefined {
  const t = typed.toLowerCase();
  const topic = t.includes(':') ? t.slice(0, t.lastIndexOf(':')) : '';
  let best: { id: string; d: number; same: boolean } | undefined;
  for (const c of commands) {
    for (const name of [c.id, ...(c.aliases ?? [])]) {
      const n = name.toLowerCase();
      const d = editDistance(t, n);
      const same = n.slice(0, Math.max(0, n.lastIndexOf(':'))) === topic;
      if (!best || d < best.d || (d === best.d && same && !best.same)) best = { id: c.id, d, same };
    }
  }
  if (!best) return undefined;
  const last = t.slice(t.lastIndexOf(':') + 1);
  return best.d <= Math.max(2, Math.floor(last.length / 3)) ? best.id : undefined;
}

/** How a person types an id: "admin topicList". */
const spaced = (id: string) => id.replaceAll(':', ' ');

const hook: Hook<'command_not_found'> = async function (opts) {
  const parts = opts.id.split(':');
  const helpAt = parts.indexOf('help');
  if (helpAt > 0 && helpAt === parts.length - 2) {
    const target = [...parts.slice(0, helpAt), parts[helpAt + 1]!].join(':');
    const found = opts.config.findCommand(target) ?? opts.config.findCommand(nearestCommand(target, opts.config.commands) ?? '');
    // A lowercase alias shows the command under its own name.
    const canonical = found &&
      opts.config.commands.find((c) => c.id !== found.id && [...c.aliases, ...(c.hiddenAliases ?? [])].includes(found.id));
    const cmd = canonical ?? found;
    if (cmd) {
      const Help = await loadHelpClass(opts.config);
      await new Help(opts.config, opts.config.pjson.oclif.helpOptions ?? {}).showHelp([cmd.id]);
      return;
    }
  }
  const visible = opts.config.commands.filter((c) => !c.hidden);
  const near = nearestCommand(opts.id, visible);
  const typed = spaced(opts.id);
  if (!near) throw new Errors.CLIError(`${typed} is not an ${opts.config.bin} command; see ${opts.config.bin} --help`, { exit: 1 });
  const nearParts = near.split(':');
  const sameTopic = nearParts.slice(0, -1).join(':') === parts.slice(0, -1).join(':');
  const suggestion = sameTopic ? nearParts[nearParts.length - 1]! : spaced(near);
  throw new Errors.CLIError(`${typed} is not an ${opts.config.bin} command. Did you mean ${suggestion}?`, { exit: 1 });
};

export default hook;
