import { formatAmount } from './notification-message';

describe('formatAmount', () => {
  it.each([
    [1234, 'EUR', '12.34 EUR'],
    [5, 'USD', '0.05 USD'],
    [1500, 'JPY', '1500 JPY'],
    [1234, 'KWD', '1.234 KWD'],
  ])('%d minor units of %s read as %s', (cents, currency, expected) => {
    expect(formatAmount(cents, currency)).toBe(expected);
  });

  it('shows minor units for a code it cannot interpret rather than guessing', () => {
    expect(formatAmount(1234, 'not-a-code')).toBe('1234 not-a-code (minor units)');
  });
});
