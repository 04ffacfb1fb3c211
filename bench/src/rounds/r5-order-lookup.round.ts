import { OrderServiceClientChannel } from '@orderflow/grpc';
import { startPipeline } from '@orderflow/e2e';

import { failedRow, startStopwatch, throughputRow } from '../measure';
import { rowKey, type Round, type RoundContext, type RowResult } from '../round.types';

/**
 * R5: one order's status read over gRPC (GetOrder) and over HTTP (GET /orders/:id), from the same
 * order-api in process, 16 calls in flight each on one reused connection (a gRPC channel, undici's
 * keep-alive pool). Both read the same Redis hash, so the difference is the transport: HTTP/2 + protobuf
 * against HTTP/1.1 + JSON through Express.
 */
const IN_FLIGHT = 16;
const ORDERS = 50;

export const r5Rows = { grpc: 'GetOrder over gRPC', http: 'GET /orders/:id over HTTP' };

const drive = async (count: number, call: (n: number) => Promise<boolean>): Promise<number> => {
  let next = 0;
  let found = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < count) if (await call(next++)) found += 1;
    }),
  );
  return found;
};

const run = async (ctx: RoundContext): Promise<RowResult[]> => {
  const pipeline = await startPipeline(`bench-r5-${ctx.repetition}`, { services: ['orderApi'] });
  const channel = new OrderServiceClientChannel(`127.0.0.1:${pipeline.env.ORDER_GRPC_PORT}`);
  try {
    const orderIds = await Promise.all(
      Array.from({ length: ORDERS }, async (_, n) => {
        const response = await fetch(`${pipeline.orderApiUrl}/orders`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            customerId: `bench-${n}`,
            currency: 'EUR',
            items: [{ sku: 'SKU-BOOK-001', quantity: 1, unitPriceCents: 1999 }],
          }),
        });
        return ((await response.json()) as { orderId: string }).orderId;
      }),
    );
    const count = ctx.scaled(10);
    const orderOf = (n: number): string => orderIds[n % ORDERS] as string;
    const measure = async (row: string, call: (n: number) => Promise<boolean>): Promise<RowResult> => {
      const stopwatch = startStopwatch();
      const found = await drive(count, call);
      const measurement = stopwatch.stop();
      return throughputRow(row, 'calls/s', count, measurement, {
        ok: found === count,
        detail: `${found} of ${count} calls answered with the order`,
      });
    };
    const grpc = await measure(r5Rows.grpc, async (n) => {
      const { order } = await channel.getOrder(orderOf(n), { deadlineMs: 5_000 });
      return order?.orderId === orderOf(n);
    });
    ctx.progress(`${r5Rows.grpc}: ${Math.round(grpc.figure ?? 0)} calls/s`);
    const http = await measure(r5Rows.http, async (n) => {
      const view = (await (await fetch(`${pipeline.orderApiUrl}/orders/${orderOf(n)}`)).json()) as {
        orderId: string;
      };
      return view.orderId === orderOf(n);
    });
    ctx.progress(`${r5Rows.http}: ${Math.round(http.figure ?? 0)} calls/s`);
    return [grpc, { ...http, baseline: rowKey('R5', r5Rows.grpc) }];
  } catch (error) {
    return [failedRow(r5Rows.grpc, 'calls/s', error), failedRow(r5Rows.http, 'calls/s', error)];
  } finally {
    channel.close();
    await pipeline.close();
  }
};

export const r5OrderLookup: Round = { id: 'R5', name: 'order lookup: gRPC vs HTTP', run };
