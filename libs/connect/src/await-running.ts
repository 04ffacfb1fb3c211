import { pollUntil } from '@orderflow/wait';

import type { ConnectClient } from './connect-client';
import { describeConnector, isConnectorRunning, type ConnectorStatus } from './connector-state';

/**
 * Waits until the connector and all its tasks run. A FAILED task does not end the wait at once: the
 * worker may still be starting the database connection again (Debezium retries its own errors).
 */
export const awaitConnectorRunning = (
  client: ConnectClient,
  name: string,
  timeoutMs: number,
): Promise<ConnectorStatus> => {
  let last = 'no status yet';
  return pollUntil(
    async () => {
      const status = await client.status(name);
      if (status !== undefined) last = describeConnector(status);
      return status !== undefined && isConnectorRunning(status) ? status : undefined;
    },
    { description: `connector ${name} to run at ${client.url} (last: ${last})`, timeoutMs, intervalMs: 500 },
  );
};
