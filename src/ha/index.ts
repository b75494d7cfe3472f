export { HAService, type HAServiceOptions, type SlaveInfo } from './ha-service.js';
export { HAClient } from './ha-client.js';
export { HAConnection } from './ha-connection.js';
export { GroupTransfer } from './group-transfer.js';
