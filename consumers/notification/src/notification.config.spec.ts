import { join } from 'node:path';

import { projectPaths } from '@orderflow/config';
import { isOrderflowError } from '@orderflow/errors';

import { readNotificationConfig, type NotificationConfig } from './notification.config';

const connection = {
  KAFKA_BROKERS: '127.0.0.1:19092',
  SCHEMA_REGISTRY_URL: 'http://127.0.0.1:18081/apis/ccompat/v7',
  REDIS_URL: 'redis://127.0.0.1:16379',
  AMQP_URL: 'amqp://guest:guest@127.0.0.1:16672',
};

const settingsOf = (
  env: Record<string, string>,
): Omit<NotificationConfig, 'runtime' | 'amqpUrl' | 'jobConfirmTimeoutMs'> => {
  const { sender, sinkFile, channel, recordTtlDays, orderService } = readNotificationConfig({
    ...connection,
    ...env,
  });
  return { sender, sinkFile, channel, recordTtlDays, orderService };
};

const failureOf = (env: Record<string, string>): unknown => {
  try {
    readNotificationConfig({ ...connection, ...env });
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('readNotificationConfig', () => {
  it('defaults to the file sink under the stack folder, e-mail, 45 days of records', () => {
    expect(settingsOf({})).toEqual({
      sender: 'file',
      sinkFile: join(projectPaths().stackDir, 'notifications.jsonl'),
      channel: 'EMAIL',
      recordTtlDays: 45,
      orderService: { address: '127.0.0.1:50051', deadlineMs: 3_000 },
    });
  });

  it('calls the order service on the port order-api reads, unless told an address', () => {
    expect(settingsOf({ ORDER_GRPC_PORT: '61151' }).orderService.address).toBe('127.0.0.1:61151');
    expect(
      settingsOf({ ORDER_GRPC_PORT: '61151', ORDER_SERVICE_ADDRESS: 'orders:7000' }).orderService.address,
    ).toBe('orders:7000');
  });

  it('keeps the default order service deadline below a shorter handler deadline', () => {
    expect(settingsOf({ CONSUMER_HANDLER_DEADLINE_MS: '2000' }).orderService.deadlineMs).toBe(1200);
  });

  it('refuses an order service deadline the handler deadline would cut short', () => {
    const error = failureOf({ NOTIFICATION_ORDER_SERVICE_DEADLINE_MS: '10000' });
    expect(isOrderflowError(error, 'CONFIG_INVALID')).toBe(true);
    expect((error as Error).message).toContain('NOTIFICATION_ORDER_SERVICE_DEADLINE_MS');
  });

  it('reads every variable', () => {
    expect(
      settingsOf({
        NOTIFICATION_SENDER: 'log',
        NOTIFICATION_SINK_FILE: '/tmp/x.jsonl',
        NOTIFICATION_CHANNEL: 'PUSH',
        NOTIFICATION_RECORD_TTL_DAYS: '60',
        ORDER_SERVICE_ADDRESS: '10.0.0.7:50051',
        NOTIFICATION_ORDER_SERVICE_DEADLINE_MS: '2000',
      }),
    ).toEqual({
      sender: 'log',
      sinkFile: '/tmp/x.jsonl',
      channel: 'PUSH',
      recordTtlDays: 60,
      orderService: { address: '10.0.0.7:50051', deadlineMs: 2000 },
    });
  });

  it.each([
    ['NOTIFICATION_SENDER', 'smtp'],
    ['NOTIFICATION_CHANNEL', 'SMS'],
    ['NOTIFICATION_RECORD_TTL_DAYS', '0'],
    ['ORDER_SERVICE_ADDRESS', 'no-port'],
  ])('names the bad key %s', (key, value) => {
    const error = failureOf({ [key]: value });
    expect(isOrderflowError(error, 'CONFIG_INVALID')).toBe(true);
    expect((error as Error).message).toContain(key);
  });
});
