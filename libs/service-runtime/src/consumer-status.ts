/** Whether this instance is actually consuming: readiness reports it, tests wait for it. */
export type ConsumerState = 'starting' | 'running' | 'crashed' | 'stopped';

export interface ConsumerStatus {
  state: ConsumerState;
  /** Partitions assigned at the last group join, by physical topic. */
  assignment: Record<string, number[]>;
  lastError: string | undefined;
}
