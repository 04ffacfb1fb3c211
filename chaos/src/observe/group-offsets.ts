import { connectAdmin, type KafkaAdmin } from '@orderflow/kafka';
import type { TestNamespace } from '@orderflow/testing';
import { consumerGroups, loadTopicsFile, type ConsumerGroupModel } from '@orderflow/topics';

/** One partition a group reads: where its committed offset stands against the partition's end. */
export interface PartitionOffsets {
  group: string;
  /** Physical topic name (prefixed). */
  topic: string;
  partition: number;
  /** -1 when the group has committed nothing there. */
  committed: number;
  low: number;
  high: number;
}

/** The groups of topics.yaml in the namespace: what each reads, retry tiers included. */
export const namespaceGroups = (prefix: string): ConsumerGroupModel[] =>
  consumerGroups({ file: loadTopicsFile(), topicPrefix: prefix });

/** Every topic a group reads: its source topics and its own retry tiers (the DLQ is read by no one). */
export const groupTopics = (group: ConsumerGroupModel): string[] => [
  ...group.topics,
  ...group.retryTiers.map((tier) => tier.topic),
];

/** Records below the end not yet committed: what the group still has to deal with. */
export const lagOf = (partition: PartitionOffsets): number =>
  partition.high - (partition.committed < 0 ? partition.low : Math.max(partition.committed, partition.low));

/**
 * The committed offsets of every group of the namespace on every topic it reads, and the ends of those
 * topics, read in that order: a commit seen here was made before the ends were read.
 *
 * Each read on an admin of its own: KafkaJS keeps a group's coordinator while its connection is up, and
 * after brokers of the cluster came back a long-lived admin read no offsets at all from the one that had
 * stopped coordinating (case 16 showed order-api 3595 records behind while it had committed them all).
 */
export const readGroupOffsets = async (namespace: TestNamespace): Promise<PartitionOffsets[]> => {
  const admin = await connectAdmin({
    brokers: namespace.settings.kafkaBrokers,
    clientId: 'chaos-sampler',
    logLevel: 'nothing',
  });
  try {
    return await readWith(admin, namespace.prefix);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
};

const readWith = async (admin: KafkaAdmin, prefix: string): Promise<PartitionOffsets[]> => {
  const groups = namespaceGroups(prefix);
  const committedByGroup = await Promise.all(
    groups.map(async (group) => ({
      group,
      committed: await admin.fetchOffsets({
        groupId: `${prefix}${group.name}`,
        topics: groupTopics(group),
      }),
    })),
  );
  const topics = [...new Set(groups.flatMap(groupTopics))];
  const ends = new Map(
    await Promise.all(topics.map(async (topic) => [topic, await admin.fetchTopicOffsets(topic)] as const)),
  );
  return committedByGroup.flatMap(({ group, committed }) =>
    groupTopics(group).flatMap((topic) => {
      const byPartition = new Map(
        (committed.find((entry) => entry.topic === topic)?.partitions ?? []).map((entry) => [
          entry.partition,
          Number(entry.offset),
        ]),
      );
      return (ends.get(topic) ?? []).map(({ partition, low, high }) => ({
        group: group.name,
        topic,
        partition,
        committed: byPartition.get(partition) ?? -1,
        low: Number(low),
        high: Number(high),
      }));
    }),
  );
};
