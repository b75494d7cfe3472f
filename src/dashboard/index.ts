// The web dashboard as a library: `new DashboardServer({ namesrvAddr }).start()` serves it.

export {
  CSRF_HEADER,
  type DashboardOptions,
  DashboardServer,
  DEFAULT_DASHBOARD_HOST,
  DEFAULT_DASHBOARD_PORT,
  isLoopbackHost,
} from './dashboard-server.js';
export { parseUsers, UsersFile } from './auth.js';
export { TpsSampler, type TpsSamplerOptions } from './tps-sampler.js';
