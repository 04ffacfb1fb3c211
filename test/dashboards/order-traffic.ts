import { setTimeout as pace } from 'node:timers/promises';

import { postOrder } from '@orderflow/e2e';

export interface OrderTraffic {
  /** Orders the API accepted (202) so far. */
  accepted(): number;
  stop(): Promise<void>;
}

/**
 * A steady trickle of orders, one every `everyMs`, as a dashboard watches live traffic: rates and
 * latency quantiles over a window need observations spread across scrapes, not one burst between two.
 * The pause paces the load; no test waits on it (they poll Prometheus for what they expect).
 */
export const startOrderTraffic = (url: string, sku: string, everyMs = 300): OrderTraffic => {
  const controller = new AbortController();
  let accepted = 0;
  let failure: Error | undefined;
  const loop = (async () => {
    for (let n = 0; !controller.signal.aborted; n += 1) {
      const order = {
        customerId: `customer-dashboards-${n % 7}`,
        currency: 'EUR',
        items: [{ sku, quantity: 1, unitPriceCents: 900 + n }],
      };
      const { status } = await postOrder(url, order);
      if (status !== 202) throw new Error(`POST /orders answered ${status}`);
      accepted += 1;
      await pace(everyMs, undefined, { signal: controller.signal }).catch(() => undefined);
    }
  })().catch((error: unknown) => {
    failure = error instanceof Error ? error : new Error(String(error));
  });
  return {
    accepted: () => {
      if (failure !== undefined) throw failure;
      return accepted;
    },
    async stop() {
      controller.abort();
      await loop;
    },
  };
};
