import { runService } from '@orderflow/service-runtime';

import { INVENTORY_SERVICE, startInventory } from './index';

void runService({ service: INVENTORY_SERVICE.name, start: () => startInventory() });
