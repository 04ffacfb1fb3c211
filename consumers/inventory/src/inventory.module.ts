import { Module, type DynamicModule } from '@nestjs/common';
import type { Redis } from 'ioredis';

import { REDIS_CLIENT, RUNTIME_CONFIG, type RuntimeConfig } from '@orderflow/service-runtime';

import type { InventoryConfig } from './inventory.config';
import { InventoryHandler } from './inventory.handler';
import { INVENTORY_CONFIG } from './inventory.tokens';
import { ReservationService } from './reservation.service';
import { StockRepository } from './stock.repository';

/** The inventory service: reserves stock for new orders, releases it when payment fails. */
@Module({})
export class InventoryModule {
  static forRoot(config: InventoryConfig): DynamicModule {
    return {
      module: InventoryModule,
      controllers: [InventoryHandler],
      providers: [
        { provide: INVENTORY_CONFIG, useValue: config },
        {
          provide: StockRepository,
          inject: [REDIS_CLIENT, RUNTIME_CONFIG],
          useFactory: (redis: Redis, runtime: RuntimeConfig) =>
            new StockRepository({
              redis,
              topicPrefix: runtime.topicPrefix,
              reservationTtlSeconds: config.reservationTtlSeconds,
            }),
        },
        ReservationService,
      ],
    };
  }
}
