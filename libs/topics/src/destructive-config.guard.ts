import type { ConfigChange } from './topic-plan.types';

// What the broker uses for a key a topic does not set (Kafka's documented topic defaults).
const BROKER_DEFAULTS: Readonly<Record<string, string>> = {
  'retention.ms': '604800000',
  'retention.bytes': '-1',
  'cleanup.policy': 'delete',
  'unclean.leader.election.enable': 'false',
};

const effective = (key: string, value: string | undefined): string | undefined =>
  value ?? BROKER_DEFAULTS[key];

/** -1 means "keep forever" for both retention keys. */
const limit = (value: string | undefined): number =>
  value === undefined || Number(value) < 0 ? Number.POSITIVE_INFINITY : Number(value);

const DURATION_UNITS: [number, string][] = [
  [86_400_000, 'd'],
  [3_600_000, 'h'],
  [60_000, 'min'],
  [1_000, 's'],
];

const duration = (ms: number): string => {
  if (!Number.isFinite(ms)) return 'forever';
  const [size, unit] = DURATION_UNITS.find(([size]) => ms >= size && ms % size === 0) ?? [1, 'ms'];
  return `${ms / size} ${unit}`;
};

const policy = (value: string | undefined): string =>
  (value ?? 'delete')
    .split(',')
    .map((part) => part.trim())
    .sort()
    .join(',');

/**
 * Pure: why applying a config change would destroy records already in the topic (or acknowledged
 * writes), or undefined when it does not. Only irreversible losses count: a lower `max.message.bytes`
 * refuses new large records but deletes nothing, so it is shown in the plan and applied.
 */
export const destructiveReason = ({ key, from, to }: ConfigChange): string | undefined => {
  const before = effective(key, from);
  const after = effective(key, to);
  switch (key) {
    case 'retention.ms':
      return limit(after) < limit(before)
        ? `retention.ms ${duration(limit(before))} → ${duration(limit(after))} deletes every record older than ${duration(limit(after))} at the broker's next retention check`
        : undefined;
    case 'retention.bytes':
      return limit(after) < limit(before)
        ? `retention.bytes ${before ?? '-1'} → ${after ?? '-1'} deletes the oldest segments beyond ${after ?? '-1'} bytes per partition`
        : undefined;
    case 'cleanup.policy':
      if (policy(before) === policy(after)) return undefined;
      return policy(after).includes('compact') && !policy(before).includes('compact')
        ? `cleanup.policy ${policy(before)} → ${policy(after)} compacts the topic: only the latest record per key survives`
        : `cleanup.policy ${policy(before)} → ${policy(after)} subjects the topic to retention: records older than retention.ms are deleted, latest values included`;
    case 'unclean.leader.election.enable':
      return after === 'true' && before !== 'true'
        ? 'unclean.leader.election.enable → true lets an out-of-sync replica lead: acknowledged records can be lost'
        : undefined;
    default:
      return undefined;
  }
};
