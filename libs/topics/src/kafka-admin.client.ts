import { Kafka, logLevel, type Admin } from 'kafkajs';

import { OrderflowError } from '@orderflow/errors';

/** The admin client the reader and applier take; callers need not import kafkajs. */
export type TopicsAdmin = Admin;

export interface ConnectAdminOptions {
  brokers: readonly string[];
  clientId: string;
}

/**
 * A connected KafkaJS admin client. Logs at ERROR only: while a fresh broker starts, KafkaJS warns about
 * coordinators still loading, which is expected and retried.
 */
export const connectAdmin = ({ brokers, clientId }: ConnectAdminOptions): Promise<TopicsAdmin> =>
  connectAdminOf(new Kafka({ clientId, brokers: [...brokers], logLevel: logLevel.ERROR }), brokers);

/** Connects an admin client of `kafka`, turning an unreachable broker into an actionable error. */
export const connectAdminOf = async (kafka: Kafka, brokers: readonly string[]): Promise<TopicsAdmin> => {
  const admin = kafka.admin();
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
