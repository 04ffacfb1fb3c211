import type { EventByTopic, Topic } from '@orderflow/contracts';
import { FINAL_STATUSES, type OrderStatus } from '@orderflow/order-api';
import { readAllRecords, waitFor } from '@orderflow/testing';

import type { Pipeline } from './in-process-pipeline';

export interface OrderRequest {
  customerId: string;
  currency: string;
  items: { sku: string; quantity: number; unitPriceCents: number }[];
  /** order.created v2's fields; left out, the order is recorded with channel UNKNOWN and no coupon. */
  channel?: string;
  couponCode?: string | null;
}

export const postOrder = async (
  url: string,
  order: OrderRequest,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }> => {
  const response = await fetch(`${url}/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(order),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
};

/** Polls the status view until every order is final; returns orderId → view. */
export const waitForFinalStatuses = async (
  url: string,
  orderIds: string[],
  timeoutMs = 90_000,
): Promise<Map<string, Record<string, unknown>>> => {
  const views = new Map<string, Record<string, unknown>>();
  return waitFor(
    async () => {
      for (const orderId of orderIds.filter((id) => !views.has(id))) {
        const view = (await (await fetch(`${url}/orders/${orderId}`)).json()) as Record<string, unknown>;
        if (FINAL_STATUSES.has(view.status as OrderStatus)) views.set(orderId, view);
      }
      return views.size === orderIds.length ? views : undefined;
    },
    { description: `${orderIds.length} orders to reach a final status`, timeoutMs, intervalMs: 250 },
  );
};

/** Every event on a topic of the pipeline, decoded, with its key. */
export const readEvents = async <T extends Topic>(
  pipeline: Pipeline,
  topic: T,
): Promise<{ key: string; value: EventByTopic[T] }[]> => {
  const records = await readAllRecords(pipeline.namespace, topic);
  return Promise.all(
    records.map(async (record) => ({
      key: record.key?.toString() ?? '',
      value: (await pipeline.serde.decode(record.value ?? Buffer.alloc(0))).value as EventByTopic[T],
    })),
  );
};

/** How many records, and how many distinct event ids, each key has on a topic. */
export const countByKey = (events: { key: string; value: { eventId: string } }[]) => {
  const records = new Map<string, number>();
  const eventIds = new Map<string, Set<string>>();
  for (const { key, value } of events) {
    records.set(key, (records.get(key) ?? 0) + 1);
    eventIds.set(key, (eventIds.get(key) ?? new Set()).add(value.eventId));
  }
  return { records, distinct: new Map([...eventIds].map(([key, ids]) => [key, ids.size])) };
};
