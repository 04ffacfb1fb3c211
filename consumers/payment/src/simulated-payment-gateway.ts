import { setTimeout as sleep } from 'node:timers/promises';

import type { ChargeRequest, ChargeResult, PaymentGateway } from './payment-gateway';
import { simulatedCharge } from './simulated-decision';

export interface SimulatedGatewayOptions {
  latencyMs: number;
  failureRate: number;
  seed: string;
  /** How the latency is waited for; tests pass their own. */
  wait?: (ms: number) => Promise<unknown>;
}

/**
 * A stand-in for a payment provider: answers after `latencyMs` (an await, so other partitions keep being
 * processed meanwhile) and declines a deterministic `failureRate` share of orders.
 */
export class SimulatedPaymentGateway implements PaymentGateway {
  constructor(private readonly options: SimulatedGatewayOptions) {}

  async charge(request: ChargeRequest): Promise<ChargeResult> {
    const { latencyMs, failureRate, seed, wait = sleep } = this.options;
    if (latencyMs > 0) await wait(latencyMs);
    return simulatedCharge({ seed, failureRate, orderId: request.orderId });
  }
}
