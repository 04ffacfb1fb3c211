import { isOrderflowError } from '@orderflow/errors';

import { readInventoryConfig } from './inventory.config';

const connection = {
  KAFKA_BROKERS: '127.0.0.1:19092',
  SCHEMA_REGISTRY_URL: 'http://127.0.0.1:18081/apis/ccompat/v7',
  REDIS_URL: 'redis://127.0.0.1:16379',
};

describe('readInventoryConfig', () => {
  it('defaults: group inventory on port 3101, reservation records kept 35 days', () => {
    const config = readInventoryConfig(connection);
    expect(config.runtime).toMatchObject({ service: 'inventory', group: 'inventory', httpPort: 3101 });
    expect(config.reservationTtlSeconds).toBe(35 * 24 * 3600);
  });

  it('takes the topic prefix, port and TTL from the environment', () => {
    const config = readInventoryConfig({
      ...connection,
      ORDERFLOW_TOPIC_PREFIX: 't-1.',
      INVENTORY_PORT: '0',
      INVENTORY_RESERVATION_TTL_SECONDS: '60',
    });
    expect(config.runtime).toMatchObject({ topicPrefix: 't-1.', httpPort: 0 });
    expect(config.reservationTtlSeconds).toBe(60);
  });

  it('stops the boot naming the bad key', () => {
    let thrown: unknown;
    try {
      readInventoryConfig({ ...connection, INVENTORY_RESERVATION_TTL_SECONDS: 'soon' });
    } catch (error) {
      thrown = error;
    }
    expect(isOrderflowError(thrown, 'CONFIG_INVALID')).toBe(true);
    expect(thrown).toMatchObject({ context: { key: 'INVENTORY_RESERVATION_TTL_SECONDS', value: 'soon' } });
  });
});
