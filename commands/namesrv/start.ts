// `mq namesrv start`: mqnamesrv. Runs a name server in the foreground until SIGTERM / SIGINT. Prints
// Java's boot line, or with --json one JSON line (address, port, pid, version) once it listens.

import { Flags } from '@oclif/core';
import { MqCommand } from '../../src/cli/base-command.js';
import { loadNamesrvStartupConfig, namesrvConfigLines, runNamesrv } from '../../src/cli/namesrv-startup.js';
import { parsePortFlag } from '../../src/cli/flag-values.js';
import { namesrvBootLine } from '../../src/cli/boot-lines.js';
import { packageInfo } from '../../src/cli/invocation.js';
import { setupServerLogging } from '../../src/cli/server-logging.js';

export default class NamesrvStart extends MqCommand {
  static override description = 'Start a name server in the foreground (mqnamesrv)';

  static override examples = [
    '<%= config.bin %> namesrv start',
    '<%= config.bin %> namesrv start -c conf/namesrv.properties',
    '<%= config.bin %> namesrv start --port 0',
    '<%= config.bin %> namesrv start -c conf/namesrv.toml -p',
  ];

  static override flags = {
    configFile: Flags.string({ char: 'c', description: 'Name server config file (.properties, or .toml)' }),
    printConfigItem: Flags.boolean({ char: 'p', description: 'Print all config items and exit', default: false }),
    printImportantConfig: Flags.boolean({ char: 'm', description: 'Print important config items and exit', default: false }),
    namesrvAddr: Flags.string({ char: 'n', description: 'Accepted for compatibility with mqnamesrv; a name server needs no name server' }),
    port: Flags.string({ description: 'Listen on this port instead of listenPort (0 picks a free one)' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(NamesrvStart);
    const port = parsePortFlag(flags.port);
    const cfg = loadNamesrvStartupConfig(flags.configFile);
    if (flags.configFile && !this.jsonOutput) this.log(`load config properties file OK, ${flags.configFile}`);
    if (flags.printConfigItem || flags.printImportantConfig) {
      for (const line of namesrvConfigLines(cfg, !flags.printConfigItem)) this.log(line);
      return;
    }
    if (port !== undefined) cfg.nettyServerConfig.listenPort = port;
    const logDir = setupServerLogging('namesrv');
    const { port: bound } = await runNamesrv(cfg);
    if (this.jsonOutput) {
      const info = { version: packageInfo().version, pid: process.pid, addr: `0.0.0.0:${bound}`, host: '0.0.0.0', port: bound, logDir };
      this.log(JSON.stringify(info));
    } else {
      this.log(namesrvBootLine());
    }
  }
}
