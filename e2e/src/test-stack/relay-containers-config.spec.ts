import { connectInternalTopics, POSTGRES_REPLICATION_SETTINGS } from '@orderflow/stack';

import { kafkaConnectContainerEnvironment } from './kafka-connect-container-config';
import {
  POSTGRES_WORKER_ADDRESS,
  postgresContainerCommand,
  postgresContainerUrl,
} from './postgres-container-config';
import { rabbitmqContainerUrl } from './rabbitmq-container-config';

describe('the testcontainers PostgreSQL, RabbitMQ and Kafka Connect configuration', () => {
  it("runs PostgreSQL with the embedded stack's logical-replication settings", () => {
    const command = postgresContainerCommand();
    expect(command[0]).toBe('postgres');
    for (const [name, value] of Object.entries(POSTGRES_REPLICATION_SETTINGS)) {
      expect(command[command.indexOf(`${name}=${value}`) - 1]).toBe('-c');
    }
    expect(command).toContain('wal_level=logical');
  });

  it('hands the host a DATABASE_URL on the published port, and Connect the network alias', () => {
    expect(postgresContainerUrl('localhost', 55432)).toBe(
      'postgres://orderflow:orderflow@localhost:55432/orderflow',
    );
    expect(POSTGRES_WORKER_ADDRESS).toBe('postgres:5432');
  });

  it('hands the host an AMQP_URL on the published port', () => {
    expect(rabbitmqContainerUrl('localhost', 55672)).toBe('amqp://guest:guest@localhost:55672');
  });

  it('points the Connect worker at the Kafka listener it is given, its internal topics named after its group', () => {
    const env = kafkaConnectContainerEnvironment('kafka:29092');
    expect(env.BOOTSTRAP_SERVERS).toBe('kafka:29092');
    const { configs, offsets, status } = connectInternalTopics(env.GROUP_ID ?? 'no GROUP_ID');
    expect([env.CONFIG_STORAGE_TOPIC, env.OFFSET_STORAGE_TOPIC, env.STATUS_STORAGE_TOPIC]).toEqual([
      configs,
      offsets,
      status,
    ]);
  });
});
