export type { ConsumerState, ConsumerStatus, StalledBatch } from './consumer-status';
export type { EventContext } from './event-context';
export { createFailPoints, NO_FAIL_POINTS, type FailPoints } from './fail-points';
// Effect stores record only while the event's lease holds: the token comes with the EventContext.
export { fencedSetIfAbsent, type FencedWrite, type FencingToken } from '@orderflow/idempotency';
export { followUp, type EventBody, type FollowUp, type HandlerResult } from './follow-up';
export type { OutboxEncoder, OutboxEvent } from './outbox-event';
export { runKeyOrdered, type KeyOrderedOptions, type KeyOrderedOutcome } from './key-ordered-batch';
export { runService, type RunServiceOptions, type ServiceHost } from './run-service';
export { CONSUMER_DEFAULTS, readRuntimeConfig, redisKey, type RuntimeConfig } from './runtime-config';
export { readServiceConfig, type ServiceEnv } from './service-config';
export type { ServiceIdentity } from './service-identity';
export type { ServiceStartOptions } from './service-start-options';
export { EVENT_PUBLISHER, FAIL_POINTS, LOGGER, REDIS_CLIENT, RUNTIME_CONFIG } from './runtime.tokens';
export { startService, type RunningService, type StartServiceOptions } from './start-service';
export type { ReadinessChecks } from './health/health.controller';
export { METRICS_REGISTRY } from './metrics/metrics.controller';
