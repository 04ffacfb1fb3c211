import type { TestNamespace } from './test-namespace';
import { waitUntil } from './wait-until';

/**
 * Waits until consumer group `group` of the namespace has committed the end offset of every partition
 * of `topics` (logical names): every record produced before the call has been dealt with. Records of
 * different keys run concurrently, so a later record being handled says nothing about an earlier one.
 */
export const waitForGroupCaughtUp = async (
  namespace: TestNamespace,
  group: string,
  topics: readonly string[],
  options: { timeoutMs?: number } = {},
): Promise<void> => {
  const admin = await namespace.admin();
  const groupId = `${namespace.prefix}${group}`;
  const physical = topics.map((topic) => `${namespace.prefix}${topic}`);
  await waitUntil(
    async () => {
      const committed = await admin.fetchOffsets({ groupId, topics: physical });
      for (const topic of physical) {
        const ends = await admin.fetchTopicOffsets(topic);
        const offsets = committed.find((entry) => entry.topic === topic)?.partitions ?? [];
        // An empty partition has nothing to commit: its committed offset stays -1.
        const behind = ends.some(
          ({ partition, high, low }) =>
            high !== low && offsets.find((entry) => entry.partition === partition)?.offset !== high,
        );
        if (behind) return false;
      }
      return true;
    },
    {
      description: `group ${group} to commit the end of ${topics.join(', ')}`,
      timeoutMs: options.timeoutMs ?? 30_000,
    },
  );
};
