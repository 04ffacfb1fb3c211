import { isOrderflowError, OrderflowError } from '@orderflow/errors';
import type { OrderServiceClientChannel } from '@orderflow/grpc';
import { createLogger } from '@orderflow/logging';

import { OrderDeliveryClient } from './order-delivery.client';

const logger = createLogger({ service: 'test', write: () => undefined });
const context = {
  eventId: 'e1',
  correlationId: 'c1',
  traceparent: undefined,
  signal: new AbortController().signal,
};

/** A channel whose MarkDeliveryStarted fails with `error` (how libs/grpc hands over a gRPC status). */
const refusingChannel = (error: OrderflowError) =>
  ({ markDeliveryStarted: () => Promise.reject(error) }) as unknown as OrderServiceClientChannel;

const failureOf = (error: OrderflowError): Promise<unknown> =>
  new OrderDeliveryClient(refusingChannel(error), { orderService: { deadlineMs: 1_000 } } as never, logger)
    .markDeliveryStarted('o1', context)
    .then(
      () => undefined,
      (caught: unknown) => caught,
    );

describe('OrderDeliveryClient', () => {
  // Chaos case 7: Redis down held the order service's view back while the pipeline finished the order; the
  // confirmation's NOT_FOUND sent the job to the DLQ although the order existed.
  it('retries an order the order service does not know yet: its view trails the payment event', async () => {
    const failure = await failureOf(new OrderflowError('NOT_FOUND', 'No order o1 is known.'));
    expect(isOrderflowError(failure) && failure.code).toBe('DEPENDENCY_UNAVAILABLE');
    expect(isOrderflowError(failure) && failure.retriable).toBe(true);
  });

  it('passes a refusal of the order’s state on as it is, not retriable', async () => {
    const failure = await failureOf(new OrderflowError('WRONG_STATE', 'Order o1 is REJECTED.'));
    expect(isOrderflowError(failure) && [failure.code, failure.retriable]).toEqual(['WRONG_STATE', false]);
  });
});
