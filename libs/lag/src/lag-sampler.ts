import type { KafkaAdmin } from '@orderflow/kafka';

import type { GroupSample, LagSample, TopicPartitionOffsets } from './lag-sample.types';

export interface LagSamplerOptions {
  /** A connected admin client; the caller owns its lifecycle. */
  admin: KafkaAdmin;
  /** Groups to read; every consumer group of the cluster (and every topic) when omitted. */
  groups?: readonly string[];
  now?: () => number;
}

// Groups that only ever had offsets set by an admin have no protocol type; Connect workers' groups are
// not consumer groups and have no offsets worth reporting.
const isConsumerGroup = ({ protocolType }: { protocolType: string }): boolean =>
  protocolType === 'consumer' || protocolType === '';

const readGroup = async (admin: KafkaAdmin, group: string, members: number): Promise<GroupSample> => {
  const topics = await admin.fetchOffsets({ groupId: group });
  return {
    group,
    members,
    partitions: topics.flatMap(({ topic, partitions }) =>
      partitions
        // -1: the group never committed on this partition.
        .filter(({ offset }) => Number(offset) >= 0)
        .map(({ partition, offset }) => ({ topic, partition, committedOffset: Number(offset) }))
        .sort((a, b) => a.partition - b.partition),
    ),
  };
};

const readTopic = async (admin: KafkaAdmin, topic: string): Promise<TopicPartitionOffsets[]> =>
  (await admin.fetchTopicOffsets(topic))
    .map(({ partition, high, low }) => ({
      topic,
      partition,
      logEndOffset: Number(high),
      oldestOffset: Number(low),
    }))
    .sort((a, b) => a.partition - b.partition);

/**
 * Reads committed offsets, members and log-end offsets of the groups' topics through the admin API.
 * Committed offsets are read before log-end offsets, so a busy partition shows lag a little high rather
 * than a committed offset past the log end.
 */
export const createLagSampler = ({ admin, groups, now = Date.now }: LagSamplerOptions) => ({
  async sample(): Promise<LagSample> {
    const groupIds =
      groups ?? (await admin.listGroups()).groups.filter(isConsumerGroup).map((g) => g.groupId);
    const descriptions = groupIds.length === 0 ? [] : (await admin.describeGroups([...groupIds])).groups;
    const members = new Map(
      descriptions.map((description) => [description.groupId, description.members.length]),
    );
    const groupSamples = await Promise.all(
      groupIds.map((group) => readGroup(admin, group, members.get(group) ?? 0)),
    );
    const existing = (await admin.listTopics()).filter((topic) => !topic.startsWith('__'));
    const committedOn = new Set(groupSamples.flatMap((group) => group.partitions.map(({ topic }) => topic)));
    // All groups: every topic, as kafka_exporter does (dashboards chart produce rates of topics nobody
    // consumes yet). Groups may keep offsets of deleted topics, which have no log end to read.
    const topicNames = groups === undefined ? existing : existing.filter((topic) => committedOn.has(topic));
    const timestampMs = now();
    const topics = (await Promise.all([...topicNames].sort().map((topic) => readTopic(admin, topic)))).flat();
    return { timestampMs, groups: groupSamples, topics };
  },
});

export type LagSampler = ReturnType<typeof createLagSampler>;
