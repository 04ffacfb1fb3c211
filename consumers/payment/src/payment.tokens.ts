/** The service's PaymentConfig, provided by PaymentModule.forRoot. */
export const PAYMENT_CONFIG = Symbol('orderflow:payment-config');

/** The PaymentGateway: the simulated one unless `startPayment({ gateway })` passes a real one. */
export const PAYMENT_GATEWAY = Symbol('orderflow:payment-gateway');

/** The relay's slot gauges on /metrics: a provider nothing injects, there to register them at start. */
export const OUTBOX_RELAY_METRICS = Symbol('orderflow:outbox-relay-metrics');
