/** Whether this instance is actually consuming: readiness reports it, tests wait for it. */
export type ConsumerState = 'starting' | 'running' | 'crashed' | 'stopped';

export interface ConsumerStatus {
  state: ConsumerState;
  /** Partitions assigned at the last group join, by physical topic. */
  assignment: Record<string, number[]>;
  lastError: string | undefined;
  /** Batches in flight for longer than the session timeout, with the step each record is in. */
  stalledBatches: StalledBatch[];
}

/** A batch that holds its partition's fetch (and the consumer's heartbeats) for too long. */
export interface StalledBatch {
  topic: string;
  partition: number;
  firstOffset: string | undefined;
  /** The batch's own step: its records, a heartbeat after one, the commit before a failure is rethrown. */
  step: string;
  stalledForMs: number;
  records: { offset: string; step: string; forMs: number }[];
}
