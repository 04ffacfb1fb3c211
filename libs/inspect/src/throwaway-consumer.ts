import { randomUUID } from 'node:crypto';

import type { KafkaClient, ToolConsumer } from '@orderflow/kafka';

export interface ThrowawayConsumerOptions {
  kafka: KafkaClient;
  /** Names the group (`orderflow-inspect-<label>-<uuid>`) so a leftover is recognisable in `kcat -L`. */
  label: string;
}

export interface ThrowawayConsumer {
  consumer: ToolConsumer;
  groupId: string;
  /** Disconnects, then deletes the group: reading a topic to look at it must leave no group behind. */
  close: () => Promise<void>;
}

/**
 * A connected consumer in a group of its own. Unique per run on purpose: inspecting must never join
 * (and rebalance) a service's group, and two operators tailing the same topic must each see everything.
 */
export const createThrowawayConsumer = async ({
  kafka,
  label,
}: ThrowawayConsumerOptions): Promise<ThrowawayConsumer> => {
  const groupId = `orderflow-inspect-${label}-${randomUUID()}`;
  const consumer = kafka.consumer({ groupId });
  await consumer.connect();
  return {
    consumer,
    groupId,
    close: async () => {
      await consumer.disconnect();
      const admin = kafka.admin();
      await admin.connect();
      try {
        await admin.deleteGroups([groupId]);
      } finally {
        await admin.disconnect();
      }
    },
  };
};
