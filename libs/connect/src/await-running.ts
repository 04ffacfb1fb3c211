import { OrderflowError, isOrderflowError } from '@orderflow/errors';
import { pollUntil } from '@orderflow/wait';

import type { ConnectClient } from './connect-client';
import { describeConnector, isConnectorRunning, type ConnectorStatus } from './connector-state';

/**
 * Waits until the connector and all its tasks run. A FAILED task does not end the wait at once: the
 * worker may still be starting the database connection again (Debezium retries its own errors). A wait
 * that gives up names the state it saw last, which is what says why (a task FAILED with its trace, a
 * connector still UNASSIGNED, or none at all).
 */
export const awaitConnectorRunning = async (
  client: ConnectClient,
  name: string,
  timeoutMs: number,
): Promise<ConnectorStatus> => {
  let last = 'no status yet';
  try {
    return await pollUntil(
      async () => {
        const status = await client.status(name);
        if (status !== undefined) last = describeConnector(status);
        return status !== undefined && isConnectorRunning(status) ? status : undefined;
      },
      { description: `connector ${name} to run at ${client.url}`, timeoutMs, intervalMs: 500 },
    );
  } catch (error) {
    if (!isOrderflowError(error, 'DEADLINE_EXCEEDED')) throw error;
    throw new OrderflowError('DEADLINE_EXCEEDED', `${error.message} Last seen: ${last}.`, {
      retriable: true,
      context: { connector: name, url: client.url, timeoutMs },
      cause: error,
    });
  }
};
