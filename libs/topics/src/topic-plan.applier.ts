import { OrderflowError } from '@orderflow/errors';
import { TOPIC_CONFIG_RESOURCE, type KafkaAdmin } from '@orderflow/kafka';

import type { TopicSpec } from './topic-spec.types';
import type { ApplyProgress, TopicPlan, TopicUpdate } from './topic-plan.types';

export interface ApplyTopicPlanOptions {
  admin: KafkaAdmin;
  plan: TopicPlan;
  onProgress?: (progress: ApplyProgress) => void;
}

const toEntries = (configs: Readonly<Record<string, string>>) =>
  Object.entries(configs).map(([name, value]) => ({ name, value }));

const LEADER_DEADLINE_MS = 30_000;

/**
 * Resolves once every partition of the topic has a leader. KafkaJS's own `waitForLeaders` gives up when
 * the broker answers UNKNOWN_TOPIC_OR_PARTITION, which a KRaft broker does for a moment after creating a
 * topic while its metadata cache catches up (seen on a loaded 2-core machine); here that means "not yet".
 */
const waitForLeaders = async (
  admin: KafkaAdmin,
  spec: Pick<TopicSpec, 'name' | 'partitions'>,
): Promise<void> => {
  const deadline = Date.now() + LEADER_DEADLINE_MS;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: [spec.name] });
      const partitions = topics[0]?.partitions ?? [];
      if (partitions.length === spec.partitions && partitions.every((partition) => partition.leader >= 0))
        return;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new OrderflowError(
    'TOPICS_APPLY_FAILED',
    `${spec.name} was created but has no leader after ${LEADER_DEADLINE_MS} ms`,
    {
      retriable: true,
      context: { topic: spec.name },
      cause: lastError,
    },
  );
};

/** Creates one topic and waits until every partition has a leader (usable at once by producers). */
export const createTopic = async (
  admin: KafkaAdmin,
  spec: Pick<TopicSpec, 'name' | 'partitions' | 'replicationFactor' | 'configs'>,
): Promise<void> => {
  const created = await admin.createTopics({
    waitForLeaders: false,
    topics: [
      {
        topic: spec.name,
        numPartitions: spec.partitions,
        replicationFactor: spec.replicationFactor,
        configEntries: toEntries(spec.configs),
      },
    ],
  });
  // false: it already exists, so someone changed the broker since the plan was made.
  if (!created) {
    throw new OrderflowError(
      'TOPICS_APPLY_FAILED',
      `${spec.name} was created by someone else after the plan was made`,
      {
        context: { topic: spec.name },
      },
    );
  }
  await waitForLeaders(admin, spec);
};

const updateTopic = async (admin: KafkaAdmin, update: TopicUpdate): Promise<void> => {
  if (update.partitions !== undefined) {
    await admin.createPartitions({ topicPartitions: [{ topic: update.name, count: update.partitions.to }] });
  }
  if (update.configChanges.length > 0) {
    // KafkaJS's alterConfigs is the non-incremental AlterConfigs API: it replaces the topic's whole set of
    // dynamic configs, so send every desired key; keys left out return to the broker default.
    await admin.alterConfigs({
      validateOnly: false,
      resources: [
        { type: TOPIC_CONFIG_RESOURCE, name: update.name, configEntries: toEntries(update.configs) },
      ],
    });
  }
};

/**
 * Makes the broker match a plan: creates, then partition increases and config changes, one topic at a
 * time. A plan with any refusal is not applied at all, so a broker is never left half-way to a state
 * the file cannot reach. Returns how many topics were changed.
 */
export const applyTopicPlan = async ({ admin, plan, onProgress }: ApplyTopicPlanOptions): Promise<number> => {
  if (plan.refusals.length > 0) {
    throw new OrderflowError(
      'TOPIC_CHANGE_REFUSED',
      `The plan has ${plan.refusals.length} refused change(s), so nothing was applied: ` +
        `${plan.refusals.map((refusal) => `${refusal.name}: ${refusal.reason}`).join(' ')}`,
      { context: { refused: plan.refusals.map((refusal) => refusal.name) } },
    );
  }
  const steps = [
    ...plan.creates.map((spec) => ({
      name: spec.name,
      action: 'create' as const,
      run: () => createTopic(admin, spec),
    })),
    ...plan.updates.map((update) => ({
      name: update.name,
      action: 'alter' as const,
      run: () => updateTopic(admin, update),
    })),
  ];
  for (const [index, step] of steps.entries()) {
    onProgress?.({ index: index + 1, total: steps.length, name: step.name, action: step.action });
    try {
      await step.run();
    } catch (error: unknown) {
      throw new OrderflowError(
        'TOPICS_APPLY_FAILED',
        `Could not ${step.action} ${step.name} (${error instanceof Error ? error.message : String(error)}); ` +
          `${index} of ${steps.length} topic(s) were changed before it. Run \`orderflow topics plan\` to see what remains, then apply again.`,
        {
          context: { topic: step.name, action: step.action, done: index, total: steps.length },
          cause: error,
        },
      );
    }
  }
  return steps.length;
};
