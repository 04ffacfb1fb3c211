import type { ConnectorStatus } from '@orderflow/connect';
import type { Logger } from '@orderflow/logging';
import { Registry } from 'prom-client';

import { registerOutboxConnectorMetrics } from './outbox-connector.metrics';
import type { ConnectorStatusReader } from './outbox-connector.reader';

const status = (connector: string, tasks: string[]): ConnectorStatus =>
  ({
    name: 'payments-outbox',
    connector: { state: connector, worker_id: 'w' },
    tasks: tasks.map((state, id) => ({ id, state, worker_id: 'w' })),
  }) as ConnectorStatus;

const scrape = async (readStatus: ConnectorStatusReader) => {
  const registry = new Registry();
  const warn = jest.fn();
  const logger = { warn, info: jest.fn(), error: jest.fn(), debug: jest.fn() } as unknown as Logger;
  registerOutboxConnectorMetrics({ registry, connector: 'payments-outbox', readStatus, logger });
  return { text: await registry.metrics(), warn };
};

describe('registerOutboxConnectorMetrics', () => {
  it('shows a connector whose tasks all run as up, with its tasks per state', async () => {
    const { text } = await scrape(() => Promise.resolve(status('RUNNING', ['RUNNING'])));
    expect(text).toContain('orderflow_outbox_connector_up{connector="payments-outbox"} 1');
    expect(text).toContain('orderflow_outbox_connector_tasks{connector="payments-outbox",state="RUNNING"} 1');
    expect(text).toContain('orderflow_outbox_connector_tasks{connector="payments-outbox",state="FAILED"} 0');
  });

  it('reads Connect once per scrape for both gauges, and shows a failed task as down', async () => {
    const readStatus = jest.fn(() => Promise.resolve(status('RUNNING', ['FAILED'])));
    const { text } = await scrape(readStatus);
    expect(readStatus).toHaveBeenCalledTimes(1);
    expect(text).toContain('orderflow_outbox_connector_up{connector="payments-outbox"} 0');
    expect(text).toContain('orderflow_outbox_connector_tasks{connector="payments-outbox",state="FAILED"} 1');
  });

  it('shows a deleted connector as down with no tasks', async () => {
    const { text } = await scrape(() => Promise.resolve(undefined));
    expect(text).toContain('orderflow_outbox_connector_up{connector="payments-outbox"} 0');
    expect(text).toContain('orderflow_outbox_connector_tasks{connector="payments-outbox",state="RUNNING"} 0');
  });

  it('answers the scrape without series when Connect does not, and says why in the log', async () => {
    const { text, warn } = await scrape(() => Promise.reject(new Error('timed out')));
    expect(text).not.toMatch(/orderflow_outbox_connector_(up|tasks)\{/);
    expect(warn).toHaveBeenCalledWith('metrics.outbox-connector.unavailable', expect.anything());
  });
});
