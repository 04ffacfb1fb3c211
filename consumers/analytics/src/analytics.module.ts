import { Module, type DynamicModule } from '@nestjs/common';
import type { Redis } from 'ioredis';

import { REDIS_CLIENT, RUNTIME_CONFIG, type RuntimeConfig } from '@orderflow/service-runtime';

import type { AnalyticsConfig } from './analytics.config';
import { AnalyticsHandler } from './analytics.handler';
import { ANALYTICS_CONFIG } from './analytics.tokens';
import { MetricsRepository } from './metrics.repository';
import { MetricsService } from './metrics.service';

/** The analytics consumer group's handlers and services; Redis, config and the publisher come from the runtime. */
@Module({})
export class AnalyticsModule {
  static forRoot(config: AnalyticsConfig): DynamicModule {
    return {
      module: AnalyticsModule,
      controllers: [AnalyticsHandler],
      providers: [
        { provide: ANALYTICS_CONFIG, useValue: config },
        {
          provide: MetricsRepository,
          inject: [REDIS_CLIENT, RUNTIME_CONFIG],
          useFactory: (redis: Redis, runtime: RuntimeConfig) =>
            new MetricsRepository({
              redis,
              topicPrefix: runtime.topicPrefix,
              stateTtlDays: config.stateTtlDays,
            }),
        },
        MetricsService,
      ],
    };
  }
}
