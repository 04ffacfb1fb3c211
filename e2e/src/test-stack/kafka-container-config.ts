/**
 * How the testcontainers Kafka is configured: the same KRaft single-node settings as docker-compose.kafka.yml
 * (test/docker-compose.spec.ts compares them), except that the host listener is advertised on the random port
 * Docker publishes it on, which is only known once the container runs.
 */
export const KAFKA_CONTAINER_PORTS = {
  /** Published on a random host port, advertised as <docker host>:<that port>. */
  host: 9092,
  /** For containers on the stack's network (the schema registry), advertised as <network alias>:29092. */
  internal: 29092,
  controller: 9093,
} as const;

// base64url of the 16 bytes "orderflow-kafka1", the form `kafka-storage format` requires.
const CLUSTER_ID = 'b3JkZXJmbG93LWthZmthMQ';

export const kafkaContainerEnvironment = (networkAlias: string): Record<string, string> => ({
  CLUSTER_ID,
  KAFKA_NODE_ID: '1',
  KAFKA_PROCESS_ROLES: 'broker,controller',
  KAFKA_CONTROLLER_QUORUM_VOTERS: `1@${networkAlias}:${KAFKA_CONTAINER_PORTS.controller}`,
  KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
  KAFKA_LISTENERS: `INTERNAL://:${KAFKA_CONTAINER_PORTS.internal},HOST://:${KAFKA_CONTAINER_PORTS.host},CONTROLLER://:${KAFKA_CONTAINER_PORTS.controller}`,
  KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'INTERNAL:PLAINTEXT,HOST:PLAINTEXT,CONTROLLER:PLAINTEXT',
  KAFKA_INTER_BROKER_LISTENER_NAME: 'INTERNAL',
  // Tests create their topics explicitly, like `orderflow topics apply` does: a misspelt topic must fail.
  KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
  KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
  KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
  KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
  KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR: '1',
  KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR: '1',
  KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
});

export interface AdvertisedListenerOptions {
  networkAlias: string;
  /** Where test processes reach Docker's published ports (StartedTestContainer.getHost()). */
  host: string;
  /** The host port Docker mapped KAFKA_CONTAINER_PORTS.host to. */
  hostPort: number;
}

export const kafkaAdvertisedListeners = ({
  networkAlias,
  host,
  hostPort,
}: AdvertisedListenerOptions): string =>
  `INTERNAL://${networkAlias}:${KAFKA_CONTAINER_PORTS.internal},HOST://${host}:${hostPort}`;
