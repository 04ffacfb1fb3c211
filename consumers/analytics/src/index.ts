import { startService, type RunningService, type ServiceStartOptions } from '@orderflow/service-runtime';

import { readAnalyticsConfig, type AnalyticsConfig } from './analytics.config';
import { AnalyticsModule } from './analytics.module';

export { readAnalyticsConfig, type AnalyticsConfig, type AnalyticsSettings } from './analytics.config';
export { ANALYTICS_SERVICE } from './analytics.identity';
export { AnalyticsModule } from './analytics.module';
export { WINDOW_MS, windowKey, windowStartOf } from './metrics-window';
export type { WindowMetrics } from './window-metrics';

/**
 * Starts the analytics service (consumer group `analytics`), its config read from process.env unless given;
 * end-to-end tests pass a config with a test topic prefix and may pass a topics declaration with short
 * retry tiers.
 */
export const startAnalytics = ({
  config = readAnalyticsConfig(),
  ...options
}: ServiceStartOptions<AnalyticsConfig> = {}): Promise<RunningService> =>
  startService({ ...options, module: AnalyticsModule.forRoot(config), runtime: config.runtime });
