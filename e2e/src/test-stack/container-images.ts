import { STACK_VERSIONS } from '@orderflow/stack';

/**
 * Every image docker-compose.kafka.yml runs, pinned in one place: the testcontainers stack starts the first
 * three and test/docker-compose.spec.ts fails when the compose file drifts from any of them.
 * - kafka follows STACK_VERSIONS so Docker mode and the embedded stack run the same broker;
 * - schemaRegistry: Confluent Platform 8.1 (Kafka 4.1 clients, which talk to a 4.3 broker);
 * - kafkaUi: kafbat, the maintained fork of provectus/kafka-ui;
 * - postgres: the major version of Debian's postgresql-15, which the embedded stack runs;
 * - kafkaConnect: Debezium's Connect image, its PostgreSQL plugin the version the embedded worker loads.
 */
export const CONTAINER_IMAGES = {
  kafka: `apache/kafka:${STACK_VERSIONS.kafka}`,
  schemaRegistry: 'confluentinc/cp-schema-registry:8.1.1',
  redis: 'redis:7.4-alpine',
  // The management image ships rabbitmq_prometheus enabled (15692) beside the management API (15672).
  rabbitmq: 'rabbitmq:3.13-management-alpine',
  prometheus: 'prom/prometheus:v3.5.0',
  grafana: 'grafana/grafana:12.3.1',
  kafkaUi: 'kafbat/kafka-ui:v1.5.0',
  postgres: 'postgres:15-alpine',
  kafkaConnect: `quay.io/debezium/connect:${STACK_VERSIONS.debezium}`,
} as const;
