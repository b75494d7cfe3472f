// `mq broker start`: mqbroker. Runs a broker in the foreground until SIGTERM / SIGINT. Prints Java's
// boot line, or with --json one JSON line (addresses, ports, store, pid, version) once it serves.

import { Flags } from '@oclif/core';
import { MqCommand } from '../../src/cli/base-command.js';
import { brokerBootLine } from '../../src/cli/boot-lines.js';
import { brokerConfigLines, brokerStartInfo, loadBrokerStartupConfig, runBroker } from '../../src/cli/broker-startup.js';
import { parseBrokerPortFlag } from '../../src/cli/flag-values.js';
import { setupServerLogging } from '../../src/cli/server-logging.js';

export default class BrokerStart extends MqCommand {
  static override description = 'Start a broker in the foreground (mqbroker)';

  static override examples = [
    '<%= config.bin %> broker start -c conf/broker.conf -n 127.0.0.1:9876',
    '<%= config.bin %> broker start -c conf/2m-2s-sync/broker-a.toml',
    '<%= config.bin %> broker start -c conf/broker.conf --port 0',
    '<%= config.bin %> broker start -c conf/broker.conf -p',
  ];

  static override flags = {
    configFile: Flags.string({ char: 'c', description: 'Broker config file (.properties/.conf, or .toml)' }),
    namesrvAddr: Flags.string({ char: 'n', description: 'Name server address list, e.g. "192.168.0.1:9876;192.168.0.2:9876"' }),
    printConfigItem: Flags.boolean({ char: 'p', description: 'Print all config items and exit', default: false }),
    printImportantConfig: Flags.boolean({ char: 'm', description: 'Print important config items and exit', default: false }),
    port: Flags.string({ description: 'Listen on this port instead of listenPort (0 picks free ports for it, the VIP and the HA port)' }),
    host: Flags.string({ description: 'Bind to this address only (default: all interfaces)' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(BrokerStart);
    const port = parseBrokerPortFlag('port', flags.port);
    const cfg = loadBrokerStartupConfig(flags.configFile, flags.namesrvAddr);
    if (port !== undefined) {
      cfg.nettyServerConfig.listenPort = port;
      cfg.messageStoreConfig.haListenPort = port === 0 ? 0 : port + 1;
    }
    if (flags.configFile && !this.jsonOutput) this.log(`load config properties file OK, ${flags.configFile}`);
    if (flags.printConfigItem || flags.printImportantConfig) {
      for (const line of brokerConfigLines(cfg, !flags.printConfigItem)) this.log(line);
      return;
    }
    const b = cfg.brokerConfig;
    const logDir = setupServerLogging('broker', { subdir: b.isolateLogEnable ? `${b.brokerName}_${b.brokerId}` : undefined });
    const controller = await runBroker(cfg, flags.host ? { host: flags.host } : {});
    if (this.jsonOutput) this.log(JSON.stringify(brokerStartInfo(controller, flags.host, logDir)));
    else this.log(brokerBootLine(controller));
  }
}
