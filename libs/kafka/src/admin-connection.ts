import { OrderflowError } from '@orderflow/errors';

import type { KafkaAdmin, KafkaTestAdmin } from './kafka-admin';
import type { KafkaClient, KafkaLogLevel } from './kafka-client.types';
import { testAdminOf } from './kafkajs-client';
import { createToolClient } from './tool-client.factory';

export interface ConnectAdminOptions {
  brokers: readonly string[];
  clientId: string;
  /**
   * 'error' by default: while a fresh broker starts, KafkaJS warns about coordinators still loading,
   * which is expected and retried.
   */
  logLevel?: KafkaLogLevel;
}

/** Connects `admin`, turning an unreachable broker into an actionable error. */
const connected = async <T extends KafkaAdmin>(admin: T, brokers: readonly string[]): Promise<T> => {
  try {
    await admin.connect();
  } catch (error: unknown) {
    throw new OrderflowError(
      'DEPENDENCY_UNAVAILABLE',
      `Cannot reach Kafka at ${brokers.join(',')}: start the stack with \`npm run stack:up\` or check KAFKA_BROKERS.`,
      { retriable: true, context: { brokers }, cause: error },
    );
  }
  return admin;
};

/** A connected admin, or DEPENDENCY_UNAVAILABLE naming the brokers and what to do. */
export const connectAdmin = ({
  brokers,
  clientId,
  logLevel = 'error',
}: ConnectAdminOptions): Promise<KafkaAdmin> =>
  connectAdminOf(createToolClient({ brokers, clientId, logLevel }), brokers);

/** Connects an admin of an existing client, turning an unreachable broker into an actionable error. */
export const connectAdminOf = (kafka: KafkaClient, brokers: readonly string[]): Promise<KafkaAdmin> =>
  connected(kafka.admin(), brokers);

/** A connected admin that may also delete topics and rewind groups: for tests only. */
export const connectTestAdmin = ({
  brokers,
  clientId,
  logLevel = 'error',
}: ConnectAdminOptions): Promise<KafkaTestAdmin> =>
  connected(testAdminOf(createToolClient({ brokers, clientId, logLevel })), brokers);
