import { connectAdminOf, createToolClient, type KafkaAdmin, type KafkaClient } from '@orderflow/kafka';

/** The Kafka handles an operator command needs: an admin connection and a client for readers and producers. */
export interface OperationsClient {
  kafka: KafkaClient;
  admin: KafkaAdmin;
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
  const kafka = createToolClient({ clientId, brokers, logLevel: 'error' });
  const admin = await connectAdminOf(kafka, brokers);
  return { kafka, admin, close: () => admin.disconnect() };
};

/** Runs `work` with a connected client and closes it afterwards, whatever happens. */
export const withOperations = async <T>(
  options: ConnectOperationsOptions,
  work: (client: OperationsClient) => Promise<T>,
): Promise<T> => {
  const client = await connectOperations(options);
  try {
    return await work(client);
  } finally {
    await client.close();
  }
};
