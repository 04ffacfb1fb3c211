export type { ConsumerState, ConsumerStatus } from './consumer-status';
export type { EventContext } from './event-context';
export { followUp, type EventBody, type FollowUp, type HandlerResult } from './follow-up';
export { redisCall } from './redis-call';
export { redisScript, type RedisScript } from './redis-script';
export { runService, type RunServiceOptions, type ServiceHost } from './run-service';
export { readRuntimeConfig, redisKey, type RuntimeConfig } from './runtime-config';
export { CONSUMER_STATUS, EVENT_PUBLISHER, LOGGER, REDIS_CLIENT, RUNTIME_CONFIG } from './runtime.tokens';
export { startService, type RunningService, type StartServiceOptions } from './start-service';
