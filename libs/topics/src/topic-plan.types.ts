import type { TopicSpec } from './topic-spec.types';

/** One config key changing; `from` undefined: not set (broker default); `to` undefined: reset to default. */
export interface ConfigChange {
  key: string;
  from: string | undefined;
  to: string | undefined;
}

/** Changes to an existing topic that Kafka can make in place. */
export interface TopicUpdate {
  name: string;
  partitions: { from: number; to: number } | undefined;
  configChanges: ConfigChange[];
  /** The complete desired config set: altering configs replaces all of a topic's dynamic configs. */
  configs: Readonly<Record<string, string>>;
}

/** A difference this tool will not resolve; `reason` says what to do instead. */
export interface TopicRefusal {
  name: string;
  reason: string;
  /** A config change that destroys records: applied only when the operator allows it explicitly. */
  destructive?: boolean;
}

export interface TopicPlan {
  creates: TopicSpec[];
  updates: TopicUpdate[];
  refusals: TopicRefusal[];
  unchanged: string[];
  /** Topics under the test prefix that the file does not declare; never touched. */
  unmanaged: string[];
  /** Destructive config changes the operator allowed (`--allow-destructive`): applied, and shown as such. */
  destructiveAllowed?: TopicRefusal[];
}

/** Reported before each topic is changed, so a slow or stuck step shows which topic it is on. */
export interface ApplyProgress {
  /** 1-based position among the topics being changed. */
  index: number;
  total: number;
  name: string;
  action: 'create' | 'alter';
}
