import { isOrderflowError } from '@orderflow/errors';

import type { MetricEvent } from './metric-event';
import type { ApplyOutcome, MetricsRepository } from './metrics.repository';
import { MetricsService } from './metrics.service';

/** A repository that answers from memory: enough to pin the service's own decisions. */
const repositoryWith = (outcome: ApplyOutcome, figures: Record<string, string> = {}) => {
  const applied: MetricEvent[] = [];
  const repository = {
    apply: (event: MetricEvent) => {
      applied.push(event);
      return Promise.resolve(outcome);
    },
    readWindow: () => Promise.resolve(figures),
  } as unknown as MetricsRepository;
  return { repository, applied };
};

const W1 = Date.parse('2026-11-21T12:34:00.000Z');
const W2 = Date.parse('2026-11-21T12:35:00.000Z');
const base = { eventId: 'e-1', orderId: 'o-1', occurredAt: W1 + 5 };

describe('MetricsService', () => {
  it('answers with the snapshot of every window the event feeds', async () => {
    const { repository } = repositoryWith({ applied: true, windows: [W1, W2] }, { ordersCreated: '1' });
    const snapshots = await new MetricsService(repository).record({
      kind: 'ordersCreated',
      channel: 'WEB',
      ...base,
    });
    expect(snapshots.map((s) => s.windowStart)).toEqual([W1, W2]);
    expect(snapshots[0]?.ordersCreated).toBe(1);
  });

  it('still answers with the snapshot for an event counted before (its publish may have been lost)', async () => {
    const { repository } = repositoryWith({ applied: false, windows: [W1] });
    await expect(new MetricsService(repository).record({ kind: 'reserved', ...base })).resolves.toHaveLength(
      1,
    );
  });

  it('counts but does not publish kinds the schema has no field for', async () => {
    const { repository, applied } = repositoryWith({ applied: true, windows: [W1] });
    await expect(new MetricsService(repository).record({ kind: 'released', ...base })).resolves.toEqual([]);
    expect(applied).toHaveLength(1);
  });

  it.each([
    ['a currency that is no ISO code', { currency: 'euro', amountCents: 100 }],
    ['a negative amount', { currency: 'EUR', amountCents: -1 }],
    ['a fractional amount', { currency: 'EUR', amountCents: 1.5 }],
  ])('refuses a confirmation with %s as EVENT_INVALID, counting nothing', async (_label, fields) => {
    const { repository, applied } = repositoryWith({ applied: true, windows: [W1] });
    const error: unknown = await new MetricsService(repository)
      .record({ kind: 'confirmed', ...base, ...fields })
      .catch((caught: unknown) => caught);
    expect(isOrderflowError(error, 'EVENT_INVALID')).toBe(true);
    expect(applied).toEqual([]);
  });

  it('refuses an event without a usable event time', async () => {
    const { repository } = repositoryWith({ applied: true, windows: [W1] });
    const error: unknown = await new MetricsService(repository)
      .record({ kind: 'reserved', ...base, occurredAt: Number.NaN })
      .catch((caught: unknown) => caught);
    expect(isOrderflowError(error, 'EVENT_INVALID')).toBe(true);
  });
});
