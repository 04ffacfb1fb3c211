import { randomBytes } from 'node:crypto';

import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { LOGGER, METRICS_REGISTRY } from '@orderflow/service-runtime';
import type { Logger } from '@orderflow/logging';
import { readRelaySlots, type Kysely } from '@orderflow/postgres';
import type { Registry } from 'prom-client';

import { registerOutboxRelayMetrics } from './outbox-relay.metrics';
import type { PaymentConfig } from './payment.config';
import type { PaymentGateway } from './payment-gateway';
import { PaymentHandler } from './payment.handler';
import { PaymentLedgerRepository } from './payment-ledger.repository';
import type { PaymentTables } from './payment-tables';
import { PaymentService } from './payment.service';
import { OUTBOX_RELAY_METRICS, PAYMENT_CONFIG, PAYMENT_GATEWAY } from './payment.tokens';
import { SimulatedPaymentGateway } from './simulated-payment-gateway';

export interface PaymentModuleOptions {
  /** The ledger's database (startPayment opens it from the config). */
  database: Kysely<PaymentTables>;
  /** A real payment provider; the simulated gateway (PAYMENT_* settings) when absent. */
  gateway?: PaymentGateway;
}

const simulatedGateway = (config: PaymentConfig): Provider => ({
  provide: PAYMENT_GATEWAY,
  inject: [LOGGER],
  useFactory: (logger: Logger) => {
    const { latencyMs, failureRate, chargeJournal } = config.gateway;
    let seed = config.gateway.seed;
    if (seed === undefined) {
      seed = randomBytes(8).toString('hex');
      // Logged so a surprising run can be reproduced with PAYMENT_SEED.
      logger.warn('payment.gateway.unseeded', { seed, hint: 'set PAYMENT_SEED for reproducible decisions' });
    }
    logger.info('payment.gateway.simulated', { latencyMs, failureRate, seed });
    return new SimulatedPaymentGateway({ latencyMs, failureRate, seed, chargeJournal });
  },
});

/** Prometheus scrapes every 15 s and gives up after 10: the slot read must answer well within that. */
const SLOT_READ_TIMEOUT_MS = 1_000;

/** The relay's slot lag and state on the service's /metrics, read from the ledger's database per scrape. */
const outboxRelayMetrics = (database: Kysely<PaymentTables>): Provider => ({
  provide: OUTBOX_RELAY_METRICS,
  inject: [METRICS_REGISTRY, LOGGER],
  useFactory: (registry: Registry, logger: Logger) =>
    registerOutboxRelayMetrics({
      registry,
      readSlots: () => readRelaySlots(database, SLOT_READ_TIMEOUT_MS),
      logger,
    }),
});

/** The payment service: charges reserved orders through a PaymentGateway, once per order, into its ledger. */
@Module({})
export class PaymentModule {
  static forRoot(config: PaymentConfig, options: PaymentModuleOptions): DynamicModule {
    return {
      module: PaymentModule,
      controllers: [PaymentHandler],
      providers: [
        { provide: PAYMENT_CONFIG, useValue: config },
        options.gateway ? { provide: PAYMENT_GATEWAY, useValue: options.gateway } : simulatedGateway(config),
        { provide: PaymentLedgerRepository, useValue: new PaymentLedgerRepository(options.database) },
        PaymentService,
        outboxRelayMetrics(options.database),
      ],
    };
  }
}
