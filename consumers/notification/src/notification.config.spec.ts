import { join } from 'node:path';

import { projectPaths } from '@orderflow/config';
import { isOrderflowError } from '@orderflow/errors';

import { NOTIFICATION_DEFAULTS, readNotificationSettings } from './notification.config';

const failureOf = (env: Record<string, string>): unknown => {
  try {
    readNotificationSettings(env);
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('readNotificationSettings', () => {
  it('defaults to the file sink under the stack folder, e-mail, 45 days of records', () => {
    expect(readNotificationSettings({})).toEqual({
      sender: NOTIFICATION_DEFAULTS.sender,
      sinkFile: join(projectPaths().stackDir, 'notifications.jsonl'),
      channel: 'EMAIL',
      recordTtlDays: 45,
    });
  });

  it('reads every variable', () => {
    expect(
      readNotificationSettings({
        NOTIFICATION_SENDER: 'log',
        NOTIFICATION_SINK_FILE: '/tmp/x.jsonl',
        NOTIFICATION_CHANNEL: 'PUSH',
        NOTIFICATION_RECORD_TTL_DAYS: '60',
      }),
    ).toEqual({ sender: 'log', sinkFile: '/tmp/x.jsonl', channel: 'PUSH', recordTtlDays: 60 });
  });

  it.each([
    ['NOTIFICATION_SENDER', 'smtp'],
    ['NOTIFICATION_CHANNEL', 'SMS'],
    ['NOTIFICATION_RECORD_TTL_DAYS', '0'],
  ])('names the bad key %s', (key, value) => {
    const error = failureOf({ [key]: value });
    expect(isOrderflowError(error, 'CONFIG_INVALID')).toBe(true);
    expect((error as Error).message).toContain(key);
  });
});
