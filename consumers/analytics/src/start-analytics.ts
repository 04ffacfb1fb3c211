import { startService, type RunningService, type StartServiceOptions } from '@orderflow/consumer-runtime';

import type { AnalyticsConfig } from './analytics.config';
import { AnalyticsModule } from './analytics.module';

/**
 * Starts the analytics service; in-process too (end-to-end tests pass a config with a test topic prefix,
 * and may pass a topics declaration with short retry tiers).
 */
export const startAnalytics = (
  config: AnalyticsConfig,
  options: Omit<StartServiceOptions, 'module' | 'runtime'> = {},
): Promise<RunningService> =>
  startService({ ...options, module: AnalyticsModule.forRoot(config), runtime: config.runtime });
