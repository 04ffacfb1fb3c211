import type { Command } from 'commander';
import { Redis } from 'ioredis';

import { resolveConnectionSettings } from '@orderflow/config';
import {
  defaultStockSeedFile,
  parseStockAssignments,
  readStockSeedFile,
  StockRepository,
  type StockLevels,
} from '@orderflow/inventory';

import { renderTable } from '../output/render-table';

interface StockOptions {
  topicPrefix: string;
}

/** Runs `work` against the inventory's stock in the Redis of the resolved connection settings. */
const withStock = async <T>(
  { topicPrefix }: StockOptions,
  work: (stock: StockRepository) => Promise<T>,
): Promise<T> => {
  const { redisUrl } = resolveConnectionSettings();
  // One attempt per command: an operator wants the error now, not a reconnect loop.
  const redis = new Redis(redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    retryStrategy: () => null,
  });
  // The failed command reports the error; without a listener ioredis would also print it as unhandled.
  redis.on('error', () => undefined);
  try {
    return await work(new StockRepository({ redis, topicPrefix }));
  } finally {
    redis.disconnect();
  }
};

const printLevels = (levels: StockLevels): void => {
  const rows = Object.entries(levels).map(([sku, units]) => [sku, String(units)]);
  console.log(
    rows.length === 0
      ? 'No stock (seed it with `orderflow stock seed`).'
      : renderTable(['SKU', 'AVAILABLE'], rows),
  );
};

const withStockOptions = (command: Command): Command =>
  command.option(
    '--topic-prefix <prefix>',
    'key namespace of the inventory service to work on (its ORDERFLOW_TOPIC_PREFIX)',
    '',
  );

/**
 * `npm start`'s step: seeds the default stock only where none exists yet, so running `npm start` again
 * never undoes what orders consumed (`orderflow stock seed` resets it on purpose).
 */
export const seedStockIfEmpty = async (): Promise<void> => {
  const current = await withStock({ topicPrefix: '' }, (repository) => repository.readStock([]));
  if (Object.keys(current).length > 0) {
    console.log(
      `Stock already seeded (${Object.keys(current).length} sku(s)); \`npx orderflow stock seed\` resets it.`,
    );
    return;
  }
  const levels = readStockSeedFile(defaultStockSeedFile());
  await withStock({ topicPrefix: '' }, (repository) => repository.setStock(levels));
  printLevels(levels);
};

export const registerStockCommands = (program: Command): void => {
  const stock = program
    .command('stock')
    .description('The inventory service’s available stock in Redis: seed, show, set (units per sku).');

  withStockOptions(stock.command('seed'))
    .description('Set every sku of a seed file to its quantity (sets, never adds; other skus are kept).')
    .option('--file <path>', 'seed file of { "SKU": units }', defaultStockSeedFile())
    .action(async (options: StockOptions & { file: string }) => {
      const { file } = options;
      const levels = readStockSeedFile(file);
      await withStock(options, (repository) => repository.setStock(levels));
      console.log(`Seeded ${Object.keys(levels).length} sku(s) from ${file}:`);
      printLevels(levels);
    });

  withStockOptions(stock.command('show'))
    .description('Available units of the given skus (0 when unknown), or of every sku.')
    .argument('[sku...]', 'skus to show (default: all)')
    .action(async (skus: string[], options: StockOptions) => {
      printLevels(await withStock(options, (repository) => repository.readStock(skus)));
    });

  withStockOptions(stock.command('set'))
    .description('Set skus to exact quantities, e.g. `orderflow stock set SKU-BOOK-001=0 SKU-MUG-002=25`.')
    .argument('<assignment...>', 'SKU=N pairs')
    .action(async (assignments: string[], options: StockOptions) => {
      const levels = parseStockAssignments(assignments);
      await withStock(options, (repository) => repository.setStock(levels));
      printLevels(levels);
    });
};
