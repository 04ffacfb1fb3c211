import { awaitConnectorRunning } from './await-running';
import type { ConnectClient } from './connect-client';
import type { ConnectorStatus } from './connector-state';

const failedTask: ConnectorStatus = {
  name: 'payments-outbox',
  connector: { state: 'RUNNING', worker_id: 'w' },
  tasks: [{ id: 0, state: 'FAILED', worker_id: 'w', trace: 'PSQLException: slot is active\n\tat x' }],
};

describe('awaitConnectorRunning', () => {
  it('names the state it saw last when it gives up, not the state before the first poll', async () => {
    const client = {
      url: 'http://connect',
      status: () => Promise.resolve(failedTask),
    } as unknown as ConnectClient;
    await expect(awaitConnectorRunning(client, 'payments-outbox', 50)).rejects.toMatchObject({
      code: 'DEADLINE_EXCEEDED',
      message: expect.stringContaining(
        'Last seen: payments-outbox RUNNING, task 0 FAILED: PSQLException: slot is active.',
      ) as unknown,
    });
  });
});
