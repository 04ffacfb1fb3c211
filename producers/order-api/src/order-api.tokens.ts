/** The service's OrderApiConfig, provided by OrderApiModule.forRoot. */
export const ORDER_API_CONFIG = Symbol('orderflow:order-api-config');
