import { validateOrderRequest, type ValidationIssue } from './order-request.schema';

const validOrder = () => ({
  customerId: 'customer-1',
  items: [
    { sku: 'SKU-A', quantity: 2, unitPriceCents: 1250 },
    { sku: 'SKU-B', quantity: 1, unitPriceCents: 0 },
  ],
  currency: 'EUR',
});

const issuesOf = (body: unknown): ValidationIssue[] => {
  const result = validateOrderRequest(body);
  if (result.ok) throw new Error('expected the body to be rejected');
  return result.issues;
};

const pathsOf = (body: unknown): string[] => issuesOf(body).map((issue) => issue.path);

describe('validateOrderRequest', () => {
  it('accepts a valid order and returns it', () => {
    expect(validateOrderRequest(validOrder())).toEqual({ ok: true, order: validOrder() });
  });

  it('drops fields the API does not know', () => {
    const result = validateOrderRequest({ ...validOrder(), note: 'leave at door' });
    expect(result).toEqual({ ok: true, order: validOrder() });
  });

  it.each([
    ['a missing customerId', { customerId: undefined }, 'customerId'],
    ['an empty customerId', { customerId: '' }, 'customerId'],
    ['a blank customerId', { customerId: '   ' }, 'customerId'],
    ['a customerId over 128 characters', { customerId: 'c'.repeat(129) }, 'customerId'],
    ['a lower-case currency', { currency: 'eur' }, 'currency'],
    ['a 4-letter currency', { currency: 'EURO' }, 'currency'],
    ['a numeric currency', { currency: 978 }, 'currency'],
    ['a channel the schema does not know', { channel: 'FAX' }, 'channel'],
    [
      'UNKNOWN as a channel (it is what an order without one is recorded as)',
      { channel: 'UNKNOWN' },
      'channel',
    ],
    ['a blank couponCode', { couponCode: ' ' }, 'couponCode'],
    ['a couponCode over 64 characters', { couponCode: 'C'.repeat(65) }, 'couponCode'],
    ['no items', { items: [] }, 'items'],
    ['items that are not an array', { items: 'SKU-A' }, 'items'],
    [
      '101 items',
      { items: Array.from({ length: 101 }, (_, i) => ({ sku: `S${i}`, quantity: 1, unitPriceCents: 1 })) },
      'items',
    ],
  ])('rejects %s', (_label, change, path) => {
    expect(pathsOf({ ...validOrder(), ...change })).toEqual([path]);
  });

  it('accepts the v2 fields: a channel and a coupon code (or null)', () => {
    const order = { ...validOrder(), channel: 'MOBILE', couponCode: 'WELCOME10' };
    expect(validateOrderRequest(order)).toEqual({ ok: true, order });
    expect(validateOrderRequest({ ...validOrder(), couponCode: null })).toEqual({
      ok: true,
      order: { ...validOrder(), couponCode: null },
    });
  });

  it('accepts exactly 100 items', () => {
    const items = Array.from({ length: 100 }, (_, i) => ({ sku: `S${i}`, quantity: 1, unitPriceCents: 1 }));
    expect(validateOrderRequest({ ...validOrder(), items }).ok).toBe(true);
  });

  it.each([
    ['quantity 0', { quantity: 0 }, 'items.0.quantity'],
    ['quantity 1001', { quantity: 1001 }, 'items.0.quantity'],
    ['a fractional quantity', { quantity: 1.5 }, 'items.0.quantity'],
    ['a quantity given as text', { quantity: '2' }, 'items.0.quantity'],
    ['a negative unit price', { unitPriceCents: -1 }, 'items.0.unitPriceCents'],
    ['a fractional unit price', { unitPriceCents: 9.99 }, 'items.0.unitPriceCents'],
    ['an empty sku', { sku: '' }, 'items.0.sku'],
    ['a sku over 64 characters', { sku: 's'.repeat(65) }, 'items.0.sku'],
  ])('rejects a line with %s', (_label, change, path) => {
    const order = validOrder();
    const issues = issuesOf({ ...order, items: [{ ...order.items[0], ...change }, order.items[1]] });
    expect(issues.map((issue) => issue.path)).toEqual([path]);
    expect(issues[0]?.message).toMatch(/\w/);
  });

  it('accepts the quantity bounds 1 and 1000', () => {
    const order = validOrder();
    const items = [
      { sku: 'A', quantity: 1, unitPriceCents: 1 },
      { sku: 'B', quantity: 1000, unitPriceCents: 1 },
    ];
    expect(validateOrderRequest({ ...order, items }).ok).toBe(true);
  });

  it('rejects a sku that appears twice, pointing at the repeat', () => {
    const order = validOrder();
    const issues = issuesOf({
      ...order,
      items: [...order.items, { sku: 'SKU-A', quantity: 1, unitPriceCents: 5 }],
    });
    expect(issues).toEqual([{ path: 'items.2.sku', message: expect.stringContaining('SKU-A') as unknown }]);
  });

  it('lists every bad field at once, duplicates included', () => {
    const issues = issuesOf({
      customerId: '',
      currency: 'eu',
      items: [
        { sku: 'SKU-A', quantity: 0, unitPriceCents: -5 },
        { sku: 'SKU-A', quantity: 1, unitPriceCents: 1 },
      ],
    });
    expect(issues.map((issue) => issue.path).sort()).toEqual(
      ['currency', 'customerId', 'items.0.quantity', 'items.0.unitPriceCents', 'items.1.sku'].sort(),
    );
  });

  it.each([
    ['null', null],
    ['an array', []],
    ['a string', 'order'],
  ])('rejects a body that is %s with an issue for the body itself', (_label, body) => {
    expect(pathsOf(body)).toEqual(['']);
  });
});

describe('validateOrderRequest on hostile text (F13)', () => {
  it.each([
    ['a NUL', 'customer\u00001', 'U+0000 at position 8'],
    ['a CR LF', 'customer\r\nBcc: x', 'U+000D at position 8'],
    ['a C1 control', 'customer\u00851', 'U+0085 at position 8'],
    ['a line separator', 'customer\u20281', 'U+2028 at position 8'],
  ])('refuses a customerId with %s, naming the character and where it is', (_label, customerId, where) => {
    expect(issuesOf({ ...validOrder(), customerId })).toEqual([
      {
        path: 'customerId',
        message: `customerId must not contain control characters or line breaks (found ${where})`,
      },
    ]);
  });

  it('refuses unpaired UTF-16 surrogates, which Avro would turn into one and the same sku', () => {
    const items = [
      { sku: 'A\ud800', quantity: 1, unitPriceCents: 1 },
      { sku: 'A\udbff', quantity: 1, unitPriceCents: 1 },
    ];
    expect(issuesOf({ ...validOrder(), items })).toEqual([
      {
        path: 'items.0.sku',
        message: 'sku must be well-formed Unicode (it holds an unpaired UTF-16 surrogate)',
      },
      {
        path: 'items.1.sku',
        message: 'sku must be well-formed Unicode (it holds an unpaired UTF-16 surrogate)',
      },
    ]);
  });

  it('refuses a sku outside the stock seed’s pattern', () => {
    const items = [{ sku: '-SKU A', quantity: 1, unitPriceCents: 1 }];
    expect(issuesOf({ ...validOrder(), items })).toEqual([
      {
        path: 'items.0.sku',
        message: 'sku must start with a letter or digit and hold only letters, digits, ".", "_" or "-"',
      },
    ]);
  });

  it('stores text NFC-normalised, so one visible customerId has one spelling', () => {
    const result = validateOrderRequest({ ...validOrder(), customerId: 'Rene\u0301' });
    expect(result).toEqual({ ok: true, order: { ...validOrder(), customerId: 'Ren\u00e9' } });
  });
});
