// Starting the web dashboard from the CLI (`mq dashboard`, and `mq start` beside its servers): the
// server, and the lines that say where it is, what it allows, and when it is open to other machines.

import { getLogger } from '../common/logger.js';
import { type DashboardOptions, DashboardServer, isLoopbackHost } from '../dashboard/index.js';
import { stopOnSignal } from './process-lifetime.js';

const log = getLogger('dashboard');

/** What to print once the dashboard listens. */
export function dashboardLines(server: DashboardServer, opts: DashboardOptions): string[] {
  const lines = [`Dashboard on ${server.url} (name server ${server.admin.nameServerAddressList.join(';')})`];
  if (opts.readOnly) lines.push('The dashboard is read-only: creating, changing, deleting, resetting and resending are turned off.');
  if (opts.usersFile) lines.push(`The dashboard asks for a login (users from ${opts.usersFile}).`);
  if (!isLoopbackHost(opts.host ?? '127.0.0.1') && !opts.usersFile) {
    lines.push(`Warning: the dashboard is reachable from other machines on ${opts.host} without a login (--users <file> asks for one).`);
  }
  return lines;
}

/** `mq dashboard`: serves until SIGTERM / SIGINT. */
export async function runDashboard(opts: DashboardOptions): Promise<{ server: DashboardServer; lines: string[] }> {
  const server = new DashboardServer(opts);
  await server.start();
  stopOnSignal(() => server.close(), log);
  return { server, lines: dashboardLines(server, opts) };
}
