// `mq dashboard`: the web dashboard for any RocketMQ cluster, through its name servers.

import path from 'node:path';
import { Flags } from '@oclif/core';
import { MqCommand } from '../src/cli/base-command.js';
import { runDashboard } from '../src/cli/dashboard-startup.js';
import { parseIntegerFlag } from '../src/cli/flag-values.js';
import { credentialFlags, toolCredentials } from '../src/tools/credentials.js';
import { tlsFlag } from '../src/cli/tls-flag.js';

export default class Dashboard extends MqCommand {
  static override description = 'Serve a web dashboard for a RocketMQ cluster (http://127.0.0.1:8080/ by default)';

  static override examples = [
    '<%= config.bin %> dashboard -n 127.0.0.1:9876',
    '<%= config.bin %> dashboard -n 127.0.0.1:9876 --port 9000 --read-only',
    '<%= config.bin %> dashboard -n 127.0.0.1:9876 --host 0.0.0.0 --users users.properties',
  ];

  static override flags = {
    tls: tlsFlag,
    namesrvAddr: Flags.string({
      char: 'n',
      description: 'Name server address list, eg: "192.168.0.1:9876;192.168.0.2:9876" (default: NAMESRV_ADDR)',
    }),
    port: Flags.string({ char: 'p', description: 'HTTP port (default 8080; 0 picks a free one)' }),
    host: Flags.string({ description: 'Address to listen on (default 127.0.0.1: this machine only)' }),
    'read-only': Flags.boolean({ description: 'Turn off every change: create, update, delete, reset, resend, send', default: false }),
    users: Flags.string({ description: 'Ask for a login: a users.properties file of <name>=<password>[,1 for admin]' }),
    ...credentialFlags,
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Dashboard);
    const opts = {
      ...(flags.namesrvAddr ? { namesrvAddr: flags.namesrvAddr } : {}),
      ...(flags.host ? { host: flags.host } : {}),
      port: parseIntegerFlag('port', flags.port, 0, 65535) ?? 8080,
      readOnly: flags['read-only'],
      ...(flags.users ? { usersFile: path.resolve(flags.users) } : {}),
      // Signed as mqadmin signs (ACL clusters): the flags, else the environment, else tools.yml.
      admin: { credentials: toolCredentials(flags.accessKey, flags.secretKey) ?? null },
    };
    const { lines } = await runDashboard(opts);
    for (const line of lines) this.log(line);
  }
}
