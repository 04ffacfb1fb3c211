import { memberTopics, type KafkaAdmin } from '@orderflow/kafka';

/** A consumer group with live members subscribed to a topic. */
export interface LiveReader {
  groupId: string;
  /** Client ids with their hosts. */
  members: string[];
}

const subscribedTopics = (metadata: Buffer): string[] => {
  try {
    return memberTopics(metadata);
  } catch {
    // A member of another client library with its own metadata format: it is not ours to judge.
    return [];
  }
};

/**
 * Every consumer group on the cluster whose live members subscribe to `topic`, declared in topics.yaml or
 * not: what would read a record written there now.
 */
export const liveReaders = async (admin: KafkaAdmin, topic: string): Promise<LiveReader[]> => {
  const { groups } = await admin.listGroups();
  const ids = groups.filter((group) => group.protocolType === 'consumer').map((group) => group.groupId);
  if (ids.length === 0) return [];
  const described = await admin.describeGroups(ids);
  return described.groups
    .map((group) => ({
      groupId: group.groupId,
      members: group.members
        .filter((member) => subscribedTopics(member.memberMetadata).includes(topic))
        .map((member) => `${member.clientId}@${member.clientHost}`),
    }))
    .filter((reader) => reader.members.length > 0);
};
