import { OrderflowError } from '@orderflow/errors';

const invalid = (option: string, value: string, expected: string): OrderflowError =>
  new OrderflowError('OPERATION_INVALID', `${option} must be ${expected} (got "${value}").`, {
    context: { option, value },
  });

/** A signed integer as a bigint: offsets exceed what a double holds exactly on long-lived topics. */
export const parseInteger = (value: string, option: string): bigint => {
  if (!/^[+-]?\d+$/.test(value.trim())) throw invalid(option, value, 'an integer');
  return BigInt(value.trim());
};

/** A comma-separated list of non-negative integers, e.g. `--partitions 0,2`. */
export const parseIntegerList = (value: string, option: string): number[] => {
  const items = value.split(',').map((item) => item.trim());
  if (items.some((item) => !/^\d+$/.test(item)))
    throw invalid(option, value, 'a comma-separated list of integers');
  return [...new Set(items.map(Number))].sort((a, b) => a - b);
};

/** An ISO-8601 date-time with an explicit zone; without one the operator's local zone would silently apply. */
export const parseIsoTimestamp = (value: string, option: string): number => {
  const zoned = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value);
  const timestamp = Date.parse(value);
  if (!zoned || !Number.isFinite(timestamp))
    throw invalid(option, value, 'an ISO date-time with a zone, e.g. 2026-11-21T12:00:00Z');
  return timestamp;
};

/** A positive integer option such as `--limit 20`. */
export const parsePositiveInteger = (value: string, option: string): number => {
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1) throw invalid(option, value, 'a positive integer');
  return Number(value);
};
