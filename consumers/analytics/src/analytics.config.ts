import { z } from 'zod';

import { readServiceConfig, type RuntimeConfig } from '@orderflow/service-runtime';

import { ANALYTICS_SERVICE } from './analytics.identity';

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

const ANALYTICS_DEFAULTS = { stateTtlDays: 40 } as const satisfies AnalyticsSettings;

const analyticsEnvSchema = z.object({
  ANALYTICS_STATE_TTL_DAYS: z.coerce.number().int().min(1).max(3650).default(ANALYTICS_DEFAULTS.stateTtlDays),
});

/** Everything the analytics service needs, read once at start-up; a bad value stops the boot, naming its key. */
export const readAnalyticsConfig = (
  env: Record<string, string | undefined> = process.env,
): AnalyticsConfig => {
  const { runtime, settings } = readServiceConfig(analyticsEnvSchema, env, ANALYTICS_SERVICE);
  return { runtime, stateTtlDays: settings.ANALYTICS_STATE_TTL_DAYS };
};
