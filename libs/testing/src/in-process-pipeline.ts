import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import Redis from 'ioredis';

import { readAnalyticsConfig, startAnalytics } from '@orderflow/analytics';
import type { RunningService } from '@orderflow/consumer-runtime';
import {
  readInventoryConfig,
  readStockSeedFile,
  startInventory,
  StockRepository,
  type StockLevels,
} from '@orderflow/inventory';
import { readNotificationConfig, startNotification } from '@orderflow/notification';
import { readOrderApiConfig, startOrderApi } from '@orderflow/order-api';
import { readPaymentConfig, startPayment } from '@orderflow/payment';
import type { AvroSerde } from '@orderflow/registry';

import { provisionNamespace } from './provision-namespace';
import { createTestNamespace, type TestNamespace } from './test-namespace';

export type ServiceName = 'orderApi' | 'inventory' | 'payment' | 'notification' | 'analytics';

/**
 * The whole system in this process, in a namespace of its own: topics.yaml applied and every schema
 * registered under a unique prefix, stock seeded, the services started with that prefix. Shared by the
 * end-to-end tests and the benchmark, so both exercise the same wiring.
 */
export interface Pipeline {
  namespace: TestNamespace;
  env: Record<string, string | undefined>;
  services: Partial<Record<ServiceName, RunningService>>;
  orderApiUrl: string;
  stock: StockRepository;
  initialStock: StockLevels;
  serde: AvroSerde;
  start(name: ServiceName): Promise<RunningService>;
  stop(name: ServiceName): Promise<void>;
  close(): Promise<void>;
}

export interface PipelineOptions {
  /** Environment of the services on top of the namespace's (e.g. PAYMENT_FAILURE_RATE). */
  overrides?: Record<string, string>;
  services?: ServiceName[];
  /** Units of every seeded sku; the seed file's quantities by default. */
  unitsPerSku?: number;
}

export const startPipeline = async (
  label: string,
  {
    overrides = {},
    services: serviceNames = ['orderApi', 'inventory', 'payment', 'notification', 'analytics'],
    unitsPerSku,
  }: PipelineOptions = {},
): Promise<Pipeline> => {
  const namespace = createTestNamespace(label);
  const { prefix, settings } = namespace;
  const { serde } = await provisionNamespace(namespace);

  const redis = new Redis(settings.redisUrl);
  const stock = new StockRepository({ redis, topicPrefix: prefix });
  const seed = readStockSeedFile();
  const initialStock =
    unitsPerSku === undefined ? seed : Object.fromEntries(Object.keys(seed).map((sku) => [sku, unitsPerSku]));
  await stock.setStock(initialStock);

  const env: Record<string, string | undefined> = {
    ...process.env,
    ORDERFLOW_TOPIC_PREFIX: prefix,
    ORDER_API_PORT: '0',
    INVENTORY_PORT: '0',
    PAYMENT_PORT: '0',
    NOTIFICATION_PORT: '0',
    ANALYTICS_PORT: '0',
    LOG_LEVEL: 'error',
    PAYMENT_LATENCY_MS: '0',
    PAYMENT_SEED: 'pipeline',
    PAYMENT_FAILURE_RATE: '0',
    NOTIFICATION_SINK_FILE: join(mkdtempSync(join(tmpdir(), 'orderflow-notifications-')), 'sent.jsonl'),
    ...overrides,
  };
  const starters: Record<ServiceName, () => Promise<RunningService>> = {
    orderApi: () => startOrderApi(readOrderApiConfig(env)),
    inventory: () => startInventory(readInventoryConfig(env)),
    payment: () => startPayment(readPaymentConfig(env)),
    notification: () => startNotification(readNotificationConfig(env)),
    analytics: () => startAnalytics(readAnalyticsConfig(env)),
  };
  const services: Partial<Record<ServiceName, RunningService>> = {};
  const start = async (name: ServiceName): Promise<RunningService> => {
    const service = await starters[name]();
    services[name] = service;
    await service.whenConsuming();
    return service;
  };
  const close = async (): Promise<void> => {
    for (const service of Object.values(services)) await service.close();
    redis.disconnect();
    await namespace.cleanup();
  };
  try {
    for (const name of serviceNames) await start(name);
  } catch (error) {
    // A half-started system would keep consumers and Redis connections alive past the caller's failure.
    await close();
    throw error;
  }

  return {
    namespace,
    env,
    services,
    orderApiUrl: services.orderApi?.url ?? '',
    stock,
    initialStock,
    serde,
    start,
    async stop(name) {
      await services[name]?.close();
      delete services[name];
    },
    close,
  };
};
