// `mq start`: a name server and a broker in one process, ready to use; the first command after install.
// It prints its banner first (logs go to files, and to stderr only with --verbose or for warnings),
// or with --json one JSON line once both servers listen.

import path from 'node:path';
import { Flags } from '@oclif/core';
import { MqCommand } from '../src/cli/base-command.js';
import { parseBrokerPortFlag, parseIntegerFlag, parsePortFlag } from '../src/cli/flag-values.js';
import { MQ_START_HOST, runMq } from '../src/cli/mq-start.js';
import { setupServerLogging } from '../src/cli/server-logging.js';

export default class Start extends MqCommand {
  static override description = 'Start a name server and a broker in one process (data under ~/.mq, or $MQ_HOME), on 127.0.0.1';

  static override examples = [
    '<%= config.bin %> start',
    '<%= config.bin %> start --store /var/lib/mq/store',
    '<%= config.bin %> start --namesrv-port 0 --broker-port 0 --json',
    '<%= config.bin %> start --host 0.0.0.0',
    'ROCKETMQ_HOME=/opt/mq <%= config.bin %> start --acl',
  ];

  static override flags = {
    store: Flags.string({ description: 'Store directory (default: $MQ_HOME/store or ~/.mq/store)' }),
    'namesrv-port': Flags.string({ description: 'Name server port (default 9876; 0 picks a free one)' }),
    'broker-port': Flags.string({ description: 'Broker port (default 10911, VIP 10909, HA 10912; 0 picks free ones)' }),
    'broker-ip': Flags.string({ description: 'Address clients reach the broker at (default: the --host address, or this machine’s)' }),
    host: Flags.string({ description: `Address both servers bind to (default ${MQ_START_HOST}; 0.0.0.0 opens them to the network)` }),
    verbose: Flags.boolean({ description: 'Show info log lines on stderr too (they always go to the log files)', default: false }),
    acl: Flags.boolean({
      description: 'Turn ACL on (aclEnable=true): every request is checked against conf/plain_acl.yml under ROCKETMQ_HOME',
      default: false,
    }),
    metrics: Flags.boolean({ description: 'Serve Prometheus metrics (/metrics) for both servers', default: true, allowNo: true }),
    'metrics-port': Flags.string({ description: "Broker's /metrics port (default 5557; 0 with --broker-port 0)" }),
    'namesrv-metrics-port': Flags.string({ description: "Name server's /metrics port (default 5558; 0 with --namesrv-port 0)" }),
    dashboard: Flags.boolean({ description: 'Serve the web dashboard too', default: true, allowNo: true }),
    'dashboard-port': Flags.string({ description: 'Dashboard port (default 8080; 0 picks a free one)' }),
    'dashboard-host': Flags.string({ description: 'Dashboard address (default 127.0.0.1: this machine only)' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Start);
    const namesrvPort = parsePortFlag(flags['namesrv-port'], 'namesrv-port');
    const brokerPort = parseBrokerPortFlag('broker-port', flags['broker-port']);
    const logDir = setupServerLogging('start', { verbose: flags.verbose });
    const started = await runMq({
      storeDir: flags.store ? path.resolve(flags.store) : undefined,
      namesrvPort,
      brokerPort,
      brokerIP: flags['broker-ip'],
      host: flags.host,
      logDir,
      aclEnable: flags.acl,
      metrics: flags.metrics,
      brokerMetricsPort: parseIntegerFlag('metrics-port', flags['metrics-port'], 0, 65535),
      namesrvMetricsPort: parseIntegerFlag('namesrv-metrics-port', flags['namesrv-metrics-port'], 0, 65535),
      dashboard: flags.dashboard,
      dashboardPort: parseIntegerFlag('dashboard-port', flags['dashboard-port'], 0, 65535),
      dashboardHost: flags['dashboard-host'],
    });
    if (this.jsonOutput) this.log(JSON.stringify(started.info));
    else for (const line of started.lines) this.log(line);
  }
}
