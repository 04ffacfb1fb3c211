import 'reflect-metadata';

import { runService } from '@orderflow/consumer-runtime';

import { readInventoryConfig, startInventory } from './index';

void runService({ service: 'inventory', start: () => startInventory(readInventoryConfig(process.env)) });
