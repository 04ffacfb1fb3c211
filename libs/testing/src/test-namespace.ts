import Redis from 'ioredis';

import type { ConnectionSettings } from '@orderflow/config';
import { connectTestAdmin, type KafkaTestAdmin } from '@orderflow/kafka';
import { createTopic } from '@orderflow/topics';

import { integrationSettings } from './integration-settings';
import { uniqueName } from './unique-name';

/**
 * One test's private corner of the shared broker, registry and Redis: every topic it creates, subject it
 * registers and Redis key its services write starts with `prefix`; `cleanup` deletes all three (tests may
 * delete; orderflow's tools never do).
 */
export interface TestNamespace {
  prefix: string;
  settings: ConnectionSettings;
  /** An admin client, connected on first use, disconnected by cleanup. */
  admin(): Promise<KafkaTestAdmin>;
  /** Creates `<prefix><topic>` for each logical topic and waits until every partition has a leader. */
  createTopics(topics: { topic: string; partitions: number }[]): Promise<void>;
  cleanup(): Promise<void>;
}

const deleteSubjects = async (registryUrl: string, prefix: string): Promise<void> => {
  const subjects = (await (await fetch(`${registryUrl}/subjects`)).json()) as string[];
  for (const subject of subjects.filter((name) => name.startsWith(prefix))) {
    const url = `${registryUrl}/subjects/${encodeURIComponent(subject)}`;
    // Confluent semantics: a soft delete first, then the permanent one.
    await fetch(url, { method: 'DELETE' });
    await fetch(`${url}?permanent=true`, { method: 'DELETE' });
  }
};

const deleteRedisKeys = async (redisUrl: string, prefix: string): Promise<void> => {
  const redis = new Redis(redisUrl);
  try {
    for await (const keys of redis.scanStream({ match: `${prefix}*`, count: 500 }) as AsyncIterable<
      string[]
    >) {
      if (keys.length > 0) await redis.del(...keys);
    }
  } finally {
    redis.disconnect();
  }
};

/** `servers` replaces shared servers with the test's own (a private broker it stalls). */
export const createTestNamespace = (
  label: string,
  servers: Partial<Pick<ConnectionSettings, 'kafkaBrokers'>> = {},
): TestNamespace => {
  const settings = { ...integrationSettings(), ...servers };
  const prefix = `${uniqueName(label)}.`;
  let admin: Promise<KafkaTestAdmin> | undefined;
  // Silent: every failure surfaces as an exception; KafkaJS would also log the transient
  // UNKNOWN_TOPIC_OR_PARTITION answers a KRaft broker gives while a new topic's metadata propagates.
  const connectAdmin = (): Promise<KafkaTestAdmin> =>
    connectTestAdmin({
      clientId: `orderflow-test-${label}`,
      brokers: settings.kafkaBrokers,
      logLevel: 'nothing',
    });
  return {
    prefix,
    settings,
    admin: () => (admin ??= connectAdmin()),
    async createTopics(topics) {
      const client = await (admin ??= connectAdmin());
      for (const { topic, partitions } of topics) {
        await createTopic(client, {
          name: `${prefix}${topic}`,
          partitions,
          replicationFactor: 1,
          configs: {},
        });
      }
    },
    async cleanup() {
      await deleteSubjects(settings.schemaRegistryUrl, prefix);
      await deleteRedisKeys(settings.redisUrl, prefix);
      const client = await (admin ??= connectAdmin());
      const topics = (await client.listTopics()).filter((topic) => topic.startsWith(prefix));
      if (topics.length > 0) await client.deleteTopics({ topics });
      await client.disconnect();
    },
  };
};
