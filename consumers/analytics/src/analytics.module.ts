import { Module, type DynamicModule } from '@nestjs/common';

import type { AnalyticsConfig } from './analytics.config';
import { AnalyticsHandler } from './analytics.handler';
import { ANALYTICS_SETTINGS } from './analytics.tokens';
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
        { provide: ANALYTICS_SETTINGS, useValue: { stateTtlDays: config.stateTtlDays } },
        MetricsRepository,
        MetricsService,
      ],
    };
  }
}
