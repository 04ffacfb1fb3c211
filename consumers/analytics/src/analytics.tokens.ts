/** The service's AnalyticsSettings (from analytics.config.ts), provided by AnalyticsModule.forRoot. */
export const ANALYTICS_SETTINGS = Symbol('orderflow:analytics-settings');
