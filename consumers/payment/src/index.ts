import { startService, type RunningService } from '@orderflow/consumer-runtime';

import type { PaymentConfig } from './payment.config';
import { PaymentModule, type PaymentModuleOptions } from './payment.module';

export { readPaymentConfig, type PaymentConfig, type SimulatedGatewayConfig } from './payment.config';
export {
  PAYMENT_GATEWAY,
  type ChargeRequest,
  type ChargeResult,
  type PaymentGateway,
} from './payment-gateway';
export { PaymentModule, type PaymentModuleOptions } from './payment.module';
export { PaymentRecordRepository, type PaymentRecordRepositoryOptions } from './payment-record.repository';
export { PaymentService } from './payment.service';
export type { PaymentOutcome, PaymentRequest } from './payment.types';
export { orderDraw, simulatedCharge, simulatedPaymentId } from './simulated-decision';
export { SimulatedPaymentGateway, type SimulatedGatewayOptions } from './simulated-payment-gateway';

/**
 * Starts the payment service (consumer group `payment`); end-to-end tests pass a test topic prefix and,
 * if they like, their own gateway.
 */
export const startPayment = (
  config: PaymentConfig,
  options: PaymentModuleOptions = {},
): Promise<RunningService> =>
  startService({ module: PaymentModule.forRoot(config, options), runtime: config.runtime });
export { PAYMENT_SERVICE } from './payment.identity';
