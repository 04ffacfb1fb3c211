import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { z } from 'zod';

import { OrderflowError } from '@orderflow/errors';

/** Available units per sku, as kept in Redis and written in stock.seed.json. */
export type StockLevels = Record<string, number>;

/** Avro `int` carries the quantities (inventory.rejected's `available`), so stock stays below 2^31. */
const MAX_STOCK = 2 ** 31 - 1;

const skuSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'a sku is letters, digits, ".", "_" or "-"');
const quantitySchema = z.number().int().min(0).max(MAX_STOCK);
const stockLevelsSchema = z.record(skuSchema, quantitySchema);

/** consumers/inventory/stock.seed.json: the demo skus (same path from src/ and dist/). */
export const defaultStockSeedFile = (): string => join(__dirname, '..', 'stock.seed.json');

/** Validates `{ "SKU-…": quantity }`, naming the source and the offending entry on failure. */
export const parseStockLevels = (value: unknown, origin: string): StockLevels => {
  const parsed = stockLevelsSchema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
    throw new OrderflowError(
      'CONFIG_INVALID',
      `Stock levels from ${origin} are invalid (${problems.join('; ')}). Expected { "SKU-…": whole number 0..${MAX_STOCK} }.`,
      { context: { origin, problems } },
    );
  }
  return parsed.data;
};

/** Reads a seed file such as consumers/inventory/stock.seed.json. */
export const readStockSeedFile = (path: string = defaultStockSeedFile()): StockLevels => {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new OrderflowError('CONFIG_INVALID', `Cannot read the stock seed file ${path}; check the path.`, {
      context: { path },
      cause,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new OrderflowError('CONFIG_INVALID', `The stock seed file ${path} is not valid JSON.`, {
      context: { path },
      cause,
    });
  }
  return parseStockLevels(json, path);
};

/** Parses command-line assignments such as `SKU-1=5 SKU-2=0`. */
export const parseStockAssignments = (assignments: string[]): StockLevels => {
  const entries = assignments.map((assignment) => {
    const match = /^([^=]+)=(\d+)$/.exec(assignment.trim());
    if (!match) {
      throw new OrderflowError('CONFIG_INVALID', `"${assignment}" is not SKU=N (e.g. SKU-BOOK-001=25).`, {
        context: { assignment },
      });
    }
    return [match[1], Number(match[2])] as const;
  });
  return parseStockLevels(Object.fromEntries(entries), 'the command line');
};
