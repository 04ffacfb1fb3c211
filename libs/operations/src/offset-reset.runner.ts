import { writeStoredOffsets, type StoredOffsetsTarget } from '@orderflow/idempotency';
import type { KafkaAdmin } from '@orderflow/kafka';

import { assertGroupStopped } from './group-activity.guard';
import { planPartitionReset } from './offset-reset.planner';
import type { OffsetResetPlan, ResetMode } from './offset-reset.types';
import { offsetsAtTimestamp, readPartitionBounds } from './partition-offsets.reader';

export interface PlanOffsetResetOptions {
  admin: KafkaAdmin;
  /** Physical names (prefix applied). */
  groupId: string;
  topic: string;
  mode: ResetMode;
  partitions?: readonly number[];
}

/** Reads the topic's bounds and the group's commits and computes the reset; changes nothing. */
export const planOffsetReset = async (options: PlanOffsetResetOptions): Promise<OffsetResetPlan> => {
  const { admin, groupId, topic, mode } = options;
  const bounds = await readPartitionBounds({ admin, topic, partitions: options.partitions });
  const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
  const committedBy = new Map(
    (committed?.partitions ?? []).map(({ partition, offset }) => [partition, BigInt(offset)]),
  );
  const atTimestamp =
    mode.kind === 'datetime' ? await offsetsAtTimestamp(admin, topic, mode.timestamp) : undefined;
  return {
    groupId,
    topic,
    mode,
    partitions: bounds.map((bound) => {
      // KafkaJS reports "never committed" as -1.
      const current = committedBy.get(bound.partition);
      return planPartitionReset(mode, {
        ...bound,
        committed: current === undefined || current < 0n ? undefined : current,
        atTimestamp: atTimestamp?.get(bound.partition),
      });
    }),
  };
};

export interface ApplyOffsetResetOptions {
  admin: KafkaAdmin;
  plan: OffsetResetPlan;
  /** Named in the refusal when the group is running. */
  service?: string;
  /**
   * The group's offsets kept in Redis beside its effects. Written first: were Kafka's commit then to fail,
   * Redis would only be ahead, which the runtime ignores; the other way round, a reset forward would look
   * like a Redis that lost writes, and the runtime would seek back and undo it.
   */
  storedOffsets?: StoredOffsetsTarget;
}

/** Commits the planned offsets; refuses (changing nothing) while the group has live members. */
export const applyOffsetReset = async ({
  admin,
  plan,
  service,
  storedOffsets,
}: ApplyOffsetResetOptions): Promise<void> => {
  await assertGroupStopped({ admin, groupId: plan.groupId, service });
  if (storedOffsets) {
    await writeStoredOffsets(
      storedOffsets,
      plan.topic,
      plan.partitions.map(({ partition, target }) => ({ partition, offset: target })),
    );
  }
  await admin.setOffsets({
    groupId: plan.groupId,
    topic: plan.topic,
    partitions: plan.partitions.map(({ partition, target }) => ({ partition, offset: String(target) })),
  });
};
