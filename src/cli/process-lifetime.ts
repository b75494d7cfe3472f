// How long what this process runs lives. Servers (`mq namesrv start`, `mq broker start`, `mq start`)
// have a pid file each while they serve, so `mq <role> stop` finds them; SIGTERM / SIGINT stop
// servers and tools gracefully, and a server's pid file goes even when its shutdown fails.

import { flushLogs, type Logger } from '../common/logger.js';
import { onShutdownSignal } from '../common/runtime.js';
import { removePidFile, type ServerCommand, type ServerRole, writePidFile } from './pid-files.js';

export interface HostedServer {
  role: ServerRole;
  /** The port it listens on, which names its pid file. */
  port: number;
  shutdown(): Promise<void>;
}

export interface HostedServers {
  pidFiles: string[];
  /** Shuts the servers down in the order given, then removes their pid files; the same promise every call. */
  stop(): Promise<void>;
}

/** Writes the servers' pid files (`command` is what started this process); `stop` undoes them. */
export function hostServers(servers: readonly HostedServer[], command: ServerCommand): HostedServers {
  const roles = servers.map((s) => s.role);
  const pidFiles = servers.map((s) => writePidFile(s.role, s.port, { command, roles }));
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= (async () => {
    try {
      for (const s of servers) await s.shutdown();
    } finally {
      for (const f of pidFiles) removePidFile(f);
    }
  })());
  return { pidFiles, stop };
}

/** Runs `stop` on SIGTERM / SIGINT (logged), then exits: 0 when it succeeded, 1 when it threw. */
export function stopOnSignal(stop: () => Promise<void>, log?: Logger): void {
  onShutdownSignal(async (signal) => {
    log?.info('shutting down', { signal });
    try {
      await stop();
    } finally {
      await flushLogs();
    }
  });
}
