// `--tls` of the commands that act as clients (mq admin, mq tools). Java's mqadmin and tools take
// TLS from the JVM system property tls.enable (JAVA_OPT="-Dtls.enable=true"); our clients read the
// same from TLS_ENABLE or JAVA_OPT (src/common/config/tls-config.ts), and this flag sets it for
// every client of the process, as a system property would.

import { Flags } from '@oclif/core';

export const tlsFlag = Flags.boolean({
  description: 'Connect over TLS (as TLS_ENABLE=true, or JAVA_OPT="-Dtls.enable=true" for mqadmin; tls.client.* settings apply)',
  default: false,
});

/** Called before any client exists: a `--tls` anywhere in argv turns tls.enable on for this process. */
export function applyTlsFlag(argv: readonly string[]): void {
  if (argv.includes('--tls')) process.env.TLS_ENABLE = 'true';
}
