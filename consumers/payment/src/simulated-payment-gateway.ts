import { appendFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

import type { ChargeRequest, ChargeResult, PaymentGateway } from './payment-gateway';
import { simulatedCharge } from './simulated-decision';

export interface SimulatedGatewayOptions {
  latencyMs: number;
  failureRate: number;
  seed: string;
  /** How the latency is waited for; tests pass their own. */
  wait?: (ms: number) => Promise<unknown>;
  /**
   * Tests only: a file that gets one JSON line per charge made, with the process id, appended before the
   * answer (one write per line, so instances can share the file). The gateway is the one place that sees
   * every charge, repeated ones included: the chaos suite checks each order is charged once.
   */
  chargeJournal?: string;
}

/**
 * A stand-in for a payment provider: answers after `latencyMs` (an await, so other partitions keep being
 * processed meanwhile) and declines a deterministic `failureRate` share of orders.
 */
export class SimulatedPaymentGateway implements PaymentGateway {
  constructor(private readonly options: SimulatedGatewayOptions) {}

  async charge(request: ChargeRequest): Promise<ChargeResult> {
    const { latencyMs, failureRate, seed, wait = sleep, chargeJournal } = this.options;
    if (latencyMs > 0) await wait(latencyMs);
    const result = simulatedCharge({ seed, failureRate, orderId: request.orderId });
    if (chargeJournal !== undefined) {
      const entry = { time: new Date().toISOString(), pid: process.pid, ...request, status: result.status };
      await appendFile(chargeJournal, `${JSON.stringify(entry)}\n`);
    }
    return result;
  }
}
