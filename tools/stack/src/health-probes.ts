import Redis from 'ioredis';

import { createKafkaProbe } from '@orderflow/kafka';

/** Answers with what the server reports when it is healthy; throws with the reason otherwise. */
export type HealthProbe = () => Promise<string>;

const PROBE_TIMEOUT_MS = 2_000;

export const kafkaProbe = (brokers: string[]): HealthProbe => {
  const probe = createKafkaProbe({ brokers, clientId: 'orderflow-stack-probe', timeoutMs: PROBE_TIMEOUT_MS });
  return async () => {
    const cluster = await probe();
    return `cluster ${cluster.clusterId}, ${cluster.brokers} broker(s), controller ${cluster.controller}`;
  };
};

/** The Confluent API lists subjects at `<url>/subjects`; any 200 means it serves requests. */
export const schemaRegistryProbe =
  (url: string): HealthProbe =>
  async () => {
    const response = await fetch(`${url}/subjects`, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    if (!response.ok) throw new Error(`GET ${url}/subjects answered ${response.status}`);
    const subjects = (await response.json()) as unknown[];
    return `${subjects.length} subject(s)`;
  };

export const redisProbe =
  (url: string): HealthProbe =>
  async () => {
    const redis = new Redis(url, {
      lazyConnect: true,
      connectTimeout: PROBE_TIMEOUT_MS,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    // ioredis also emits connection errors as events; the awaited command below reports them.
    redis.on('error', () => undefined);
    try {
      await redis.connect();
      const pong = await redis.ping();
      const info = await redis.info('server');
      return `${pong}, redis ${/redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown'}`;
    } finally {
      redis.disconnect();
    }
  };

/** An AMQP handshake; answers with the broker's product and version. */
export { amqpProbe } from '@orderflow/rabbitmq';
