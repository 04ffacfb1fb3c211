import { destructiveReason } from './destructive-config.guard';
import type { ActualTopic, BrokerState, TopicSpec } from './topic-spec.types';
import type { ConfigChange, TopicPlan, TopicRefusal, TopicUpdate } from './topic-plan.types';

export interface PlanTopicsOptions {
  desired: readonly TopicSpec[];
  actual: BrokerState;
  /**
   * Unmanaged topics are listed only under a non-empty prefix: that namespace belongs to one file, so a
   * stray topic there is likely a leftover worth seeing. Without a prefix the broker is shared (internal
   * topics, the registry's storage, other teams), and listing everything would bury the plan.
   */
  topicPrefix?: string;
  /** Plan destructive config changes (retention cuts, cleanup.policy flips) instead of refusing them. */
  allowDestructive?: boolean;
}

const configChanges = (desired: TopicSpec, actual: ActualTopic): ConfigChange[] => {
  const keys = [...new Set([...Object.keys(desired.configs), ...Object.keys(actual.configs)])].sort();
  return keys
    .map((key) => ({ key, from: actual.configs[key], to: desired.configs[key] }))
    .filter(({ from, to }) => from !== to);
};

const refusals = (desired: TopicSpec, actual: ActualTopic): TopicRefusal[] => {
  const found: TopicRefusal[] = [];
  if (desired.partitions < actual.partitions) {
    found.push({
      name: desired.name,
      reason:
        `partitions ${actual.partitions} → ${desired.partitions}: Kafka cannot remove partitions. ` +
        `Set partitions back to ${actual.partitions} in topics.yaml, or declare a new topic with fewer partitions and move producers and consumers to it.`,
    });
  }
  if (desired.replicationFactor !== actual.replicationFactor) {
    found.push({
      name: desired.name,
      reason:
        `replication factor ${actual.replicationFactor} → ${desired.replicationFactor}: changing it needs a partition reassignment, which this tool does not do. ` +
        `Reassign replicas with kafka-reassign-partitions.sh, or set replicationFactor back to ${actual.replicationFactor} for this environment.`,
    });
  }
  return found;
};

const destructive = (name: string, changes: readonly ConfigChange[]): TopicRefusal[] =>
  changes.flatMap((change) => {
    const reason = destructiveReason(change);
    return reason === undefined ? [] : [{ name, reason, destructive: true }];
  });

const OVERRIDE_HINT =
  '; set the old value back in topics.yaml, or if the loss is intended run again with --allow-destructive';

/**
 * Compares what the file wants with what the broker has. Pure: no I/O, so every rule is unit-tested.
 * It never plans a deletion; partition decreases and replication changes are refused, not attempted,
 * and so are config changes that destroy records unless `allowDestructive` says the loss is intended.
 */
export const planTopics = ({
  desired,
  actual,
  topicPrefix = '',
  allowDestructive = false,
}: PlanTopicsOptions): TopicPlan => {
  const existing = new Map(actual.topics.map((topic) => [topic.name, topic]));
  const plan: TopicPlan = { creates: [], updates: [], refusals: [], unchanged: [], unmanaged: [] };

  for (const spec of desired) {
    const current = existing.get(spec.name);
    if (current === undefined) {
      plan.creates.push(spec);
      continue;
    }
    const changes = configChanges(spec, current);
    const losses = destructive(spec.name, changes);
    const refused = [
      ...refusals(spec, current),
      ...(allowDestructive ? [] : losses.map((loss) => ({ ...loss, reason: loss.reason + OVERRIDE_HINT }))),
    ];
    if (allowDestructive && losses.length > 0) (plan.destructiveAllowed ??= []).push(...losses);
    const update: TopicUpdate = {
      name: spec.name,
      partitions:
        spec.partitions > current.partitions ? { from: current.partitions, to: spec.partitions } : undefined,
      configChanges: changes,
      configs: spec.configs,
    };
    const changed = update.partitions !== undefined || update.configChanges.length > 0;
    // A refused topic still lists its other changes, so the operator sees the whole picture at once.
    if (changed) plan.updates.push(update);
    plan.refusals.push(...refused);
    if (!changed && refused.length === 0) plan.unchanged.push(spec.name);
  }

  if (topicPrefix !== '') {
    const desiredNames = new Set(desired.map((spec) => spec.name));
    plan.unmanaged = actual.topicNames
      .filter((name) => name.startsWith(topicPrefix) && !desiredNames.has(name))
      .sort();
  }
  return plan;
};

export const hasChanges = (plan: TopicPlan): boolean => plan.creates.length > 0 || plan.updates.length > 0;
