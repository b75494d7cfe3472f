// Which folders of the code may import which: the one written-down form of ARCHITECTURE.md's
// "Layers", enforced by layers.test.ts over every import (type-only ones too) in src/, commands/
// and bench/. A folder is `src/<name>`; files directly in src/ (the package entry) are `src`.
//
// To add a folder: give it a row listing what it may import, and add it to the `uses` of the
// layers that may import it. Rows for folders that do not exist yet (acl, filter, ha, metrics,
// dashboard) are the plan; they are checked like the others once the folder appears.

export interface Layer {
  /** What it holds, for the message when a rule breaks. */
  holds: string;
  /** The other layers its files may import directly (its own folder always). */
  uses: readonly string[];
}

export const LAYERS: Readonly<Record<string, Layer>> = {
  'src/common': { holds: 'config, logger, errors, runtime seam, message format, time format', uses: [] },
  'src/remoting': { holds: 'frames, headers, code tables, protocol bodies, server and client', uses: ['src/common'] },
  'src/store': { holds: 'commit log, consume queues, index, recovery', uses: ['src/common'] },
  'src/acl': { holds: 'ACL 1.0: access validation and request signing', uses: ['src/remoting', 'src/common'] },
  'src/filter': { holds: 'SQL92 message filters', uses: ['src/common'] },
  'src/ha': { holds: 'master/slave replication of the commit log', uses: ['src/store', 'src/common'] },
  'src/namesrv': { holds: 'the name server', uses: ['src/remoting', 'src/common'] },
  'src/broker': { holds: 'the broker', uses: ['src/acl', 'src/filter', 'src/ha', 'src/store', 'src/remoting', 'src/common'] },
  'src/client': { holds: 'producers, consumers and the remote API', uses: ['src/acl', 'src/filter', 'src/remoting', 'src/common'] },
  'src/admin': {
    holds: 'mqadmin operations and their output formats, a library',
    uses: ['src/client', 'src/acl', 'src/filter', 'src/remoting', 'src/common'],
  },
  'src/tools': {
    holds: 'quickstart and benchmark tools',
    uses: ['src/admin', 'src/client', 'src/acl', 'src/filter', 'src/remoting', 'src/common'],
  },
  'src/metrics': {
    holds: 'statistics and metrics gathered over admin calls',
    uses: ['src/admin', 'src/client', 'src/remoting', 'src/common'],
  },
  'src/dashboard': { holds: 'the web dashboard', uses: ['src/metrics', 'src/admin', 'src/client', 'src/remoting', 'src/common'] },
  'src/cli': {
    holds: 'command base classes, server start-up, CLI hooks',
    uses: [
      'src/dashboard',
      'src/metrics',
      'src/tools',
      'src/admin',
      'src/client',
      'src/namesrv',
      'src/broker',
      'src/acl',
      'src/filter',
      'src/ha',
      'src/store',
      'src/remoting',
      'src/common',
    ],
  },
  src: { holds: 'the package entry point', uses: ['src/admin', 'src/client', 'src/remoting', 'src/common'] },
  commands: { holds: 'thin oclif commands', uses: ['src/cli', 'src/tools', 'src/admin'] },
  bench: {
    holds: 'benchmarks',
    uses: [
      'src/tools',
      'src/admin',
      'src/client',
      'src/namesrv',
      'src/broker',
      'src/acl',
      'src/filter',
      'src/ha',
      'src/store',
      'src/remoting',
      'src/common',
    ],
  },
};

/**
 * Imports that must not exist even indirectly: no chain of `uses` may lead from `from` to a
 * folder here, and no file of `from` may import a module named here.
 */
export const NEVER: ReadonlyArray<{ from: string; to: readonly string[]; why: string }> = [
  {
    from: 'src/store',
    to: [
      'src/broker',
      'src/remoting',
      'src/namesrv',
      'src/client',
      'src/ha',
      'node:net',
      'node:tls',
      'node:dgram',
      'node:http',
      'node:https',
      'node:http2',
    ],
    why: 'the store is usable on its own and knows nothing of sockets',
  },
  { from: 'src/client', to: ['src/broker', 'src/namesrv', 'src/store'], why: 'a client reaches the servers only over the wire' },
  { from: 'src/remoting', to: ['src/client', 'src/broker', 'src/namesrv', 'src/store'], why: 'remoting knows nothing of topics or roles' },
  { from: 'src/admin', to: ['src/cli', '@oclif/core', 'chalk', 'ora'], why: 'src/admin is a library a program uses without the CLI' },
];

/** Packages only some layers may import; any other package, any layer. */
export const RESTRICTED_PACKAGES: Readonly<Record<string, { layers: readonly string[]; why: string }>> = {
  '@oclif/core': { layers: ['src/cli', 'src/tools', 'commands'], why: 'the terminal interface stays above the libraries' },
  chalk: { layers: ['src/cli', 'src/tools', 'commands'], why: 'the terminal interface stays above the libraries' },
  ora: { layers: ['src/cli', 'src/tools', 'commands'], why: 'the terminal interface stays above the libraries' },
};
