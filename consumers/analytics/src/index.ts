export {
  readAnalyticsConfig,
  type AnalyticsConfig,
  type AnalyticsSettings,
} from './analytics.config';
export { AnalyticsModule } from './analytics.module';
export { WINDOW_MS, windowKey, windowStartOf } from './metrics-window';
export { startAnalytics } from './start-analytics';
export type { WindowMetrics } from './window-metrics';
export { ANALYTICS_SERVICE } from './analytics.identity';
