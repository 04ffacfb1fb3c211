import type { Command } from 'commander';

import { OrderflowError } from '@orderflow/errors';
import { FINAL_STATUSES, type OrderStatus } from '@orderflow/order-api';
import { pollUntil } from '@orderflow/wait';

import { renderTable } from '../output/render-table';
import { demoOrder, percentile } from './demo-orders';

interface DemoOptions {
  orders: string;
  url: string;
  concurrency: string;
  timeout: string;
}

interface PlacedOrder {
  orderId: string;
  acceptedAt: number;
  status?: string;
  finishedAt?: number;
}

const placeOrder = async (url: string, index: number): Promise<PlacedOrder> => {
  const response = await fetch(`${url}/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': `demo-${process.pid}-${index}` },
    body: JSON.stringify(demoOrder(index)),
  });
  const body = (await response.json()) as { orderId?: string };
  if (response.status !== 202 || body.orderId === undefined) {
    throw new OrderflowError(
      'DEPENDENCY_UNAVAILABLE',
      `POST /orders answered ${response.status}: ${JSON.stringify(body)}`,
      {
        retriable: true,
        context: { status: response.status },
      },
    );
  }
  return { orderId: body.orderId, acceptedAt: Date.now() };
};

/** Runs `work` over `items` with at most `limit` in flight. */
const inBatches = async <T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> => {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += limit) {
    results.push(...(await Promise.all(items.slice(start, start + limit).map(work))));
  }
  return results;
};

export const registerDemoCommand = (program: Command): void => {
  program
    .command('demo')
    .description('Place orders through the order API and wait until each reaches a final status.')
    .option('--orders <n>', 'how many orders', '20')
    .option('--url <url>', 'the order API', process.env.ORDER_API_URL ?? 'http://127.0.0.1:3000')
    .option('--concurrency <n>', 'orders placed in parallel', '10')
    .option('--timeout <seconds>', 'how long to wait for final statuses', '120')
    .action(async (options: DemoOptions) => {
      const count = Number(options.orders);
      const startedAt = Date.now();
      const indexes = Array.from({ length: count }, (_, index) => index);
      const placed = await inBatches(indexes, Number(options.concurrency), (index) =>
        placeOrder(options.url, index),
      );
      console.log(
        `placed ${placed.length} orders in ${((Date.now() - startedAt) / 1000).toFixed(1)} s; waiting for final statuses…`,
      );

      let lastReport = 0;
      await pollUntil(
        async () => {
          const pending = placed.filter((order) => order.finishedAt === undefined);
          await inBatches(pending, 20, async (order) => {
            const response = await fetch(`${options.url}/orders/${order.orderId}`);
            const view = (await response.json()) as { status?: string };
            if (view.status !== undefined && FINAL_STATUSES.has(view.status as OrderStatus)) {
              order.status = view.status;
              order.finishedAt = Date.now();
            }
          });
          const done = placed.length - placed.filter((order) => order.finishedAt === undefined).length;
          if (Date.now() - lastReport > 2_000 || done === placed.length) {
            lastReport = Date.now();
            console.log(`  ${done}/${placed.length} final`);
          }
          return done === placed.length ? true : undefined;
        },
        {
          description: `${count} orders to reach a final status`,
          timeoutMs: Number(options.timeout) * 1000,
          intervalMs: 200,
        },
      );

      const byStatus = new Map<string, number>();
      for (const order of placed)
        byStatus.set(order.status ?? '?', (byStatus.get(order.status ?? '?') ?? 0) + 1);
      const latencies = placed
        .map((order) => (order.finishedAt ?? 0) - order.acceptedAt)
        .sort((a, b) => a - b);
      console.log(
        renderTable(
          ['STATUS', 'ORDERS'],
          [...byStatus].sort().map(([status, n]) => [status, String(n)]),
        ),
      );
      console.log(
        `${count} orders final in ${((Date.now() - startedAt) / 1000).toFixed(1)} s; ` +
          `accept → final status (as polled every 200 ms): p50 ${percentile(latencies, 0.5)} ms, p99 ${percentile(latencies, 0.99)} ms`,
      );
    });
};
