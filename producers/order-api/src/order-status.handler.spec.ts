import { OrderStatusHandler } from './order-status.handler';
import type { OrderStatusRepository } from './order-status.repository';
import type { StatusUpdate } from './order-status.updates';

/** A status view whose writes answer `status`, recording what the handler asked of it. */
const viewAnswering = (status: string) => {
  const applied: StatusUpdate[] = [];
  const markedPublished: string[] = [];
  const repository = {
    apply: (update: StatusUpdate) => {
      applied.push(update);
      return Promise.resolve({ moved: false, status });
    },
    markDeliveryEventPublished: (orderId: string) => Promise.resolve(void markedPublished.push(orderId)),
  } as unknown as OrderStatusRepository;
  return { repository, applied, markedPublished };
};

const event = {
  eventId: 'e-1',
  occurredAt: 1_796_227_000_000,
  orderId: 'order-1',
  customerId: 'customer-1',
};

describe('OrderStatusHandler on order.delivery-started', () => {
  it("re-applies the delivery start with the event's time, as MarkDeliveryStarted does, and marks it published", async () => {
    const { repository, applied, markedPublished } = viewAnswering('DELIVERY_STARTED');
    await new OrderStatusHandler(repository).onDeliveryStarted(event);

    expect(applied.map(({ status, at, requires }) => ({ status, at, requires }))).toEqual([
      { status: 'CONFIRMED', at: event.occurredAt, requires: ['PAID'] },
      { status: 'DELIVERY_STARTED', at: event.occurredAt, requires: ['CONFIRMED'] },
    ]);
    expect(applied[1]?.details).toEqual({ deliveryStartedAt: event.occurredAt });
    expect(markedPublished).toEqual(['order-1']);
  });

  it('marks nothing published on a view that has not reached CONFIRMED', async () => {
    const { repository, markedPublished } = viewAnswering('RESERVED');
    await new OrderStatusHandler(repository).onDeliveryStarted(event);

    expect(markedPublished).toEqual([]);
  });
});
