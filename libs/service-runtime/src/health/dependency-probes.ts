import type Redis from 'ioredis';

import type { ConnectionSettings } from '@orderflow/config';
import { createKafkaProbe } from '@orderflow/kafka';

const PROBE_TIMEOUT_MS = 1_500;

const withTimeout = <T>(work: Promise<T>, what: string): Promise<T> =>
  Promise.race([
    work,
    new Promise<never>((_, reject) =>
      setTimeout(
        () => reject(new Error(`${what} did not answer within ${PROBE_TIMEOUT_MS} ms`)),
        PROBE_TIMEOUT_MS,
      ).unref(),
    ),
  ]);

/** Readiness probes with short timeouts: a dead dependency makes `ready` fail fast, never hang. */
export const createDependencyProbes = (settings: ConnectionSettings, redis: Redis) => {
  const probeKafka = createKafkaProbe({
    brokers: settings.kafkaBrokers,
    clientId: 'orderflow-health',
    timeoutMs: PROBE_TIMEOUT_MS,
  });
  return {
    async kafka(): Promise<Record<string, unknown>> {
      const cluster = await probeKafka();
      return { brokers: cluster.brokers, controller: cluster.controller };
    },
    async redis(): Promise<Record<string, unknown>> {
      return { reply: await withTimeout(redis.ping(), 'Redis') };
    },
    async registry(): Promise<Record<string, unknown>> {
      const response = await fetch(`${settings.schemaRegistryUrl}/subjects`, {
        signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
      });
      if (!response.ok) throw new Error(`schema registry answered ${response.status}`);
      return { subjects: ((await response.json()) as unknown[]).length };
    },
  };
};

export type DependencyProbes = ReturnType<typeof createDependencyProbes>;
