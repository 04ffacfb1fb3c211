import { isOrderflowError } from '@orderflow/errors';

import { linesToAnnounce, reservationLines, reservationOutcome } from './reservation.policy';
import type { ReservationRecord } from './stock.types';

const lines = [
  { sku: 'SKU-A', quantity: 2 },
  { sku: 'SKU-B', quantity: 1 },
];

describe('reservationLines', () => {
  it('keeps only sku and quantity of each line', () => {
    const items = lines.map((line) => ({ ...line, unitPriceCents: 999 }));
    expect(reservationLines('o-1', items)).toEqual(lines);
  });

  it.each([
    ['no lines', []],
    ['a quantity of 0', [{ sku: 'SKU-A', quantity: 0 }]],
    ['a fractional quantity', [{ sku: 'SKU-A', quantity: 1.5 }]],
    ['an empty sku', [{ sku: '', quantity: 1 }]],
    [
      'a sku twice',
      [
        { sku: 'SKU-A', quantity: 1 },
        { sku: 'SKU-A', quantity: 2 },
      ],
    ],
  ])('refuses an order with %s as a non-retriable EVENT_INVALID', (_case, items) => {
    let thrown: unknown;
    try {
      reservationLines('o-1', items);
    } catch (error) {
      thrown = error;
    }
    expect(isOrderflowError(thrown, 'EVENT_INVALID')).toBe(true);
    expect(thrown).toMatchObject({ retriable: false, context: { orderId: 'o-1' } });
  });
});

describe('reservationOutcome', () => {
  it('announces a reservation with its lines', () => {
    expect(reservationOutcome({ state: 'reserved', lines })).toEqual({ status: 'reserved', lines });
  });

  it('announces a released record as the reservation it was (a redelivered order.created)', () => {
    expect(reservationOutcome({ state: 'released', lines, releasedBy: 'e-1' })).toEqual({
      status: 'reserved',
      lines,
    });
  });

  it('announces a rejection with the missing lines and the short reason, which does not repeat them', () => {
    const missing = [{ sku: 'SKU-A', requested: 2, available: 0 }];
    expect(reservationOutcome({ state: 'rejected', missing })).toEqual({
      status: 'rejected',
      missing,
      reason: 'insufficient stock',
    });
  });
});

describe('linesToAnnounce', () => {
  const released: ReservationRecord = { state: 'released', lines, releasedBy: 'failed-1' };

  it('announces the lines this call gave back', () => {
    expect(linesToAnnounce({ change: 'released', record: released }, 'failed-1')).toEqual(lines);
  });

  it('announces again when the same event is re-run (its follow-up may not have been published)', () => {
    expect(linesToAnnounce({ change: 'unchanged', record: released }, 'failed-1')).toEqual(lines);
  });

  it('announces nothing for another event about an already released order', () => {
    expect(linesToAnnounce({ change: 'unchanged', record: released }, 'failed-2')).toBeUndefined();
  });

  it('announces nothing for an order that was rejected', () => {
    const rejected: ReservationRecord = { state: 'rejected', missing: [] };
    expect(linesToAnnounce({ change: 'unchanged', record: rejected }, 'failed-1')).toBeUndefined();
  });

  it('announces a release ahead of its reservation (Redis lost the record) with no lines, once per event', () => {
    const ahead: ReservationRecord = { state: 'released', lines: [], releasedBy: 'failed-1' };
    expect(linesToAnnounce({ change: 'ahead', record: ahead }, 'failed-1')).toEqual([]);
    expect(linesToAnnounce({ change: 'unchanged', record: ahead }, 'failed-2')).toBeUndefined();
  });
});
