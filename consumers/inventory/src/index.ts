import { startService, type RunningService } from '@orderflow/consumer-runtime';

import type { InventoryConfig } from './inventory.config';
import { InventoryModule } from './inventory.module';

export { readInventoryConfig, type InventoryConfig } from './inventory.config';
export { InventoryModule } from './inventory.module';
export type { ReservationOutcome } from './reservation.policy';
export { ReservationService } from './reservation.service';
export {
  defaultStockSeedFile,
  parseStockAssignments,
  parseStockLevels,
  readStockSeedFile,
  type StockLevels,
} from './stock-levels';
export { StockRepository, type StockRepositoryOptions } from './stock.repository';
export type { MissingLine, ReleaseResult, ReservationRecord, StockLine } from './stock.types';

/** Starts the inventory service (consumer group `inventory`); end-to-end tests pass a test topic prefix. */
export const startInventory = (config: InventoryConfig): Promise<RunningService> =>
  startService({ module: InventoryModule.forRoot(config), runtime: config.runtime });
export { INVENTORY_SERVICE } from './inventory.identity';
