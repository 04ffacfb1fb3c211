/** `event`: declared under `topics`; `retry` and `dlq`: derived from a consumer group. */
export type TopicKind = 'event' | 'retry' | 'dlq';

/** A topic as one environment wants it, prefix applied. */
export interface TopicSpec {
  name: string;
  kind: TopicKind;
  partitions: number;
  replicationFactor: number;
  /** Every config the file sets for this topic; keys not listed stay at the broker's default. */
  configs: Readonly<Record<string, string>>;
}

/** A topic as the broker has it. */
export interface ActualTopic {
  name: string;
  partitions: number;
  replicationFactor: number;
  /** Only dynamic topic configs (set on this topic); broker defaults are not listed. */
  configs: Readonly<Record<string, string>>;
}

/** What the reader found: details of the desired topics that exist, and every topic name on the broker. */
export interface BrokerState {
  topics: readonly ActualTopic[];
  topicNames: readonly string[];
}
