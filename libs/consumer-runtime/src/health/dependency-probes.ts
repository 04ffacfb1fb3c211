import { Kafka, logLevel } from 'kafkajs';
import type Redis from 'ioredis';

import type { ConnectionSettings } from '@orderflow/config';

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
  const kafka = new Kafka({
    clientId: 'orderflow-health',
    brokers: settings.kafkaBrokers,
    connectionTimeout: PROBE_TIMEOUT_MS,
    requestTimeout: PROBE_TIMEOUT_MS,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  });
  return {
    async kafka(): Promise<Record<string, unknown>> {
      const admin = kafka.admin();
      try {
        await withTimeout(admin.connect(), 'Kafka');
        const cluster = await withTimeout(admin.describeCluster(), 'Kafka');
        return { brokers: cluster.brokers.length, controller: cluster.controller };
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
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
