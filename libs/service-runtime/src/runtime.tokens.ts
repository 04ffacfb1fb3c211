/** Injection tokens the runtime module provides to services. */
export const RUNTIME_CONFIG = Symbol('orderflow:runtime-config');
/** An ioredis client for the service's own state (stock, status view, aggregates). */
export const REDIS_CLIENT = Symbol('orderflow:redis-client');
/** The service's JSON logger (`Logger` from @orderflow/logging). */
export const LOGGER = Symbol('orderflow:logger');
/** `EventPublisher` from @orderflow/kafka, connected: publishes Avro events with acks=all. */
export const EVENT_PUBLISHER = Symbol('orderflow:event-publisher');
/** `() => ConsumerStatus`: whether this instance's consumer runs and what it is assigned (readiness). */
export const CONSUMER_STATUS = Symbol('orderflow:consumer-status');
/** `FailPoints`: test-only crashes and throws at exact steps (ORDERFLOW_FAILPOINTS); no-ops otherwise. */
export const FAIL_POINTS = Symbol('orderflow:fail-points');
