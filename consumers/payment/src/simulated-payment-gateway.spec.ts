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
});
