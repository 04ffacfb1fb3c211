import type { StackReporter } from '../stack-reporter';

/** `kafka` for a one-broker stack, `kafka-<node id>` for each node of a cluster. */
export type ComponentName =
  'kafka' | `kafka-${number}` | 'schema-registry' | 'redis' | 'rabbitmq' | 'postgres' | 'kafka-connect';

export interface ComponentStatus {
  name: ComponentName;
  /** `external`: a server given by the environment, neither started nor stopped by the stack. */
  state: 'running' | 'stopped' | 'external';
  address: string;
  healthy: boolean;
  /** Why it is unhealthy, or what it reports when healthy. */
  detail: string;
  pid?: number;
  rssMb?: number;
}

/** One server of the embedded stack. Every operation is idempotent. */
export interface StackComponent {
  readonly name: ComponentName;
  /** What clients put in their settings: host:port for Kafka, a URL for the others. */
  readonly address: string;
  /** Fetches binaries (cached) and writes configuration; starts nothing. */
  prepare(report: StackReporter): Promise<void>;
  /** Starts the server unless it is already running; returns at once (see waitUntilReady). */
  start(report: StackReporter): void;
  waitUntilReady(timeoutMs: number): Promise<void>;
  status(): Promise<ComponentStatus>;
  /** The process the stack started, if it runs (never one of an external server). */
  pid(): number | undefined;
  /** Returns whether there was anything to stop. */
  stop(): Promise<boolean>;
}
