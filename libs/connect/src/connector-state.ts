/** A connector's or task's state as Kafka Connect reports it (`GET /connectors/<name>/status`). */
export type ConnectState = 'UNASSIGNED' | 'RUNNING' | 'PAUSED' | 'FAILED' | 'RESTARTING' | 'STOPPED';

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
