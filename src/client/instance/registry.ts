// MQClientManager: the client instances of this process, one per client id. Producers and
// consumers that resolve to the same id share one instance (and its connections); the instance
// leaves the registry when its last user shuts down.

import type { ClientConfig } from '../client-config.js';
import { ClientInstance } from './client-instance.js';

const instances = new Map<string, ClientInstance>();

/** The instance for `config`'s client id, created with `config` when there is none yet. */
export function getOrCreateClientInstance(config: ClientConfig): ClientInstance {
  const clientId = config.buildMQClientId();
  let instance = instances.get(clientId);
  if (!instance || instance.serviceState === 'SHUTDOWN_ALREADY') {
    instance = new ClientInstance(config, clientId, (i) => {
      if (instances.get(i.clientId) === i) instances.delete(i.clientId);
    });
    instances.set(clientId, instance);
  }
  return instance;
}

/** The live instances (tests and diagnostics). */
export function clientInstances(): ClientInstance[] {
  return [...instances.values()];
}
