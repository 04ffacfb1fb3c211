import { z } from 'zod';

import { readRuntimeConfig, type RuntimeConfig } from '@orderflow/consumer-runtime';
import { OrderflowError } from '@orderflow/errors';

/** Analytics' own settings, on top of the runtime's. */
export interface AnalyticsSettings {
  /**
   * How long a window's figures, its applied-event set and each order's timestamps stay in Redis after
   * their last update. Must outlast every way an old event can come back: topic retention (7 days), retry
   * tiers, and a DLQ redrive (DLQ retention 30 days). If a window's state expired first, a redriven event
   * would start the window from zero and its snapshot would overwrite the complete one on the compacted topic.
   */
  stateTtlDays: number;
}

export interface AnalyticsConfig extends AnalyticsSettings {
  runtime: RuntimeConfig;
}

export const ANALYTICS_DEFAULTS = { stateTtlDays: 40 } as const satisfies AnalyticsSettings;

const analyticsEnvSchema = z.object({
  ANALYTICS_STATE_TTL_DAYS: z.coerce.number().int().min(1).max(3650).default(ANALYTICS_DEFAULTS.stateTtlDays),
});

/** Analytics' own environment variables; a bad value stops the boot, naming the variable. */
export const readAnalyticsSettings = (env: Record<string, string | undefined>): AnalyticsSettings => {
  const parsed = analyticsEnvSchema.safeParse(env);
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    const key = String(issue?.path[0] ?? 'ANALYTICS_STATE_TTL_DAYS');
    throw new OrderflowError(
      'CONFIG_INVALID',
      `${key} is invalid (${issue?.message}): expected whole days, 1-3650.`,
      {
        context: { key, value: env[key] },
      },
    );
  }
  return { stateTtlDays: parsed.data.ANALYTICS_STATE_TTL_DAYS };
};

/** Everything the analytics service needs, read once at start-up (src/main.ts). */
export const readAnalyticsConfig = (
  env: Record<string, string | undefined> = process.env,
): AnalyticsConfig => ({
  runtime: readRuntimeConfig(
    { service: 'analytics', group: 'analytics', portVariable: 'ANALYTICS_PORT', defaultPort: 3104 },
    env,
  ),
  ...readAnalyticsSettings(env),
});
