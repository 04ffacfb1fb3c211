/** The service's AnalyticsConfig, provided by AnalyticsModule.forRoot. */
export const ANALYTICS_CONFIG = Symbol('orderflow:analytics-config');
