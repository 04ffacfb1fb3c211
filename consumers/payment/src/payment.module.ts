import { randomBytes } from 'node:crypto';

import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { LOGGER } from '@orderflow/service-runtime';
import type { Logger } from '@orderflow/logging';
import type { Kysely } from '@orderflow/postgres';

import type { PaymentConfig } from './payment.config';
import type { PaymentGateway } from './payment-gateway';
import { PaymentHandler } from './payment.handler';
import { PaymentLedgerRepository } from './payment-ledger.repository';
import type { PaymentTables } from './payment-tables';
import { PaymentService } from './payment.service';
import { PAYMENT_CONFIG, PAYMENT_GATEWAY } from './payment.tokens';
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
      ],
    };
  }
}
