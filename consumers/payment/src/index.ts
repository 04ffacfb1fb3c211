import { startService, type RunningService, type ServiceStartOptions } from '@orderflow/service-runtime';

import { readPaymentConfig, type PaymentConfig } from './payment.config';
import { PaymentModule, type PaymentModuleOptions } from './payment.module';

export { readPaymentConfig, type PaymentConfig, type SimulatedGatewayConfig } from './payment.config';
export { PAYMENT_SERVICE } from './payment.identity';
export type { ChargeRequest, ChargeResult, PaymentGateway } from './payment-gateway';
export { PaymentModule, type PaymentModuleOptions } from './payment.module';
export { PaymentRecordRepository, type PaymentRecordRepositoryOptions } from './payment-record.repository';
export { PaymentService } from './payment.service';
export { PAYMENT_GATEWAY } from './payment.tokens';
export type { PaymentOutcome, PaymentRequest } from './payment.types';
export { orderDraw, simulatedCharge, simulatedPaymentId } from './simulated-decision';
export { SimulatedPaymentGateway, type SimulatedGatewayOptions } from './simulated-payment-gateway';

/**
 * Starts the payment service (consumer group `payment`), its config read from process.env unless given;
 * end-to-end tests pass a config with a test topic prefix and, if they like, their own gateway.
 */
export const startPayment = ({
  config = readPaymentConfig(),
  topics,
  ...moduleOptions
}: ServiceStartOptions<PaymentConfig, PaymentModuleOptions> = {}): Promise<RunningService> =>
  startService({ topics, module: PaymentModule.forRoot(config, moduleOptions), runtime: config.runtime });
