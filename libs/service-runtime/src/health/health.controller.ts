import { Controller, Get, Inject } from '@nestjs/common';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  type HealthIndicatorResult,
} from '@nestjs/terminus';

import type { ConsumerStatus } from '../consumer-status';
import { CONSUMER_STATUS } from '../runtime.tokens';
import type { DependencyProbes } from './dependency-probes';

export const DEPENDENCY_PROBES = Symbol('orderflow:dependency-probes');
export const READINESS_CHECKS = Symbol('orderflow:readiness-checks');

/** A service's own readiness checks by name: each resolves with details, or rejects saying why not. */
export type ReadinessChecks = Record<string, () => Promise<Record<string, unknown>>>;

/**
 * `/health/live`: the process answers (restart it if not). `/health/ready`: Kafka, Redis and the registry
 * answer and this instance's consumer has joined its group and runs (send it work only then). Owning
 * partitions is not required: a spare member (more instances than partitions, a second order API behind a
 * load balancer) serves HTTP and takes partitions over at the next rebalance, so it must count as ready.
 * A service with more transports adds their checks (startService's `readiness`), e.g. the order API's gRPC.
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(DEPENDENCY_PROBES) private readonly probes: DependencyProbes,
    @Inject(CONSUMER_STATUS) private readonly consumerStatus: () => ConsumerStatus,
    @Inject(READINESS_CHECKS) private readonly ownChecks: ReadinessChecks,
  ) {}

  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.probe('kafka', () => this.probes.kafka()),
      () => this.probe('redis', () => this.probes.redis()),
      () => this.probe('schemaRegistry', () => this.probes.registry()),
      () => this.consumer(),
      ...Object.entries(this.ownChecks).map(
        ([key, check]) =>
          () =>
            this.probe(key, check),
      ),
    ]);
  }

  private async probe(
    key: string,
    run: () => Promise<Record<string, unknown>>,
  ): Promise<HealthIndicatorResult> {
    const session = this.indicators.check(key);
    try {
      return session.up(await run());
    } catch (error) {
      return session.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }

  private consumer(): HealthIndicatorResult {
    const session = this.indicators.check('consumer');
    const { state, assignment, lastError, stalledBatches } = this.consumerStatus();
    const partitions = Object.values(assignment).reduce((sum, assigned) => sum + assigned.length, 0);
    // A stalled batch is reported, not a reason to take the instance out: its HTTP side still works.
    const stalled = stalledBatches.length > 0 ? { stalledBatches: stalledBatches.length } : {};
    return state === 'running'
      ? session.up({ state, partitions, ...stalled })
      : session.down({ state, partitions, ...(lastError === undefined ? {} : { lastError }) });
  }
}
