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
} from '@orderflow/inventory';
import { readNotificationConfig, startNotification } from '@orderflow/notification';
import { readOrderApiConfig, startOrderApi } from '@orderflow/order-api';
import { readPaymentConfig, startPayment } from '@orderflow/payment';
import { createTestNamespace, provisionNamespace, type TestNamespace } from '@orderflow/testing';

/** The whole system in this process on a namespace of its own (the minimal part of test/pipeline's harness). */
export interface BenchPipeline {
  namespace: TestNamespace;
  orderApiUrl: string;
  close(): Promise<void>;
}

// Enough that no benchmark order is ever rejected for stock: every row measures the happy path.
const GENEROUS_STOCK = 1_000_000_000;

export const startBenchPipeline = async (label: string): Promise<BenchPipeline> => {
  const namespace = createTestNamespace(label);
  const services: RunningService[] = [];
  const redis = new Redis(namespace.settings.redisUrl);
  const close = async (): Promise<void> => {
    for (const service of services.reverse()) await service.close();
    redis.disconnect();
    await namespace.cleanup();
  };
  try {
    await provisionNamespace(namespace);
    const stock = new StockRepository({ redis, topicPrefix: namespace.prefix });
    await stock.setStock(
      Object.fromEntries(Object.keys(readStockSeedFile()).map((sku) => [sku, GENEROUS_STOCK])),
    );
    const env: Record<string, string | undefined> = {
      ...process.env,
      ORDERFLOW_TOPIC_PREFIX: namespace.prefix,
      ORDER_API_PORT: '0',
      INVENTORY_PORT: '0',
      PAYMENT_PORT: '0',
      NOTIFICATION_PORT: '0',
      ANALYTICS_PORT: '0',
      LOG_LEVEL: 'error',
      // The simulated gateway answers at once and never declines: latency figures are the system's own.
      PAYMENT_LATENCY_MS: '0',
      PAYMENT_FAILURE_RATE: '0',
      NOTIFICATION_SINK_FILE: join(mkdtempSync(join(tmpdir(), 'orderflow-bench-')), 'sent.jsonl'),
    };
    const starters = [
      () => startOrderApi(readOrderApiConfig(env)),
      () => startInventory(readInventoryConfig(env)),
      () => startPayment(readPaymentConfig(env)),
      () => startNotification(readNotificationConfig(env)),
      () => startAnalytics(readAnalyticsConfig(env)),
    ];
    for (const start of starters) {
      const service = await start();
      services.push(service);
      await service.whenConsuming();
    }
    return { namespace, orderApiUrl: services[0]?.url ?? '', close };
  } catch (error) {
    await close();
    throw error;
  }
};
