import { describeConnector, isConnectorRunning, type ConnectorStatus } from './connector-state';

const status = (connector: string, tasks: string[], trace?: string): ConnectorStatus =>
  ({
    name: 'payments-outbox',
    connector: { state: connector, worker_id: 'w' },
    tasks: tasks.map((state, id) => ({ id, state, worker_id: 'w', ...(trace ? { trace } : {}) })),
  }) as ConnectorStatus;

describe('connector state', () => {
  it('runs only when the connector and every task run', () => {
    expect(isConnectorRunning(status('RUNNING', ['RUNNING']))).toBe(true);
    expect(isConnectorRunning(status('RUNNING', ['RUNNING', 'FAILED']))).toBe(false);
    // A connector whose task has not been assigned yet relays nothing.
    expect(isConnectorRunning(status('RUNNING', []))).toBe(false);
    expect(isConnectorRunning(status('PAUSED', ['RUNNING']))).toBe(false);
  });

  it('describes each task with the first line of its trace', () => {
    expect(
      describeConnector(status('RUNNING', ['FAILED'], 'ConnectException: boom\n\tat x.y(Z.java:1)')),
    ).toBe('payments-outbox RUNNING, task 0 FAILED: ConnectException: boom');
    expect(describeConnector(status('UNASSIGNED', []))).toBe('payments-outbox UNASSIGNED, no task yet');
  });
});
