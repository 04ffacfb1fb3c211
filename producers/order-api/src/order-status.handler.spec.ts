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
  it("applies the delivery start with the event's time whatever the view shows yet, and marks it published", async () => {
    const { repository, applied, markedPublished } = viewAnswering('RESERVED');
    await new OrderStatusHandler(repository).onDeliveryStarted(event);

    // No required status: read before the payment that confirms the order (after a Redis rollback), it
    // still moves the view, and the payment read later only fills in details (a max-rank register).
    expect(applied).toEqual([
      {
        orderId: 'order-1',
        status: 'DELIVERY_STARTED',
        details: { deliveryStartedAt: event.occurredAt },
        detailsSource: 'follow-up',
        at: event.occurredAt,
      },
    ]);
    expect(markedPublished).toEqual(['order-1']);
  });
});
