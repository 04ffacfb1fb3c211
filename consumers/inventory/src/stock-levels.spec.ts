import { isOrderflowError } from '@orderflow/errors';

import { parseStockAssignments, parseStockLevels, readStockSeedFile } from './stock-levels';

const configError = (run: () => unknown): unknown => {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('stock levels', () => {
  it('reads the demo seed file: a handful of skus with generous quantities', () => {
    const levels = readStockSeedFile();
    expect(Object.keys(levels).length).toBeGreaterThanOrEqual(3);
    for (const units of Object.values(levels)) expect(units).toBeGreaterThanOrEqual(100);
  });

  it('parses SKU=N assignments', () => {
    expect(parseStockAssignments(['SKU-A=5', 'SKU-B=0'])).toEqual({ 'SKU-A': 5, 'SKU-B': 0 });
  });

  it.each([['SKU-A'], ['SKU-A=-1'], ['SKU-A=x'], ['=3'], ['SKU A=3']])(
    'refuses the assignment %s',
    (text) => {
      expect(
        isOrderflowError(
          configError(() => parseStockAssignments([text])),
          'CONFIG_INVALID',
        ),
      ).toBe(true);
    },
  );

  it('refuses quantities that do not fit the Avro int of inventory.rejected', () => {
    const error = configError(() => parseStockLevels({ 'SKU-A': 2 ** 31 }, 'test'));
    expect(isOrderflowError(error, 'CONFIG_INVALID')).toBe(true);
    expect(error).toMatchObject({
      context: { origin: 'test', problems: [expect.stringContaining('SKU-A')] },
    });
  });

  it('names the file when the seed file is missing', () => {
    const error = configError(() => readStockSeedFile('/nonexistent/stock.json'));
    expect(error).toMatchObject({ code: 'CONFIG_INVALID', context: { path: '/nonexistent/stock.json' } });
  });
});
