import { createLogger } from '@orderflow/logging';
import { checkPool, createDatabase, createPostgresPool } from '@orderflow/postgres';
import { startService, type RunningService, type ServiceStartOptions } from '@orderflow/service-runtime';

import { readPaymentConfig, type PaymentConfig } from './payment.config';
import { PaymentModule, type PaymentModuleOptions } from './payment.module';
import type { PaymentTables } from './payment-tables';

export { readPaymentConfig, type PaymentConfig, type SimulatedGatewayConfig } from './payment.config';
export { PAYMENT_SERVICE } from './payment.identity';
export type { ChargeRequest, ChargeResult, PaymentGateway } from './payment-gateway';
export { PaymentModule, type PaymentModuleOptions } from './payment.module';
export { outcomeEvent } from './payment.handler';
export {
  outcomeOf,
  PaymentLedgerRepository,
  type LedgerEntry,
  type LedgerResult,
} from './payment-ledger.repository';
export type { PaymentTables } from './payment-tables';
export { PaymentService, type PaymentContext } from './payment.service';
export { PAYMENT_GATEWAY } from './payment.tokens';
export type { PaymentOutcome, PaymentRequest } from './payment.types';
export { orderDraw, simulatedCharge, simulatedPaymentId } from './simulated-decision';
export { SimulatedPaymentGateway, type SimulatedGatewayOptions } from './simulated-payment-gateway';

/**
 * Starts the payment service (consumer group `payment`), its config read from process.env unless given;
 * end-to-end tests pass a config with a test topic prefix and database and, if they like, their own
 * gateway. The group keeps its inbox and outbox in the ledger's database (no Redis claim, nothing
 * published by the runtime); the database is closed after the service.
 */
export const startPayment = async ({
  config = readPaymentConfig(),
  topics,
  ...moduleOptions
}: ServiceStartOptions<
  PaymentConfig,
  Omit<PaymentModuleOptions, 'database'>
> = {}): Promise<RunningService> => {
  const logger = createLogger({ service: config.runtime.service, level: config.runtime.logLevel });
  const pool = createPostgresPool({
    url: config.database.url,
    applicationName: config.runtime.service,
    max: config.database.poolSize,
    onIdleError: (error) => logger.warn('database.connection-lost', { error }),
  });
  const database = createDatabase<PaymentTables>(pool);
  try {
    const running = await startService({
      topics,
      inboxOutbox: true,
      module: PaymentModule.forRoot(config, { ...moduleOptions, database }),
      runtime: config.runtime,
      readiness: { database: () => checkPool(pool) },
    });
    return {
      ...running,
      async close() {
        await running.close();
        await database.destroy();
      },
    };
  } catch (error) {
    await database.destroy();
    throw error;
  }
};
