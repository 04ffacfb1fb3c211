/** Every state of a connector or task as Kafka Connect reports it (`GET /connectors/<name>/status`). */
export const CONNECT_STATES = ['UNASSIGNED', 'RUNNING', 'PAUSED', 'FAILED', 'RESTARTING', 'STOPPED'] as const;
export type ConnectState = (typeof CONNECT_STATES)[number];

export interface ConnectorStatus {
  name: string;
  connector: { state: ConnectState; worker_id: string; trace?: string };
  tasks: { id: number; state: ConnectState; worker_id: string; trace?: string }[];
  type?: 'source' | 'sink';
}

/** Running means the connector and every task of it run; a connector without tasks is not running yet. */
export const isConnectorRunning = (status: ConnectorStatus): boolean =>
  status.connector.state === 'RUNNING' &&
  status.tasks.length > 0 &&
  status.tasks.every((task) => task.state === 'RUNNING');

/** The first line of a Java stack trace says what failed; the rest is for the worker's log. */
const firstLine = (trace: string | undefined): string =>
  trace === undefined ? '' : `: ${trace.split('\n')[0]?.slice(0, 300) ?? ''}`;

/** One line per connector for status tables: `payments-outbox RUNNING, task 0 RUNNING`. */
export const describeConnector = (status: ConnectorStatus): string => {
  const tasks = status.tasks.map((task) => `task ${task.id} ${task.state}${firstLine(task.trace)}`);
  return [
    `${status.name} ${status.connector.state}${firstLine(status.connector.trace)}`,
    ...(tasks.length > 0 ? tasks : ['no task yet']),
  ].join(', ');
};

/**
 * How many tasks are in each state, every state listed (0 included) so that a query for FAILED tasks finds
 * a series before the first one fails. A state this list does not know yet is counted under its own name.
 */
export const countTasksByState = (tasks: ConnectorStatus['tasks']): Record<string, number> => {
  const counts: Record<string, number> = Object.fromEntries(CONNECT_STATES.map((state) => [state, 0]));
  for (const task of tasks) counts[task.state] = (counts[task.state] ?? 0) + 1;
  return counts;
};
