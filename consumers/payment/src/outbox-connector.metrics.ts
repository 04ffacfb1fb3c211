import { countTasksByState, isConnectorRunning } from '@orderflow/connect';
import { Gauge, type Registry } from 'prom-client';

import type { Logger } from '@orderflow/logging';

import type { ConnectorStatusReader } from './outbox-connector.reader';
import { oneReadPerScrape } from './scrape-read';

export interface OutboxConnectorMetricsOptions {
  registry: Registry;
  /** The relay's connector name on the worker. */
  connector: string;
  /** Its status from Kafka Connect's REST API; bounded in time by the reader (a scrape must answer). */
  readStatus: ConnectorStatusReader;
  logger: Logger;
}

/**
 * The outbox relay as Kafka Connect sees it, read on each scrape: whether the connector and all its tasks
 * run (0 when paused, failed, deleted or not yet assigned a task) and its tasks per state. A worker that
 * does not answer in time leaves both without series for that scrape, never an old value presented as
 * current (the slot gauges still say whether anything reads the slot).
 */
export const registerOutboxConnectorMetrics = ({
  registry,
  connector,
  readStatus,
  logger,
}: OutboxConnectorMetricsOptions): void => {
  const up = new Gauge({
    name: 'orderflow_outbox_connector_up',
    help: "1 while the outbox relay's connector and all its tasks are RUNNING on Kafka Connect, else 0.",
    labelNames: ['connector'] as const,
    registers: [registry],
    collect: () => refresh(),
  });
  const tasks = new Gauge({
    name: 'orderflow_outbox_connector_tasks',
    help: "The outbox relay connector's tasks in each state (RUNNING, FAILED, PAUSED, …) on Kafka Connect.",
    labelNames: ['connector', 'state'] as const,
    registers: [registry],
    collect: () => refresh(),
  });

  const read = async (): Promise<void> => {
    up.reset();
    tasks.reset();
    try {
      const status = await readStatus();
      up.set({ connector }, status !== undefined && isConnectorRunning(status) ? 1 : 0);
      for (const [state, count] of Object.entries(countTasksByState(status?.tasks ?? []))) {
        tasks.set({ connector, state }, count);
      }
    } catch (error) {
      logger.warn('metrics.outbox-connector.unavailable', { connector, error });
    }
  };
  const refresh = oneReadPerScrape(read);
};
