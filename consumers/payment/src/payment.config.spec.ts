import { isOrderflowError } from '@orderflow/errors';

import { readPaymentConfig } from './payment.config';

const connection = {
  KAFKA_BROKERS: '127.0.0.1:19092',
  SCHEMA_REGISTRY_URL: 'http://127.0.0.1:18081/apis/ccompat/v7',
  REDIS_URL: 'redis://127.0.0.1:16379',
  DATABASE_URL: 'postgres://orderflow@127.0.0.1:15432/orderflow',
};

const configError = (env: Record<string, string>): unknown => {
  try {
    readPaymentConfig({ ...connection, ...env });
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('readPaymentConfig', () => {
  it('defaults: group payment on port 3102, simulated gateway 20 ms, 10% failures, no seed', () => {
    const config = readPaymentConfig(connection);
    expect(config.runtime).toMatchObject({ service: 'payment', group: 'payment', httpPort: 3102 });
    expect(config.gateway).toEqual({ latencyMs: 20, failureRate: 0.1, seed: undefined });
    expect(config.database).toEqual({ url: connection.DATABASE_URL, poolSize: 10 });
  });

  it('takes the gateway settings, port and prefix from the environment', () => {
    const config = readPaymentConfig({
      ...connection,
      ORDERFLOW_TOPIC_PREFIX: 't-1.',
      PAYMENT_PORT: '0',
      PAYMENT_LATENCY_MS: '0',
      PAYMENT_FAILURE_RATE: '1',
      PAYMENT_SEED: 'demo',
      PAYMENT_DATABASE_POOL_SIZE: '4',
      PAYMENT_CHARGE_JOURNAL: '/tmp/charges.jsonl',
    });
    expect(config.runtime).toMatchObject({ topicPrefix: 't-1.', httpPort: 0 });
    expect(config.gateway).toEqual({
      latencyMs: 0,
      failureRate: 1,
      seed: 'demo',
      chargeJournal: '/tmp/charges.jsonl',
    });
    expect(config.database.poolSize).toBe(4);
  });

  it.each([
    ['PAYMENT_FAILURE_RATE', '1.5'],
    ['PAYMENT_FAILURE_RATE', 'often'],
    ['PAYMENT_LATENCY_MS', '-5'],
    ['PAYMENT_DATABASE_POOL_SIZE', '0'],
    ['PAYMENT_PORT', '70000'],
  ])('stops the boot naming the bad key %s=%s', (key, value) => {
    const error = configError({ [key]: value });
    expect(isOrderflowError(error, 'CONFIG_INVALID')).toBe(true);
    expect(error).toMatchObject({ context: { key, value } });
  });

  it('stops the boot when DATABASE_URL is not a postgres:// URL', () => {
    const error = configError({ DATABASE_URL: 'mysql://127.0.0.1/orderflow' });
    expect(isOrderflowError(error, 'CONFIG_INVALID')).toBe(true);
    expect(error).toMatchObject({ context: { key: 'DATABASE_URL' } });
  });

  it('stops the boot when the simulated charge takes longer than the handler deadline (F7)', () => {
    const error = configError({ PAYMENT_LATENCY_MS: '20000' });
    expect(isOrderflowError(error, 'CONFIG_INVALID')).toBe(true);
    expect((error as Error).message).toContain('CONSUMER_HANDLER_DEADLINE_MS (10000)');
    expect(
      readPaymentConfig({
        ...connection,
        PAYMENT_LATENCY_MS: '20000',
        CONSUMER_HANDLER_DEADLINE_MS: '25000',
        IDEMPOTENCY_LEASE_MS: '30000',
        CONSUMER_SESSION_TIMEOUT_MS: '60000',
      }).gateway.latencyMs,
    ).toBe(20_000);
  });
});
