import type { Command } from 'commander';

import { resolveConnectionSettings } from '@orderflow/config';
import { OrderflowError } from '@orderflow/errors';
import { connectAdmin, type KafkaAdmin } from '@orderflow/kafka';
import { readStackSettings } from '@orderflow/stack';
import {
  applyTopicPlan,
  formatApplyProgress,
  formatTopicPlan,
  loadTopicsFile,
  planTopics,
  readBrokerTopics,
  resolveTopicSpecs,
  type TopicPlan,
} from '@orderflow/topics';

export interface TopicsOptions {
  /** The topics.yaml environment; the embedded stack's (local, or production for three brokers) if not given. */
  env?: string;
  file?: string;
  topicPrefix: string;
  /** Apply config changes that delete records (retention cuts, cleanup.policy flips). */
  allowDestructive?: boolean;
}

/** Loads the file, reads the broker, prints the plan; `then` runs with the admin still connected. */
const withPrintedPlan = async (
  { env = readStackSettings().topicsEnvironment, file, topicPrefix, allowDestructive }: TopicsOptions,
  then: (plan: TopicPlan, admin: KafkaAdmin) => Promise<void>,
): Promise<void> => {
  const desired = resolveTopicSpecs({ file: loadTopicsFile({ path: file }), environment: env, topicPrefix });
  const { kafkaBrokers } = resolveConnectionSettings();
  const admin = await connectAdmin({ brokers: kafkaBrokers, clientId: 'orderflow-cli' });
  try {
    const actual = await readBrokerTopics({ admin, names: desired.map((spec) => spec.name) });
    const plan = planTopics({ desired, actual, topicPrefix, allowDestructive });
    const prefix = topicPrefix === '' ? '' : ` with prefix "${topicPrefix}"`;
    console.log(`Topics for environment ${env}${prefix} on ${kafkaBrokers.join(',')}:`);
    for (const line of formatTopicPlan(plan)) console.log(line);
    await then(plan, admin);
  } finally {
    await admin.disconnect();
  }
};

const refusedError = (plan: TopicPlan): OrderflowError => {
  const destructive = plan.refusals.filter((refusal) => refusal.destructive === true).length;
  const override =
    destructive > 0
      ? ` ${destructive} of them delete records; if that is intended, run again with --allow-destructive.`
      : '';
  return new OrderflowError(
    'TOPIC_CHANGE_REFUSED',
    `${plan.refusals.length} change(s) refused (see "! refused" above); nothing was applied.${override}`,
    { context: { refused: plan.refusals.map((refusal) => refusal.name) } },
  );
};

/** `orderflow topics apply`: print the plan, then apply it; nothing at all if any change is refused. */
export const applyTopics = (options: TopicsOptions): Promise<void> =>
  withPrintedPlan(options, async (plan, admin) => {
    if (plan.refusals.length > 0) throw refusedError(plan);
    const changed = await applyTopicPlan({
      admin,
      plan,
      onProgress: (progress) => console.log(formatApplyProgress(progress)),
    });
    console.log(changed === 0 ? 'Nothing to apply.' : `Applied: ${changed} topic(s) changed.`);
  });

const withTopicsOptions = (command: Command): Command =>
  command
    .option(
      '--env <name>',
      'environment in topics.yaml (default: ORDERFLOW_TOPICS_ENV, else production for a three-broker stack, else local)',
    )
    .option('--file <path>', 'topics file (default: the checkout’s topics.yaml)')
    .option('--topic-prefix <prefix>', 'prepend to every topic name (isolates experiments and tests)', '');

export const registerTopicsCommands = (program: Command): void => {
  const topics = program
    .command('topics')
    .description(
      'Make the broker match topics.yaml: create topics, add partitions, set configs. Never deletes.',
    );

  withTopicsOptions(topics.command('plan'))
    .description('Show what apply would change; exits non-zero if any change would be refused.')
    .option('--allow-destructive', 'plan as `apply --allow-destructive` would')
    .action(async (options: TopicsOptions) => {
      await withPrintedPlan(options, (plan) =>
        plan.refusals.length > 0 ? Promise.reject(refusedError(plan)) : Promise.resolve(),
      );
    });

  withTopicsOptions(topics.command('apply'))
    .description(
      'Print the plan, then apply it; applies nothing if any change is refused (record-deleting config changes unless --allow-destructive).',
    )
    .option(
      '--allow-destructive',
      'also apply config changes that delete records: a retention cut, a cleanup.policy flip, unclean leader election',
    )
    .action(applyTopics);
};
