import { HttpException } from '@nestjs/common';

import { OrderflowError } from '@orderflow/errors';

import type { OrderIntakeService, SubmissionOutcome } from './order-intake.service';
import type { OrderStatusFeed } from './order-status.feed';
import type { OrderStatusRepository } from './order-status.repository';
import { OrdersController } from './orders.controller';
import { isValidCorrelationId, isValidIdempotencyKey } from './request-headers';

const order = { customerId: 'c-1', items: [{ sku: 'A', quantity: 1, unitPriceCents: 100 }], currency: 'EUR' };

const controllerWith = (submit: () => Promise<SubmissionOutcome>) => {
  const headers = new Map<string, string>();
  const controller = new OrdersController(
    { submit } as unknown as OrderIntakeService,
    {} as unknown as OrderStatusRepository,
    {} as unknown as OrderStatusFeed,
  );
  const create = (idempotencyKey?: string) =>
    controller.create(order, 'corr-1', idempotencyKey, {
      setHeader: (name, value) => headers.set(name, value),
    });
  return { create, headers };
};

const statusOf = async (promise: Promise<unknown>): Promise<{ status: number; body: unknown }> => {
  const error = await promise.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  if (!(error instanceof HttpException)) throw new Error('expected an HttpException');
  return { status: error.getStatus(), body: error.getResponse() };
};

describe('OrdersController', () => {
  it('answers 503 with Retry-After when a dependency is down, never 2xx', async () => {
    const { create, headers } = controllerWith(() =>
      Promise.reject(new OrderflowError('DEPENDENCY_UNAVAILABLE', 'Kafka is down', { retriable: true })),
    );
    expect(await statusOf(create())).toMatchObject({
      status: 503,
      body: { error: 'dependency_unavailable' },
    });
    expect(headers.get('Retry-After')).toBe('5');
  });

  it('lets a non-retriable failure through (answered 500 by the filter)', async () => {
    const { create } = controllerWith(() => Promise.reject(new OrderflowError('EVENT_INVALID', 'bad event')));
    await expect(create()).rejects.toMatchObject({ code: 'EVENT_INVALID' });
  });

  it('sets Location and marks replays', async () => {
    const accepted = { orderId: 'o-1', status: 'PENDING', totalCents: 100, currency: 'EUR' } as const;
    const { create, headers } = controllerWith(() =>
      Promise.resolve({ kind: 'accepted', order: accepted, replayed: true }),
    );
    expect(await create('key-1')).toEqual(accepted);
    expect(headers.get('Location')).toBe('/orders/o-1');
    expect(headers.get('Idempotent-Replayed')).toBe('true');
  });

  it.each<[SubmissionOutcome['kind'], number]>([
    ['idempotency-key-reused', 422],
    ['idempotency-key-busy', 409],
  ])('answers %s with %d', async (kind, status) => {
    const { create } = controllerWith(() => Promise.resolve({ kind } as SubmissionOutcome));
    expect((await statusOf(create('key-1'))).status).toBe(status);
  });

  it('refuses an Idempotency-Key with spaces before placing anything', async () => {
    const submit = jest.fn<Promise<SubmissionOutcome>, []>();
    const { create } = controllerWith(submit);
    expect((await statusOf(create('my key'))).status).toBe(400);
    expect(submit).not.toHaveBeenCalled();
  });
});

describe('request header rules', () => {
  it('bounds correlation ids and idempotency keys to visible ASCII without spaces', () => {
    expect(isValidCorrelationId('3f1c-abc_1.2:x')).toBe(true);
    expect(isValidCorrelationId('a'.repeat(129))).toBe(false);
    expect(isValidCorrelationId('two words')).toBe(false);
    expect(isValidIdempotencyKey('k'.repeat(255))).toBe(true);
    expect(isValidIdempotencyKey('k'.repeat(256))).toBe(false);
    expect(isValidIdempotencyKey('ключ')).toBe(false);
  });
});
