import { z } from 'zod';

import { parseRetryDelay } from './retry-delay.parser';

/**
 * The shape of topics.yaml. Objects are strict so a misspelt key (`partitons`) fails the load instead
 * of silently falling back to a default. Cross-references are checked after this, in the loader.
 */

const positiveInteger = z
  .number({ error: 'expected a positive integer' })
  .int({ error: 'expected a positive integer' })
  .positive({ error: 'expected a positive integer' });

// Kafka's limit is 249 characters; the prefix tests add is checked when names are resolved.
const topicName = z
  .string()
  .regex(/^[a-zA-Z0-9._-]{1,249}$/, { error: 'expected a topic name (letters, digits, ".", "_", "-")' });

const groupName = z
  .string()
  .regex(/^[a-z][a-z0-9-]*$/, { error: 'expected a lower-case group name (a-z, 0-9, "-")' });

const serviceName = z.string().regex(/^(producers|consumers)\/[a-z][a-z0-9-]*$/, {
  error: 'expected producers/<name> or consumers/<name>',
});

const configKey = z
  .string()
  .regex(/^[a-z][a-z0-9.]*[a-z0-9]$/, { error: 'expected a Kafka topic config name' });

// Kafka takes every config as a string; YAML numbers and booleans are accepted for readability.
const configValue = z.unknown().transform((value, ctx): string => {
  if (typeof value === 'string' || typeof value === 'boolean') return String(value);
  if (typeof value === 'number' && Number.isFinite(value)) {
    if (Number.isSafeInteger(value) || !Number.isInteger(value)) return String(value);
    ctx.addIssue({ code: 'custom', message: 'too large to be exact as a YAML number: quote it' });
    return z.NEVER;
  }
  ctx.addIssue({ code: 'custom', message: 'expected a string, number or boolean' });
  return z.NEVER;
});

const configs = z.record(configKey, configValue);

const retryDelay = z.string().transform((label, ctx) => {
  const delay = parseRetryDelay(label);
  if (delay !== undefined) return delay;
  ctx.addIssue({ code: 'custom', message: 'expected a delay such as 500ms, 10s, 5m or 1h' });
  return z.NEVER;
});

/**
 * What a group keeps of each key's log order once a record fails: `per-key` holds later records of a key
 * behind one waiting in a retry tier; `none` lets them overtake it (Spring's non-blocking retries).
 */
export const GROUP_ORDERINGS = ['per-key', 'none'] as const;
const groupOrdering = z.enum(GROUP_ORDERINGS, { error: 'expected per-key or none' });

const topicOverride = z.strictObject({
  partitions: positiveInteger.optional(),
  configs: configs.default({}),
});

export const topicsFileSchema = z.strictObject({
  defaults: z.strictObject({ partitions: positiveInteger, configs: configs.default({}) }),
  environments: z.record(
    z.string().regex(/^[a-z][a-z0-9-]*$/, { error: 'expected a lower-case environment name' }),
    z.strictObject({
      replicationFactor: positiveInteger,
      configs: configs.default({}),
      topics: z.record(topicName, topicOverride).default({}),
    }),
  ),
  derived: z.strictObject({ retry: topicOverride, dlq: topicOverride }),
  groups: z.record(
    groupName,
    z.strictObject({
      service: serviceName,
      retry: z.array(retryDelay),
      ordering: groupOrdering.default('none'),
    }),
  ),
  topics: z.record(
    topicName,
    z.strictObject({
      owner: serviceName,
      key: z.string().min(1, { error: 'expected what the records are keyed by, e.g. orderId' }),
      partitions: positiveInteger.optional(),
      configs: configs.default({}),
      consumers: z.array(groupName),
    }),
  ),
});

/** topics.yaml after shape validation; the loader also guarantees its cross-references hold. */
export type TopicsFile = z.output<typeof topicsFileSchema>;
