import { collectDefaultMetrics, Registry } from 'prom-client';

import { createHttpMetrics, type HttpMetrics } from './http-metrics';
import { createMessageMetrics, type MessageMetrics } from './message-metrics';

export interface ServiceMetrics {
  registry: Registry;
  messages: MessageMetrics;
  http: HttpMetrics;
}

/**
 * One registry per service instance, never prom-client's global one: tests start several services in one
 * process, and a second registration of the same metric name on a shared registry throws.
 */
export const createServiceMetrics = (): ServiceMetrics => {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return { registry, messages: createMessageMetrics({ registry }), http: createHttpMetrics({ registry }) };
};
