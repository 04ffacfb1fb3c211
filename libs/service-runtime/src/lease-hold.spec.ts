import { isOrderflowError } from '@orderflow/errors';

import { holdLease, unlessAborted } from './lease-hold';

const aborted = (signal: AbortSignal): Promise<unknown> =>
  new Promise((resolve) => signal.addEventListener('abort', () => resolve(signal.reason), { once: true }));

const never = new Promise<never>(() => undefined);

describe('holdLease: a handler learns when its lease is gone or its deadline passed (F7)', () => {
  it('aborts with LEASE_LOST when a renewal answers false, and marks the lease lost', async () => {
    const hold = holdLease({
      extend: () => Promise.resolve(false),
      heartbeat: () => Promise.resolve(),
      keepAliveMs: 10,
      deadlineMs: 5_000,
      eventId: 'evt-1',
    });
    const reason = await aborted(hold.signal);
    hold.stop();
    expect(isOrderflowError(reason, 'LEASE_LOST')).toBe(true);
    expect(hold.lost).toBe(true);
  });

  it('aborts with LEASE_LOST when a renewal fails (Redis down)', async () => {
    const hold = holdLease({
      extend: () => Promise.reject(new Error('connection refused')),
      heartbeat: () => Promise.resolve(),
      keepAliveMs: 10,
      deadlineMs: 5_000,
      eventId: 'evt-2',
    });
    expect(isOrderflowError(await aborted(hold.signal), 'LEASE_LOST')).toBe(true);
    hold.stop();
  });

  it('aborts with a retriable DEADLINE_EXCEEDED at the deadline, renews until then and no more', () => {
    jest.useFakeTimers();
    try {
      let renewals = 0;
      const hold = holdLease({
        extend: () => Promise.resolve(++renewals > 0),
        heartbeat: () => Promise.resolve(),
        keepAliveMs: 10,
        deadlineMs: 65,
        eventId: 'evt-3',
      });
      jest.advanceTimersByTime(64);
      expect(hold.signal.aborted).toBe(false);
      expect(renewals).toBe(6);
      jest.advanceTimersByTime(1);
      expect(hold.signal.reason).toMatchObject({ code: 'DEADLINE_EXCEEDED', retriable: true });
      expect(hold.lost).toBe(false);
      jest.advanceTimersByTime(1_000);
      expect(renewals).toBe(6);
      hold.stop();
    } finally {
      jest.useRealTimers();
    }
  });

  it('unlessAborted settles with the abort reason while the work is still pending', async () => {
    const controller = new AbortController();
    const racing = unlessAborted(never, controller.signal);
    controller.abort(new Error('deadline'));
    await expect(racing).rejects.toThrow('deadline');
    await expect(unlessAborted(Promise.resolve(7), new AbortController().signal)).resolves.toBe(7);
  });
});
