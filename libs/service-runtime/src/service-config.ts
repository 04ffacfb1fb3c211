import type { z } from 'zod';

import { OrderflowError } from '@orderflow/errors';

import { readRuntimeConfig, type RuntimeConfig } from './runtime-config';
import type { ServiceIdentity } from './service-identity';

/** A service's environment read once: the runtime's settings and the service's own variables. */
export interface ServiceEnv<Settings> {
  runtime: RuntimeConfig;
  settings: Settings;
}

/** The one CONFIG_INVALID of a bad variable: its name first, then what is wrong and what to do. */
export const configInvalid = (key: string, problem: string, value: string | undefined): OrderflowError =>
  new OrderflowError('CONFIG_INVALID', `${key} is invalid (${problem}); fix or unset it.`, {
    context: { key, value },
  });

/**
 * Reads a service's own variables with its zod schema, then the runtime's (connection, prefix, port through
 * `identity.portVariable`, consumer timings). The first bad variable stops the boot, named.
 */
export const readServiceConfig = <Schema extends z.ZodType>(
  schema: Schema,
  env: Record<string, string | undefined>,
  identity: ServiceIdentity,
): ServiceEnv<z.output<Schema>> => {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    const key = String(issue?.path[0] ?? identity.portVariable);
    throw configInvalid(key, issue?.message ?? 'unreadable', env[key]);
  }
  const runtime = readRuntimeConfig(
    {
      service: identity.name,
      group: identity.group,
      portVariable: identity.portVariable,
      defaultPort: identity.defaultPort,
    },
    env,
  );
  return { runtime, settings: parsed.data };
};
