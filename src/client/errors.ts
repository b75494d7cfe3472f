// Errors the client raises itself, with Java's wording where people and scripts look for it.
// Broker answers with a failure code arrive as MQBrokerError (remoting/errors.ts).

import { MQClientError } from '../common/errors.js';
import { ResponseCode } from '../remoting/response-code.js';
import { ClientErrorCode } from './mix-all.js';

export { MQClientError };

/** Java's "No route info of this topic: X", naming the name servers that were asked. */
export function noRouteError(topic: string, namesrvAddrs: readonly string[]): MQClientError {
  const asked = namesrvAddrs.length > 0 ? namesrvAddrs.join(';') : '(none)';
  return new MQClientError(ClientErrorCode.NOT_FOUND_TOPIC_EXCEPTION, `No route info of this topic: ${topic}, name servers: ${asked}`);
}

/** DefaultMQProducerImpl.validateNameServerSetting. */
export function noNameServerError(): MQClientError {
  return new MQClientError(
    ClientErrorCode.NO_NAME_SERVER_EXCEPTION,
    'No name server address, please set it (-n, namesrvAddr or NAMESRV_ADDR)',
  );
}

export function brokerNotExistError(brokerName: string): MQClientError {
  return new MQClientError(ClientErrorCode.BROKER_NOT_EXIST_EXCEPTION, `The broker[${brokerName}] not exist`, { retriable: true });
}

export function illegalMessage(message: string): MQClientError {
  return new MQClientError(ResponseCode.MESSAGE_ILLEGAL, message);
}

/** A service used in the wrong state (not started, or shut down). */
/** Where a producer or consumer is in its life (Java's ServiceState): start() once, shutdown() once. */
export type ServiceState = 'CREATE_JUST' | 'RUNNING' | 'SHUTDOWN_ALREADY' | 'START_FAILED';

export function serviceStateError(what: string, state: string): MQClientError {
  return new MQClientError(-1, `The ${what} service state not OK, ${state}`);
}
