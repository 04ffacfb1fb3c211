import { buildWindowMetrics } from './window-metrics';

const start = Date.parse('2026-11-21T12:34:00.000Z');

describe('buildWindowMetrics', () => {
  it('reads an empty window as zeros, no revenue and no time to confirm', () => {
    expect(buildWindowMetrics(start, {})).toEqual({
      windowStart: start,
      windowEnd: start + 60_000,
      version: 0,
      ordersCreated: 0,
      revenueCents: {},
      reserved: 0,
      rejected: 0,
      paymentFailed: 0,
      confirmed: 0,
      timeToConfirm: { count: 0, sumMs: 0, maxMs: null },
      ordersByChannel: {},
    });
  });

  it('maps counters, revenue per currency, orders per channel and time-to-confirm figures', () => {
    const metrics = buildWindowMetrics(start, {
      ordersCreated: '5',
      reserved: '4',
      rejected: '1',
      paymentFailed: '1',
      confirmed: '3',
      released: '1',
      notificationsSent: '5',
      'revenue:USD': '1500',
      'revenue:EUR': '12345',
      'channel:WEB': '3',
      'channel:UNKNOWN': '2',
      'timeToConfirm:count': '2',
      'timeToConfirm:sumMs': '3000',
      'timeToConfirm:maxMs': '2000',
      version: '17',
    });
    expect(metrics).toEqual({
      windowStart: start,
      windowEnd: start + 60_000,
      version: 17,
      ordersCreated: 5,
      revenueCents: { EUR: 12345, USD: 1500 },
      reserved: 4,
      rejected: 1,
      paymentFailed: 1,
      confirmed: 3,
      timeToConfirm: { count: 2, sumMs: 3000, maxMs: 2000 },
      ordersByChannel: { UNKNOWN: 2, WEB: 3 },
    });
  });

  it('lists currencies in code order whatever order Redis returns them in', () => {
    const a = buildWindowMetrics(start, { 'revenue:USD': '1', 'revenue:EUR': '2', 'revenue:CHF': '3' });
    const b = buildWindowMetrics(start, { 'revenue:CHF': '3', 'revenue:EUR': '2', 'revenue:USD': '1' });
    expect(Object.keys(a.revenueCents)).toEqual(['CHF', 'EUR', 'USD']);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it('keeps a zero maximum (an instant confirmation) apart from an unknown one', () => {
    const metrics = buildWindowMetrics(start, {
      'timeToConfirm:count': '1',
      'timeToConfirm:sumMs': '0',
      'timeToConfirm:maxMs': '0',
    });
    expect(metrics.timeToConfirm).toEqual({ count: 1, sumMs: 0, maxMs: 0 });
  });
});
