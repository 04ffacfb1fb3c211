import { isOrderflowError } from '@orderflow/errors';

import { consumerTimingProblems, readRuntimeConfig } from './runtime-config';

const identity = { service: 'probe', group: 'probe', portVariable: 'PROBE_PORT', defaultPort: 0 };
// Connection settings are read too; any well-formed ones do (nothing connects).
const connection = {
  KAFKA_BROKERS: '127.0.0.1:9092',
  SCHEMA_REGISTRY_URL: 'http://127.0.0.1:8081',
  REDIS_URL: 'redis://127.0.0.1:6379',
};
const read = (env: Record<string, string>) => readRuntimeConfig(identity, { ...connection, ...env });

const configError = (env: Record<string, string>): unknown => {
  try {
    read(env);
  } catch (error) {
    return error;
  }
  throw new Error('expected the boot to stop');
};

describe('consumer timings validated at start (F7)', () => {
  it('accepts the defaults: a 15 s lease, a 30 s session, a 10 s handler deadline', () => {
    expect(read({}).consumer).toMatchObject({
      leaseMs: 15_000,
      sessionTimeoutMs: 30_000,
      handlerDeadlineMs: 10_000,
      unknownSchemaRetries: 3,
      unknownSchemaRetryMs: 10_000,
    });
  });

  it('derives the handler deadline from the lease when unset, so a short lease stays valid', () => {
    expect(
      read({ IDEMPOTENCY_LEASE_MS: '2000', CONSUMER_SESSION_TIMEOUT_MS: '6000' }).consumer.handlerDeadlineMs,
    ).toBe(1_333);
  });

  it('stops the boot naming both keys when the lease is more than half the session', () => {
    const error = configError({ IDEMPOTENCY_LEASE_MS: '20000', CONSUMER_SESSION_TIMEOUT_MS: '30000' });
    expect(isOrderflowError(error, 'CONFIG_INVALID')).toBe(true);
    expect((error as Error).message).toContain('IDEMPOTENCY_LEASE_MS (20000)');
    expect((error as Error).message).toContain('CONSUMER_SESSION_TIMEOUT_MS (30000)');
  });

  it('stops the boot naming both keys when the handler deadline is not below the lease', () => {
    const error = configError({ IDEMPOTENCY_LEASE_MS: '15000', CONSUMER_HANDLER_DEADLINE_MS: '15000' });
    expect(isOrderflowError(error, 'CONFIG_INVALID')).toBe(true);
    expect((error as Error).message).toContain('CONSUMER_HANDLER_DEADLINE_MS (15000)');
    expect((error as Error).message).toContain('IDEMPOTENCY_LEASE_MS (15000)');
  });

  it('reports every timing problem at once', () => {
    expect(
      consumerTimingProblems({ leaseMs: 20_000, sessionTimeoutMs: 30_000, handlerDeadlineMs: 25_000 }),
    ).toHaveLength(2);
    expect(
      consumerTimingProblems({ leaseMs: 15_000, sessionTimeoutMs: 30_000, handlerDeadlineMs: 14_999 }),
    ).toEqual([]);
  });
});

describe('fail points (ORDERFLOW_FAILPOINTS, tests only)', () => {
  it('are off by default, and a service keeps only its own', () => {
    expect(read({}).failPoints).toEqual([]);
    expect(
      read({ ORDERFLOW_FAILPOINTS: 'inventory:after-publish:kill@0.5,probe:handler:throw@2' }).failPoints,
    ).toEqual([{ service: 'probe', step: 'handler', action: { kind: 'throw', times: 2 } }]);
  });

  it('stop the boot when malformed, even when meant for another service', () => {
    expect(
      isOrderflowError(configError({ ORDERFLOW_FAILPOINTS: 'inventory:nowhere:kill@1' }), 'CONFIG_INVALID'),
    ).toBe(true);
  });
});

describe('schema versions (ORDERFLOW_SCHEMA_VERSIONS)', () => {
  it('pin nothing by default, and a topic to a version when set', () => {
    expect(read({}).schemaVersions).toEqual({});
    expect(read({ ORDERFLOW_SCHEMA_VERSIONS: 'order.created=1' }).schemaVersions).toEqual({
      'order.created': 1,
    });
  });

  it('stop the boot naming the setting when malformed', () => {
    expect(() => read({ ORDERFLOW_SCHEMA_VERSIONS: 'order.created:1' })).toThrow(
      'ORDERFLOW_SCHEMA_VERSIONS entry "order.created:1" is not <topic>=<version>',
    );
  });
});
