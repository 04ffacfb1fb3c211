import type { RunningService } from '@orderflow/service-runtime';
import type { AvroSerde } from '@orderflow/registry';
import {
  createTestDatabase,
  createTestNamespace,
  narrowTopicsFile,
  provisionNamespace,
  type TestDatabase,
  type TestNamespace,
} from '@orderflow/testing';
import { loadTopicsFile } from '@orderflow/topics';

import { readPaymentConfig, startPayment, type PaymentGateway } from '../src';

/** Payment's own topics, one partition each, and one retry tier of 300 ms before the DLQ. */
export const paymentTopics = narrowTopicsFile(loadTopicsFile(), {
  group: 'payment',
  partitions: 1,
  retry: ['300ms'],
});

export interface PaymentOnDatabase {
  namespace: TestNamespace;
  database: TestDatabase;
  serde: AvroSerde;
  close(): Promise<void>;
}

/**
 * The payment service consuming in a namespace of its own, its ledger in a database of its own, charging
 * through `gateway`; `env` adds settings (e.g. a short handler deadline).
 */
export const startPaymentOnDatabase = async (
  label: string,
  gateway: PaymentGateway,
  env: Record<string, string> = {},
): Promise<PaymentOnDatabase> => {
  const namespace = createTestNamespace(`payment-${label}`);
  let database: TestDatabase | undefined;
  let service: RunningService | undefined;
  const close = async (): Promise<void> => {
    await service?.close();
    await database?.cleanup();
    await namespace.cleanup();
  };
  try {
    const { serde } = await provisionNamespace(namespace, { topics: paymentTopics });
    database = await createTestDatabase(`payment_${label}`);
    const config = readPaymentConfig({
      ...process.env,
      DATABASE_URL: database.url,
      ORDERFLOW_TOPIC_PREFIX: namespace.prefix,
      LOG_LEVEL: 'error',
      PAYMENT_PORT: '0',
      ...env,
    });
    service = await startPayment({ config, topics: paymentTopics, gateway });
    await service.whenConsuming();
    return { namespace, database, serde, close };
  } catch (error) {
    await close();
    throw error;
  }
};
