import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import type Redis from 'ioredis';

import type { EventPublisher } from '@orderflow/kafka';
import type { Logger } from '@orderflow/logging';

import type { ConsumerStatus } from './consumer-status';
import type { FailPoints } from './fail-points';
import { createDependencyProbes } from './health/dependency-probes';
import {
  DEPENDENCY_PROBES,
  HealthController,
  READINESS_CHECKS,
  type ReadinessChecks,
} from './health/health.controller';
import { HTTP_METRICS, HttpMetricsInterceptor } from './metrics/http-metrics.interceptor';
import { METRICS_REGISTRY, MetricsController } from './metrics/metrics.controller';
import type { ServiceMetrics } from './metrics/service-metrics.factory';
import type { RuntimeConfig } from './runtime-config';
import {
  CONSUMER_STATUS,
  EVENT_PUBLISHER,
  FAIL_POINTS,
  LOGGER,
  REDIS_CLIENT,
  RUNTIME_CONFIG,
} from './runtime.tokens';

export interface RuntimeDependencies {
  config: RuntimeConfig;
  redis: Redis;
  logger: Logger;
  publisher: EventPublisher;
  consumerStatus: () => ConsumerStatus;
  metrics: ServiceMetrics;
  failPoints: FailPoints;
  /** The service's own readiness checks (its other transports), beside Kafka, Redis and the registry. */
  readiness: ReadinessChecks;
}

/**
 * Provides the runtime's shared clients to every service module (created and closed by startService), the
 * health endpoints, `/metrics`, and the HTTP metrics interceptor on every route.
 */
@Global()
@Module({})
export class RuntimeModule {
  static forRoot(dependencies: RuntimeDependencies): DynamicModule {
    const providers = [
      { provide: RUNTIME_CONFIG, useValue: dependencies.config },
      { provide: REDIS_CLIENT, useValue: dependencies.redis },
      { provide: LOGGER, useValue: dependencies.logger },
      { provide: EVENT_PUBLISHER, useValue: dependencies.publisher },
      { provide: CONSUMER_STATUS, useValue: dependencies.consumerStatus },
      { provide: FAIL_POINTS, useValue: dependencies.failPoints },
      // Exported: a service registers metrics of its own (payment's relay slot gauges) on the same registry.
      { provide: METRICS_REGISTRY, useValue: dependencies.metrics.registry },
    ];
    return {
      module: RuntimeModule,
      global: true,
      imports: [TerminusModule],
      controllers: [HealthController, MetricsController],
      providers: [
        ...providers,
        {
          provide: DEPENDENCY_PROBES,
          useValue: createDependencyProbes(dependencies.config.settings, dependencies.redis),
        },
        { provide: READINESS_CHECKS, useValue: dependencies.readiness },
        { provide: HTTP_METRICS, useValue: dependencies.metrics.http },
        { provide: APP_INTERCEPTOR, useClass: HttpMetricsInterceptor },
      ],
      exports: providers.map((provider) => provider.provide),
    };
  }
}
