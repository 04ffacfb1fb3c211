import type { Command } from 'commander';

import { resolveConnectionSettings } from '@orderflow/config';
import {
  defaultStockSeedFile,
  parseStockAssignments,
  readStockSeedFile,
  StockRepository,
  type StockLevels,
} from '@orderflow/inventory';
import { assertGroupStopped, withOperations } from '@orderflow/operations';

import { renderTable } from '../output/render-table';
import { withRedis } from './redis-connection';

interface StockOptions {
  topicPrefix: string;
}

/** Runs `work` against the inventory's stock in the Redis of the resolved connection settings. */
const withStock = <T>(
  { topicPrefix }: StockOptions,
  work: (stock: StockRepository) => Promise<T>,
): Promise<T> => withRedis((redis) => work(new StockRepository({ redis, topicPrefix })));

/**
 * Setting stock overwrites what the running inventory service changes with its reservations (HSET after
 * a reservation's HINCRBY loses it), so `set` and `seed` need the inventory group stopped. Adding only
 * missing skus does not race and needs no stop.
 */
const assertInventoryStopped = ({ topicPrefix }: StockOptions): Promise<void> =>
  withOperations({ brokers: resolveConnectionSettings().kafkaBrokers }, ({ admin }) =>
    assertGroupStopped({
      admin,
      groupId: `${topicPrefix}inventory`,
      service: 'consumers/inventory',
      because:
        'setting stock while it reserves would overwrite its reservations (use `stock seed --missing-only` to add new skus now)',
    }),
  );

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

/** Adds the seed file's skus that have no stock yet; what exists (and what orders consumed) stays. */
const seedMissing = async (options: StockOptions, file: string): Promise<void> => {
  const levels = readStockSeedFile(file);
  const added = await withStock(options, (repository) => repository.addMissingStock(levels));
  const kept = Object.keys(levels).length - added.length;
  console.log(
    `Added ${added.length} missing sku(s) from ${file}; ${kept} already had stock and kept it (\`npx orderflow stock seed\` resets them, with inventory stopped).`,
  );
  if (added.length > 0) printLevels(Object.fromEntries(added.map((sku) => [sku, levels[sku] ?? 0])));
};

/**
 * `npm start`'s step: seeds the default stock where none exists yet, so running `npm start` again (even
 * while the services run) never undoes what orders consumed.
 */
export const seedMissingStock = (): Promise<void> => seedMissing({ topicPrefix: '' }, defaultStockSeedFile());

export const registerStockCommands = (program: Command): void => {
  const stock = program
    .command('stock')
    .description('The inventory service’s available stock in Redis: seed, show, set (units per sku).');

  withStockOptions(stock.command('seed'))
    .description(
      'Set every sku of a seed file to its quantity (sets, never adds; other skus are kept). Refused while inventory runs, unless --missing-only.',
    )
    .option('--file <path>', 'seed file of { "SKU": units }', defaultStockSeedFile())
    .option('--missing-only', 'only add skus that have no stock yet (safe while inventory runs)')
    .action(async (options: StockOptions & { file: string; missingOnly?: boolean }) => {
      const { file } = options;
      if (options.missingOnly === true) {
        await seedMissing(options, file);
        return;
      }
      const levels = readStockSeedFile(file);
      await assertInventoryStopped(options);
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
    .description(
      'Set skus to exact quantities, e.g. `orderflow stock set SKU-BOOK-001=0 SKU-MUG-002=25`. Refused while inventory runs.',
    )
    .argument('<assignment...>', 'SKU=N pairs')
    .action(async (assignments: string[], options: StockOptions) => {
      const levels = parseStockAssignments(assignments);
      await assertInventoryStopped(options);
      await withStock(options, (repository) => repository.setStock(levels));
      printLevels(levels);
    });
};
