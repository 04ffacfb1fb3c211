import { isOrderflowError } from '@orderflow/errors';

import { ANALYTICS_DEFAULTS, readAnalyticsSettings } from './analytics.config';

describe('readAnalyticsSettings', () => {
  it('defaults the state TTL', () => {
    expect(readAnalyticsSettings({})).toEqual({ stateTtlDays: ANALYTICS_DEFAULTS.stateTtlDays });
  });

  it('reads the state TTL in days', () => {
    expect(readAnalyticsSettings({ ANALYTICS_STATE_TTL_DAYS: '60' })).toEqual({ stateTtlDays: 60 });
  });

  it('names the bad key', () => {
    let thrown: unknown;
    try {
      readAnalyticsSettings({ ANALYTICS_STATE_TTL_DAYS: 'soon' });
    } catch (error) {
      thrown = error;
    }
    expect(isOrderflowError(thrown, 'CONFIG_INVALID')).toBe(true);
    expect((thrown as Error).message).toContain('ANALYTICS_STATE_TTL_DAYS');
  });
});
