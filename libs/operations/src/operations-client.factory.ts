import { Kafka, logLevel, type Admin } from 'kafkajs';

import { OrderflowError } from '@orderflow/errors';

/** The Kafka handles an operator command needs: an admin connection and a client for readers and producers. */
export interface OperationsClient {
  kafka: Kafka;
  admin: Admin;
  close(): Promise<void>;
}

export interface ConnectOperationsOptions {
  brokers: readonly string[];
  clientId?: string;
}

export const connectOperations = async ({
  brokers,
  clientId = 'orderflow-cli',
}: ConnectOperationsOptions): Promise<OperationsClient> => {
  // ERROR only: rebalances of the short-lived reader groups log warnings that are expected here.
  const kafka = new Kafka({ clientId, brokers: [...brokers], logLevel: logLevel.ERROR });
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
  return { kafka, admin, close: () => admin.disconnect() };
};
