/**
 * Every error orderflow raises has one of these stable codes. Callers (retry routing, the CLI's exit
 * handling, tests) branch on the code and the `retriable` flag, never on message text.
 */
export const ERROR_CODES = [
  'CONFIG_INVALID',
  'PREREQUISITE_MISSING',
  'STACK_START_FAILED',
  'STACK_NOT_RUNNING',
  'DEPENDENCY_UNAVAILABLE',
  // A service's own database (PostgreSQL) does not answer: retriable; the record waits, it is not routed.
  'DATABASE_UNAVAILABLE',
  'DEADLINE_EXCEEDED',
  // Kafka: a request was sent but not acknowledged in time, so its records may or may not be in the log.
  'PUBLISH_OUTCOME_UNKNOWN',
  // Kafka: the broker refused a record as too large; it is not in the log and never will be as it is.
  'EVENT_TOO_LARGE',
  'TOPICS_FILE_INVALID',
  'TOPIC_CHANGE_REFUSED',
  'SCHEMA_INVALID',
  'SCHEMA_INCOMPATIBLE',
  'SCHEMA_NOT_REGISTERED',
  'TOPICS_APPLY_FAILED',
  // Serde (libs/registry): non-retriable, so consumers send such records straight to the DLQ.
  'SCHEMA_ID_UNKNOWN',
  'MESSAGE_UNDECODABLE',
  'EVENT_INVALID',
  // Retry routing (libs/retry): Kafka refused a record itself (too large, invalid); resending cannot help.
  'RECORD_REJECTED',
  // Test containers (libs/testing): stopping them failed; the reaper removes leftovers when the process exits.
  'STACK_STOP_FAILED',
  // Services: state a service keeps in Redis has an unexpected shape (written by hand or by another version).
  'STATE_INVALID',
  // Services: an optimistic update of Redis state kept meeting concurrent changes; retriable.
  'STATE_CONFLICT',
  // Operations (libs/operations): a replay or redrive asked for something contradictory or impossible.
  'OPERATION_INVALID',
  // Operations: the action needs a consumer group without live members (offset reset, stock set, a replay target).
  'CONSUMER_GROUP_ACTIVE',
  // Consumers: the event's lease was lost (expired, taken over) before an effect could be recorded.
  'LEASE_LOST',
  // Tests only: a fail point (ORDERFLOW_FAILPOINTS) threw on purpose; retriable, like the failure it stands for.
  'FAULT_INJECTED',
  // Calls between services (libs/grpc maps each to a gRPC status code and back, in one place):
  // the thing asked about does not exist; not retriable.
  'NOT_FOUND',
  // a command the thing's current state does not allow (e.g. delivery of a rejected order); not retriable.
  'WRONG_STATE',
  // a malformed request; not retriable.
  'REQUEST_INVALID',
  // a stream's client read too slowly and was cut off rather than buffered for without bound.
  'CLIENT_TOO_SLOW',
  // the other side failed in a way it did not classify (a bug there); not retriable.
  'REMOTE_CALL_FAILED',
  // Work queues (libs/rabbitmq): the broker did not confirm a job in time; retriable, and the Kafka record
  // that caused it waits on its partition rather than going through retry tiers.
  'QUEUE_UNAVAILABLE',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];
