import { connectInternalTopics } from '@orderflow/stack';

export const KAFKA_CONNECT_PORT = 8083;

const GROUP_ID = 'orderflow-connect';

/**
 * How the testcontainers Kafka Connect worker (Debezium's image) is configured: as docker-compose.kafka.yml's
 * (test/docker-compose.spec.ts compares them), on Kafka's in-network listener, with the embedded worker's
 * group and internal topics.
 */
export const kafkaConnectContainerEnvironment = (kafkaBootstrapServer: string): Record<string, string> => {
  const topics = connectInternalTopics(GROUP_ID);
  return {
    BOOTSTRAP_SERVERS: kafkaBootstrapServer,
    GROUP_ID,
    CONFIG_STORAGE_TOPIC: topics.configs,
    OFFSET_STORAGE_TOPIC: topics.offsets,
    STATUS_STORAGE_TOPIC: topics.status,
    CONFIG_STORAGE_REPLICATION_FACTOR: '1',
    OFFSET_STORAGE_REPLICATION_FACTOR: '1',
    STATUS_STORAGE_REPLICATION_FACTOR: '1',
    // Debezium's confirmed LSN every second: after a crash at most a second's records are sent again.
    CONNECT_OFFSET_FLUSH_INTERVAL_MS: '1000',
    // Outbox rows are already Confluent-framed Avro: keys as strings, values as bytes, unchanged.
    KEY_CONVERTER: 'org.apache.kafka.connect.storage.StringConverter',
    VALUE_CONVERTER: 'org.apache.kafka.connect.converters.ByteArrayConverter',
  };
};
