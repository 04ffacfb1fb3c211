import { isOrderflowError } from '@orderflow/errors';
import type { EventPublisher } from '@orderflow/kafka';
import { createLogger } from '@orderflow/logging';

import { OrderDeliveryService } from './order-delivery.service';
import type { OrderStatusRepository, OrderStatusView } from './order-status.repository';

/** A status view whose writes answer `status` and whose reads answer `view`, as Redis did around a rollback. */
const viewsAnswering = (status: string, view: OrderStatusView | null): OrderStatusRepository =>
  ({
    apply: () => Promise.resolve({ moved: false, status }),
    find: () => Promise.resolve(view),
    deliveryEventPublished: () => Promise.resolve(true),
  }) as unknown as OrderStatusRepository;

const serviceOn = (views: OrderStatusRepository, published: unknown[]): OrderDeliveryService =>
  new OrderDeliveryService(
    views,
    {
      publish: (records: unknown[]) => Promise.resolve(void published.push(...records)),
    } as unknown as EventPublisher,
    createLogger({ service: 'order-api-test', level: 'error' }),
    { publishTimeoutMs: 1_000 },
  );

const command = { orderId: 'order-1', correlationId: 'corr-1', deadline: Date.now() + 5_000 };

describe('OrderDeliveryService', () => {
  it('answers a view that lost its delivery start between write and read (Redis rolled back) as retriable, publishing nothing', async () => {
    const published: unknown[] = [];
    const rolledBack = { orderId: 'order-1', status: 'CONFIRMED' } as OrderStatusView;
    const failure = await serviceOn(viewsAnswering('DELIVERY_STARTED', rolledBack), published)
      .markDeliveryStarted(command)
      .catch((error: unknown) => error);

    expect(isOrderflowError(failure) && { code: failure.code, retriable: failure.retriable }).toEqual({
      code: 'DEPENDENCY_UNAVAILABLE',
      retriable: true,
    });
    expect(published).toEqual([]);
  });

  it('answers an order already started as such, from the view it reads', async () => {
    const started = {
      orderId: 'order-1',
      status: 'DELIVERY_STARTED',
      deliveryStartedAt: '2026-12-02T10:00:00.000Z',
    } as OrderStatusView;
    const outcome = await serviceOn(viewsAnswering('DELIVERY_STARTED', started), []).markDeliveryStarted(
      command,
    );

    expect(outcome).toEqual({ order: started, alreadyStarted: true });
  });
});
