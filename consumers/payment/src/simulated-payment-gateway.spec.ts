import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { simulatedCharge } from './simulated-decision';
import { SimulatedPaymentGateway } from './simulated-payment-gateway';

const request = {
  orderId: 'order-1',
  customerId: 'c-1',
  amountCents: 1000,
  currency: 'EUR',
  idempotencyKey: 'order-1',
};

describe('SimulatedPaymentGateway', () => {
  it('answers only after awaiting the configured latency', async () => {
    let release: () => void = () => undefined;
    const waits: number[] = [];
    const gateway = new SimulatedPaymentGateway({
      latencyMs: 250,
      failureRate: 0,
      seed: 's',
      wait: (ms) => {
        waits.push(ms);
        return new Promise<void>((resolve) => (release = resolve));
      },
    });
    let answered = false;
    const charge = gateway.charge(request).then((result) => {
      answered = true;
      return result;
    });
    await Promise.resolve();
    expect(waits).toEqual([250]);
    expect(answered).toBe(false);
    release();
    expect(await charge).toEqual({ status: 'completed', paymentId: expect.any(String) as string });
  });

  it('gives the decision of (seed, orderId)', async () => {
    const gateway = new SimulatedPaymentGateway({ latencyMs: 0, failureRate: 0.5, seed: 's' });
    expect(await gateway.charge(request)).toEqual(
      simulatedCharge({ seed: 's', failureRate: 0.5, orderId: 'order-1' }),
    );
  });

  it('journals every charge it makes, repeats included, when PAYMENT_CHARGE_JOURNAL names a file', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'orderflow-charges-'));
    try {
      const journal = join(folder, 'charges.jsonl');
      const gateway = new SimulatedPaymentGateway({
        latencyMs: 0,
        failureRate: 0,
        seed: 's',
        chargeJournal: journal,
      });
      await gateway.charge(request);
      await gateway.charge(request);
      await gateway.charge({ ...request, orderId: 'order-2', idempotencyKey: 'order-2' });
      const lines = (await readFile(journal, 'utf8'))
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(lines.map((line) => line.orderId)).toEqual(['order-1', 'order-1', 'order-2']);
      expect(lines[0]).toMatchObject({ pid: process.pid, amountCents: 1000, status: 'completed' });
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
