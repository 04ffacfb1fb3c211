import type { ApplyProgress, TopicPlan } from './topic-plan.types';

const DEFAULT = '(default)';

const formatConfigs = (configs: Readonly<Record<string, string>>): string =>
  Object.keys(configs)
    .sort()
    .map((key) => `${key}=${configs[key]}`)
    .join(', ');

/** The plan as a readable diff, one line per change, ending with a summary line. */
export const formatTopicPlan = (plan: TopicPlan): string[] => {
  const lines: string[] = [];
  for (const spec of plan.creates) {
    const partitions = `${spec.partitions} partition${spec.partitions === 1 ? '' : 's'}`;
    lines.push(`+ create ${spec.name} (${partitions}, rf ${spec.replicationFactor})`);
    if (Object.keys(spec.configs).length > 0) lines.push(`    ${formatConfigs(spec.configs)}`);
  }
  for (const update of plan.updates) {
    if (update.partitions !== undefined) {
      // Worth saying every time: the key → partition mapping changes, so per-key order is not kept across it.
      lines.push(
        `~ alter ${update.name}: partitions ${update.partitions.from} → ${update.partitions.to} (existing keys may move to new partitions)`,
      );
    }
    for (const { key, from, to } of update.configChanges) {
      lines.push(`~ alter ${update.name}: ${key} ${from ?? DEFAULT} → ${to ?? DEFAULT}`);
    }
  }
  for (const refusal of plan.refusals) lines.push(`! refused ${refusal.name}: ${refusal.reason}`);
  for (const loss of plan.destructiveAllowed ?? [])
    lines.push(`! destructive, allowed by --allow-destructive: ${loss.name}: ${loss.reason}`);
  for (const name of plan.unmanaged) lines.push(`? unmanaged ${name}: not in topics.yaml, left untouched`);
  lines.push(formatPlanSummary(plan));
  return lines;
};

export const formatPlanSummary = (plan: TopicPlan): string => {
  const unmanaged = plan.unmanaged.length > 0 ? `, ${plan.unmanaged.length} unmanaged` : '';
  return (
    `Plan: ${plan.creates.length} to create, ${plan.updates.length} to alter, ` +
    `${plan.refusals.length} refused, ${plan.unchanged.length} unchanged${unmanaged}.`
  );
};

export const formatApplyProgress = ({ index, total, name, action }: ApplyProgress): string =>
  `[${index}/${total}] ${action} ${name}`;
