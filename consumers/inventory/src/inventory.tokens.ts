/** The service's InventoryConfig, provided by InventoryModule.forRoot. */
export const INVENTORY_CONFIG = Symbol('orderflow:inventory-config');
