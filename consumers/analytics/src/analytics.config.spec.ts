import { isOrderflowError } from '@orderflow/errors';

import { readAnalyticsConfig } from './analytics.config';

const connection = {
  KAFKA_BROKERS: '127.0.0.1:19092',
  SCHEMA_REGISTRY_URL: 'http://127.0.0.1:18081/apis/ccompat/v7',
  REDIS_URL: 'redis://127.0.0.1:16379',
};

describe('readAnalyticsConfig', () => {
  it('defaults: group analytics on port 3104, state kept 40 days', () => {
    const config = readAnalyticsConfig(connection);
    expect(config.runtime).toMatchObject({ service: 'analytics', group: 'analytics', httpPort: 3104 });
    expect(config.stateTtlDays).toBe(40);
  });

  it('reads the state TTL in days', () => {
    expect(readAnalyticsConfig({ ...connection, ANALYTICS_STATE_TTL_DAYS: '60' }).stateTtlDays).toBe(60);
  });

  it('names the bad key', () => {
    let thrown: unknown;
    try {
      readAnalyticsConfig({ ...connection, ANALYTICS_STATE_TTL_DAYS: 'soon' });
    } catch (error) {
      thrown = error;
    }
    expect(isOrderflowError(thrown, 'CONFIG_INVALID')).toBe(true);
    expect((thrown as Error).message).toContain('ANALYTICS_STATE_TTL_DAYS');
  });
});
