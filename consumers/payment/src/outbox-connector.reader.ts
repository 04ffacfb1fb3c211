import { createConnectClient, type ConnectorStatus } from '@orderflow/connect';

import type { PaymentConfig } from './payment.config';

/** The relay connector's status on Kafka Connect; undefined when the worker has no such connector. */
export type ConnectorStatusReader = () => Promise<ConnectorStatus | undefined>;

/**
 * Connect answers a status request in milliseconds: a scrape (Prometheus gives up after 10 s) and a
 * readiness probe must answer well within their own limits even when the worker does not.
 */
const CONNECT_READ_TIMEOUT_MS = 1_000;

/** Reads the relay's connector from the worker KAFKA_CONNECT_URL names; undefined when none is named. */
export const outboxConnectorReader = ({
  connectUrl,
  connector,
}: PaymentConfig['outboxRelay']): ConnectorStatusReader | undefined => {
  if (connectUrl === undefined) return undefined;
  const client = createConnectClient(connectUrl, { requestTimeoutMs: CONNECT_READ_TIMEOUT_MS });
  return () => client.status(connector);
};
