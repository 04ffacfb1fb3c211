import { startService, type RunningService, type ServiceStartOptions } from '@orderflow/service-runtime';

import { readInventoryConfig, type InventoryConfig } from './inventory.config';
import { InventoryModule } from './inventory.module';

export { readInventoryConfig, type InventoryConfig } from './inventory.config';
export { INVENTORY_SERVICE } from './inventory.identity';
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

/**
 * Starts the inventory service (consumer group `inventory`), its config read from process.env unless given;
 * end-to-end tests pass a config with a test topic prefix and may pass a smaller topics declaration.
 */
export const startInventory = ({
  config = readInventoryConfig(),
  ...options
}: ServiceStartOptions<InventoryConfig> = {}): Promise<RunningService> =>
  startService({ ...options, module: InventoryModule.forRoot(config), runtime: config.runtime });
