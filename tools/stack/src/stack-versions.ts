/**
 * The server versions the embedded stack fetches, and that docker-compose.kafka.yml must match.
 * Kafka: 4.3.1 is the newest release published whole on Maven Central (4.4.0's kafka-tools was missing
 * on 2026-11-21) and KafkaJS 2.2.4 passes produce, group consume with commits, admin create/alter and
 * transactions against it. Apicurio Registry 3 serves the Confluent API under /apis/ccompat/v7.
 * Debezium 3.7.0.Final is built against Kafka 4.3.1 (3.7.1.Final's parent POM is missing from Central);
 * its PostgreSQL plugin carries the outbox event router (debezium-connect-plugins).
 */
export const STACK_VERSIONS = {
  kafka: '4.3.1',
  apicurioRegistry: '3.3.3',
  debezium: '3.7.0.Final',
} as const;
