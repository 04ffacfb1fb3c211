import type { InspectedRecord } from './inspected-record.types';
import { buildOrderTrace } from './order-trace';

const record = (
  topic: string,
  eventId: string,
  timestamp: string,
  causationId?: string,
): InspectedRecord => ({
  topic,
  partition: 3,
  offset: 0,
  timestamp,
  key: 'order-1',
  headers: {
    'event-id': eventId,
    'correlation-id': 'corr-1',
    ...(causationId === undefined ? {} : { 'causation-id': causationId }),
  },
  schemaId: 1,
  value: { eventId, orderId: 'order-1', occurredAt: 0, currency: 'EUR' },
});

describe('buildOrderTrace', () => {
  it('puts each event under its cause, causes first, whatever order the topics were read in', () => {
    const trace = buildOrderTrace([
      record('notification.sent', 'e4', '2026-01-01T00:00:04.000Z', 'e3'),
      record('inventory.reserved', 'e2', '2026-01-01T00:00:02.000Z', 'e1'),
      record('payment.completed', 'e3', '2026-01-01T00:00:03.000Z', 'e2'),
      record('order.created', 'e1', '2026-01-01T00:00:01.000Z'),
    ]);

    expect(trace.map(({ depth, record: { topic } }) => [depth, topic])).toEqual([
      [0, 'order.created'],
      [1, 'inventory.reserved'],
      [2, 'payment.completed'],
      [3, 'notification.sent'],
    ]);
    expect(trace[1]).toMatchObject({ eventId: 'e2', causationId: 'e1', correlationId: 'corr-1' });
  });

  it('orders siblings by time and keeps records whose cause was not found as roots', () => {
    const trace = buildOrderTrace([
      record('inventory.released', 'e5', '2026-01-01T00:00:05.000Z', 'e3'),
      record('notification.sent', 'e4', '2026-01-01T00:00:04.000Z', 'e3'),
      record('payment.failed', 'e3', '2026-01-01T00:00:03.000Z', 'e-expired'),
    ]);

    expect(trace.map(({ depth, eventId }) => [depth, eventId])).toEqual([
      [0, 'e3'],
      [1, 'e4'],
      [1, 'e5'],
    ]);
  });

  it('shows records of a causation cycle instead of dropping them', () => {
    const trace = buildOrderTrace([
      record('a', 'e1', '2026-01-01T00:00:01.000Z', 'e2'),
      record('b', 'e2', '2026-01-01T00:00:02.000Z', 'e1'),
    ]);
    expect(new Set(trace.map(({ eventId }) => eventId))).toEqual(new Set(['e1', 'e2']));
  });

  it('falls back to the eventId in the value and summarises the fields of the event', () => {
    const [entry] = buildOrderTrace([
      {
        ...record('order.created', 'e1', '2026-01-01T00:00:01.000Z'),
        headers: {},
        value: { eventId: 'e1', orderId: 'order-1', occurredAt: 1, items: [{}, {}], totalCents: 4499 },
      },
    ]);
    expect(entry).toMatchObject({ eventId: 'e1', summary: 'items=[2] totalCents=4499' });
  });
});
