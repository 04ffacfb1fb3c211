import { describeConnector, isConnectorRunning } from '@orderflow/connect';

import type { ConnectorStatusReader } from './outbox-connector.reader';

/**
 * `/health/ready`'s `outboxRelay` entry: the connector's state as a detail that never turns the service
 * unready. Payment commits ledger and outbox rows without the relay, and the relay catching up on them
 * later is what the outbox is for; taking payment out of service while Connect is down would stop the
 * payments the relay would otherwise deliver once it is back (docs/outbox.md).
 */
export const outboxRelayReadiness =
  (connector: string, readStatus: ConnectorStatusReader) => async (): Promise<Record<string, unknown>> => {
    try {
      const status = await readStatus();
      if (status === undefined) return { connector, relaying: false, state: 'no such connector' };
      return { connector, relaying: isConnectorRunning(status), state: describeConnector(status) };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { connector, relaying: false, state: `unknown: ${message}` };
    }
  };
