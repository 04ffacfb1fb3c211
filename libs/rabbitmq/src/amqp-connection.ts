import { connect as connectManager, type AmqpConnectionManager } from 'amqp-connection-manager';

export type { AmqpConnectionManager };

/**
 * One reconnecting AMQP connection per process: channels created on it are re-opened, with their setup
 * (topology checks, prefetch, consumers), whenever the broker comes back.
 */
export const createAmqpConnection = (url: string, name: string): AmqpConnectionManager =>
  connectManager([url], {
    heartbeatIntervalInSeconds: 5,
    reconnectTimeInSeconds: 1,
    connectionOptions: { clientProperties: { connection_name: name } },
  });
