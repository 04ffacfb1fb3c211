import { join } from 'node:path';

import type { ConnectionSettings } from '@orderflow/config';
import { EXPORTED_ENV_KEYS } from '@orderflow/e2e';
import {
  createEmbeddedStack,
  createStackFaults,
  rabbitmqManagementUrl,
  readStackSettings,
  type EmbeddedStack,
  type StackFaults,
} from '@orderflow/stack';

/** How far above the stack's own ports the cluster's are: both run side by side during a run. */
const PORT_OFFSET = 100;

/** A three-broker stack of the suite's own, for the cases that lose brokers. */
export interface ClusterStack {
  stack: EmbeddedStack;
  faults: StackFaults;
  connection: ConnectionSettings;
  /** Its RabbitMQ, PostgreSQL and Connect worker (the relay must write to the cluster's topics). */
  amqpUrl: string;
  /** Its RabbitMQ's management API (queue figures with the jobs workers hold). */
  rabbitmqManagementUrl: string | undefined;
  databaseUrl: string;
  connectUrl: string;
  down(): Promise<void>;
}

/**
 * Three KRaft nodes (each broker and controller) and the stack's other servers in `.stack/chaos-cluster`, on
 * the stack's ports plus 100 (the first node on ORDERFLOW_KAFKA_PORT + 100 and the five after it): RF 3 and
 * min.insync.replicas 2 from topics.yaml's production settings, as `stack up --brokers 3` runs them.
 */
export const startClusterStack = async (log: (line: string) => void): Promise<ClusterStack> => {
  // Without the variables the harness exported: they name the one-broker stack's servers, and a stack
  // given AMQP_URL, DATABASE_URL or KAFKA_CONNECT_URL uses those instead of starting its own (the first run
  // of case 16 relayed the cluster's payments through the one-broker stack's Connect, to its Kafka).
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !EXPORTED_ENV_KEYS.includes(name)),
  );
  const base = readStackSettings(env);
  const settings = readStackSettings({
    ...env,
    ORDERFLOW_STACK_DIR: join(base.stackDir, 'chaos-cluster'),
    ORDERFLOW_KAFKA_BROKERS: '3',
    ORDERFLOW_KAFKA_PORT: String(base.ports.kafka + PORT_OFFSET),
    ORDERFLOW_REGISTRY_PORT: String(base.ports.registry + PORT_OFFSET),
    ORDERFLOW_REDIS_PORT: String(base.ports.redis + PORT_OFFSET),
    ORDERFLOW_RABBITMQ_PORT: String(base.ports.rabbitmq.amqp + PORT_OFFSET),
    ORDERFLOW_POSTGRES_PORT: String(base.ports.postgres + PORT_OFFSET),
    ORDERFLOW_CONNECT_PORT: String(base.ports.connect + PORT_OFFSET),
  });
  const stack = createEmbeddedStack(settings);
  const startedAt = Date.now();
  const report = (line: string): void => log(`cluster: ${line}`);
  // A server that fails to start must not leave the others running on the cluster's ports for the next run.
  const { connection, amqpUrl } = await stack.up(report).catch(async (error: unknown) => {
    await stack.down(report).catch(() => undefined);
    throw error;
  });
  log(`cluster: three brokers up in ${((Date.now() - startedAt) / 1_000).toFixed(1)} s`);
  return {
    stack,
    faults: createStackFaults(stack),
    connection,
    amqpUrl,
    rabbitmqManagementUrl: rabbitmqManagementUrl(settings),
    databaseUrl: stack.databaseUrl,
    connectUrl: stack.connectUrl,
    down: () => stack.down(report),
  };
};
