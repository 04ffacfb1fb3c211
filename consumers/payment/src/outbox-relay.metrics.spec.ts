import { Registry } from 'prom-client';

import type { Logger } from '@orderflow/logging';
import type { RelaySlotSample } from '@orderflow/postgres';

import { registerOutboxRelayMetrics } from './outbox-relay.metrics';

const scrape = async (readSlots: () => Promise<RelaySlotSample[]>) => {
  const registry = new Registry();
  const warn = jest.fn();
  const logger = { warn, info: jest.fn(), error: jest.fn(), debug: jest.fn() } as unknown as Logger;
  registerOutboxRelayMetrics({ registry, readSlots, logger });
  return { text: await registry.metrics(), warn };
};

describe('registerOutboxRelayMetrics', () => {
  it("exposes each slot's unconfirmed WAL and whether the relay streams it, read on the scrape", async () => {
    const { text } = await scrape(() =>
      Promise.resolve([{ slotName: 'orderflow_outbox', active: true, lagBytes: 1234 }]),
    );
    expect(text).toContain('orderflow_outbox_slot_lag_bytes{slot="orderflow_outbox"} 1234');
    expect(text).toContain('orderflow_outbox_slot_active{slot="orderflow_outbox"} 1');
  });

  it('reads the database once per scrape for both gauges, and shows a slot nobody reads as 0', async () => {
    const readSlots = jest.fn(() => Promise.resolve([{ slotName: 'idle', active: false, lagBytes: 0 }]));
    const { text } = await scrape(readSlots);
    expect(readSlots).toHaveBeenCalledTimes(1);
    expect(text).toContain('orderflow_outbox_slot_active{slot="idle"} 0');
  });

  it('answers the scrape without series when the database does not, and says why in the log', async () => {
    const { text, warn } = await scrape(() => Promise.reject(new Error('timed out')));
    expect(text).not.toMatch(/orderflow_outbox_slot_lag_bytes\{/);
    expect(warn).toHaveBeenCalledWith('metrics.outbox-slot.unavailable', expect.anything());
  });
});
